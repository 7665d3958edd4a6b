import HTTPTypes
import LBCore
import NIOCore
import Testing

/// Input no database can take as it is — invalid UTF-8, numbers beyond a double, very long and
/// NUL-carrying strings — over HTTP on every connector: a clear 4xx (or a faithful round trip),
/// never a 5xx, and nothing half-written.
@Suite("REST: hostile input on every connector")
struct HostileInputTests {
    /// Sends `bytes` as a JSON body.
    func send(_ client: Client, _ method: HTTPRequest.Method, _ path: String, bytes: [UInt8]) async throws -> Reply {
        try await client.send(method, path, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: bytes))
    }

    @Test("Invalid UTF-8 in a body: 400, nothing written", arguments: TestConnector.allCases)
    func invalidUTF8Body(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let bodies: [[UInt8]] = [
                Array(#"{"name":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8),
                Array(#"{"name":"a"#.utf8) + [0xC3] + Array(#""}"#.utf8),  // a truncated two-byte sequence
                Array(#"{"name":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),  // an encoded surrogate
                Array(#"[{"name":"ok"},{"name":""#.utf8) + [0xC0, 0xAF] + Array(#""}]"#.utf8),  // overlong, in a bulk create
            ]
            for body in bodies {
                let reply = try await send(client, .post, "/api/Products", bytes: body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.json == errorBody(400, "request body is not valid UTF-8", name: "BadRequestError"))
            }
            let created = try await client.post("/api/Products", #"{"name":"kept"}"#)
            #expect(created.status == 200)
            let patch = try await send(client, .patch, "/api/Products/1", bytes: Array(#"{"name":""#.utf8) + [0xFF] + Array(#""}"#.utf8))
            #expect(patch.status == 400)
            #expect(try await client.get("/api/Products/count").json == ["count": 1])
            #expect(try await client.get("/api/Products/1").json?["name"] == "kept")
        }
    }

    @Test("Invalid UTF-8 in a filter: never a 5xx, nothing matched by accident", arguments: TestConnector.allCases)
    func invalidUTF8Filter(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            for path in [
                "/api/Products?filter=%7B%22where%22%3A%7B%22name%22%3A%22%FF%22%7D%7D",
                "/api/Products?filter[where][name]=%C3",
                "/api/Products/count?where=%7B%22name%22%3A%22%ED%A0%80%22%7D",
            ] {
                let reply = try await client.get(path)
                #expect(reply.status == 200 || reply.status == 400, "\(path): \(reply.status) \(reply.text)")
                if reply.status == 200 {
                    #expect(reply.json == [] || reply.json == ["count": 0], "\(path)")
                }
            }
        }
    }

    @Test("Numbers beyond a double: 400, nothing written", arguments: TestConnector.allCases)
    func numericOverflow(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for body in [#"{"name":"a","price":1e400}"#, #"{"name":"a","price":-1e999}"#, #"[{"name":"b"},{"name":"a","price":1e400}]"#] {
                let reply = try await client.post("/api/Products", body)
                #expect((400..<500).contains(reply.status), "\(body): \(reply.status)")
            }
            #expect(try await client.get("/api/Products/count").json == ["count": 0])
            let largest = try await client.post("/api/Products", #"{"name":"max","price":1.7976931348623157e308}"#)
            #expect(largest.status == 200)
            #expect(try await client.get("/api/Products/1").json?["price"] == .number(1.7976931348623157e308))
            let filter = try await client.get(filtered(#"{"where":{"price":{"gt":1e400}}}"#))
            #expect(filter.status == 400 || filter.json == [], "\(filter.status) \(filter.text)")
        }
    }

    @Test("Long strings round-trip and match in a filter", arguments: TestConnector.allCases)
    func longStrings(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let long = String(repeating: "ü€𝄞", count: 9_000)  // 81,000 UTF-8 bytes, under the 100kb limit
            let created = try await client.post("/api/Products", JSONValue.object(["name": .string(long)]).jsonText)
            #expect(created.status == 200)
            #expect(try await client.get("/api/Products/1").json?["name"] == .string(long))
            // A filter travels in the URL, where servers allow a few kilobytes.
            let prefix = String(long.prefix(300))
            _ = try await client.post("/api/Products", JSONValue.object(["name": .string(prefix)]).jsonText)
            let found = try await client.get(filtered(JSONValue.object(["where": ["name": .string(prefix)]]).jsonText))
            #expect(ids(found) == [2])
            #expect(try await client.get("/api/Products/count").json == ["count": 2])
        }
    }

    @Test("NUL in a string: stored faithfully or refused with a 400, never half-written", arguments: TestConnector.allCases)
    func nulBytes(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"{"name":"a\u0000b","tags":["x\u0000"]}"#)
            switch reply.status {
            case 200: #expect(try await client.get("/api/Products/1").json?["name"] == "a\u{0}b")
            case 400: #expect(try await client.get("/api/Products/count").json == ["count": 0])
            default: Issue.record("NUL: \(reply.status) \(reply.text)")
            }
            let where_ = try await client.get(filtered(#"{"where":{"name":"\u0000"}}"#))
            #expect(where_.status == 200 || where_.status == 400, "\(where_.status) \(where_.text)")
        }
    }
}
