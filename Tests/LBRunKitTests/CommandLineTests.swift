import Foundation
import LBTesting
import Testing

/// The `lbrun` binary as users run it: output streams and exit codes.
@Suite("lbrun command line")
struct CommandLineTests {
    typealias Run = LBRunCLI.Run

    func lbrun(_ arguments: String...) throws -> Run {
        try LBRunCLI.run(arguments)
    }

    func lbrun(_ arguments: [String]) throws -> Run {
        try LBRunCLI.run(arguments)
    }

    @Test("validate exits 0 on a valid app")
    func validApp() throws {
        let app = try TemporaryApp(minimalApp())
        let run = try lbrun("validate", app.path)
        #expect(run.status == 0)
        #expect(run.stdout.contains("no problems found"))
    }

    @Test("validate exits 1 and prints file:line:col on an invalid app")
    func invalidApp() throws {
        let run = try lbrun("validate", Repository.invalidFixtures + "/unknown-base-model")
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown-base-model/common/models/note.json:3:11: error: model 'Note' extends unknown model 'PersitedModel' [model.unknown-base]"))
        #expect(run.stderr.contains("did you mean 'PersistedModel'?"))
    }

    @Test("validate --strict exits 1 on warnings")
    func strict() throws {
        #expect(try lbrun("validate", Repository.invalidFixtures + "/unresolved-variable").status == 0)
        #expect(try lbrun("validate", "--strict", Repository.invalidFixtures + "/unresolved-variable").status == 1)
    }

    @Test("validate --format json prints every diagnostic as JSON")
    func json() throws {
        let run = try lbrun("validate", "--format", "json", Repository.invalidFixtures + "/bad-acl-enum")
        #expect(run.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 2)
        #expect(items.first?["code"] as? String == "schema.enum")
        #expect(items.first?["line"] as? Int == 5)
        #expect((items.first?["file"] as? String)?.hasSuffix("bad-acl-enum/common/models/note.json") == true)
    }

    @Test("usage errors exit 2", arguments: [["validate"], ["validate", "--format", "xml", "."], ["--no-such-flag"]])
    func usage(_ arguments: [String]) throws {
        let run = try lbrun(arguments)
        #expect(run.status == 2)
        #expect(!run.stderr.isEmpty)
    }

    @Test("a missing app directory is an error, not a crash")
    func missingDirectory() throws {
        let run = try lbrun("validate", "/nonexistent/app")
        #expect(run.status == 1)
        #expect(run.stderr.contains("is not a directory"))
    }

    @Test("plan prints the resolved models as JSON")
    func plan() throws {
        let app = try TemporaryApp(minimalApp())
        let run = try lbrun("plan", app.path, "--model", "Note")
        #expect(run.status == 0)
        let model = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(model["httpPath"] as? String == "/Notes")
        let properties = try #require(model["properties"] as? [[String: Any]])
        #expect(properties.map { $0["name"] as? String } == ["title", "id"])
    }

    @Test("the environment overlay follows --env, then NODE_ENV")
    func environment() throws {
        let app = try TemporaryApp(minimalApp(["server/config.staging.json": #"{ "port": "not a port" }"#, "server/config.json": #"{ "port": 3000, "host": "0.0.0.0" }"#]))
        #expect(try lbrun("plan", app.path).stdout.contains("\"port\": 3000"))
        #expect(try lbrun("plan", "--env", "staging", app.path).stdout.contains("\"port\": \"not a port\""))
    }
}
