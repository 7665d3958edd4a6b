import LBCore
import LBRunKit
import LBRuntime
import LBTesting
import Testing

/// lbrun's Swift API: boot an app in process and call a model's methods by name, without HTTP.
@Suite("Swift API")
struct SwiftAPITests {
    @Test("boot, create, find, findOne, findById, count, updateAll and deleteById on a model by name")
    func crud() async throws {
        let directory = try TemporaryApp(minimalApp([
            "common/models/note.json": #"{ "name": "Note", "properties": { "title": { "type": "string", "required": true }, "done": { "type": "boolean", "default": false } } }"#
        ]))
        let app = try await LBRun.boot(appDirectory: directory.path, environment: "production", variables: [:])
        let notes = try app.model("Note")
        let first = try await notes.create(["title": "write docs"] as JSONValue)
        #expect(first == ["title": "write docs", "done": false, "id": 1])
        _ = try await notes.create(["title": "ship", "done": true] as JSONValue)
        #expect(try await notes.find(filter: ["where": ["done": false]]).map { $0["title"] } == ["write docs"])
        #expect(try await notes.findOne(filter: ["order": "id DESC"])?["title"] == "ship")
        #expect(try await notes.findById(1)?["title"] == "write docs")
        #expect(try await notes.count(where: ["done": true]) == 1)
        #expect(try await notes.updateAll(where: ["done": false], ["done": true]) == 1)
        #expect(try await notes.deleteById(2) == 1)
        #expect(try await notes.count() == 1)
        await #expect(throws: LoopBackError.self) { try await notes.create(["done": true] as JSONValue) }
        #expect(throws: LoopBackError.self) { try app.model("Nope") }
        await app.shutdown()
    }

    @Test("boot reports configuration errors with their diagnostics")
    func compileFailure() async throws {
        let directory = try TemporaryApp(minimalApp(["server/datasources.json": #"{ "db": { "connector": "memroy" } }"#]))
        do {
            _ = try await LBRun.boot(appDirectory: directory.path, variables: [:])
            Issue.record("boot should fail")
        } catch let failure as CompileFailure {
            #expect(failure.diagnostics.errors.first?.code == "datasource.unknown-connector")
        }
    }
}
