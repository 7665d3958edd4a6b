import LBCore
import Testing

@testable import LBREST

/// The runtime behaviour of the built-in mixins, over HTTP on every connector.
@Suite("Built-in mixins at run time")
struct MixinBehaviorTests {
    static let models = [
        "event.json": #"{ "name": "Event", "mixins": { "TimeStamp": true }, "properties": { "title": "string" } }"#,
        "memo.json": #"{ "name": "Memo", "mixins": { "SoftDelete": { "scrub": ["body"] } }, "properties": { "title": "string", "body": "string" } }"#,
        "rule.json": #"{ "name": "Rule", "mixins": { "ReadOnly": true }, "properties": { "title": "string" } }"#,
        "badge.json": #"{ "name": "Badge", "mixins": { "ReadOnly": { "level": true, "code": "createOnly" } }, "properties": { "title": "string", "level": "number", "code": "string" } }"#,
    ]
    static let config = ["Event": #"{ "dataSource": "db" }"#, "Memo": #"{ "dataSource": "db" }"#, "Rule": #"{ "dataSource": "db" }"#, "Badge": #"{ "dataSource": "db" }"#]

    @Test("TimeStamp sets createdAt on create and updatedAt on every write", arguments: TestConnector.allCases)
    func timeStamp(_ connector: TestConnector) async throws {
        try await withServer(productApp(models: Self.models, modelConfig: Self.config), connector: connector) { client in
            let created = try await client.post("/api/Events", #"{"title":"launch","updatedAt":"2000-01-01T00:00:00.000Z"}"#)
            #expect(created.status == 200)
            let createdAt = try #require(created.json?["createdAt"]?.stringValue)
            let updatedAt = try #require(created.json?["updatedAt"]?.stringValue)
            #expect(updatedAt != "2000-01-01T00:00:00.000Z", "the client's updatedAt is ignored")
            let patched = try await client.patch("/api/Events/1", #"{"title":"launched"}"#)
            #expect(patched.json?["createdAt"]?.stringValue == createdAt)
            #expect((patched.json?["updatedAt"]?.stringValue ?? "") >= updatedAt)
        }
    }

    @Test("SoftDelete turns deletes into updates that every read skips", arguments: TestConnector.allCases)
    func softDelete(_ connector: TestConnector) async throws {
        try await withServer(productApp(models: Self.models, modelConfig: Self.config), connector: connector) { client in
            _ = try await client.post("/api/Memos", #"{"title":"a","body":"secret"}"#)
            _ = try await client.post("/api/Memos", #"{"title":"b"}"#)
            #expect(try await client.delete("/api/Memos/1").json == ["count": 1])
            #expect(try await client.delete("/api/Memos/1").json == ["count": 0])
            #expect(try await client.get("/api/Memos/1").status == 404)
            #expect(try await client.get("/api/Memos/count").json == ["count": 1])
            #expect(try await client.get("/api/Memos").json?.arrayValue?.count == 1)
            #expect(try await client.get("/api/Memos/1/exists").json == ["exists": false])
            #expect(try await client.post("/api/Memos/update", #"{"title":"x"}"#).json == ["count": 1])
        }
    }

    @Test("ReadOnly refuses writes over REST, or strips the read-only properties", arguments: TestConnector.allCases)
    func readOnly(_ connector: TestConnector) async throws {
        try await withServer(productApp(models: Self.models, modelConfig: Self.config), connector: connector) { client in
            let refused = try await client.post("/api/Rules", #"{"title":"x"}"#)
            #expect(refused.status == 403)
            #expect(refused.error("message") == "Unable to update: Rule is read only.")
            #expect(try await client.get("/api/Rules").json == [])
            let badge = try await client.post("/api/Badges", #"{"title":"t","level":9,"code":"A1"}"#)
            #expect(badge.json == ["title": "t", "code": "A1", "id": 1])
            let patched = try await client.patch("/api/Badges/1", #"{"title":"u","level":3,"code":"B2"}"#)
            #expect(patched.json == ["title": "u", "code": "A1", "id": 1])
        }
    }
}
