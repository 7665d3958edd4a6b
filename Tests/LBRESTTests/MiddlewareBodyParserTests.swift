import HTTPTypes
import LBCore
import NIOCore
import Testing

/// body-parser 1.x in the `parse` phase (boot-and-config.md §9.4): limits, strict JSON, type
/// matching; errors rendered by strong-error-handler. `loopback#status` at `/status` stands for a
/// non-REST route; the REST API behind the parser still gets the body intact.
@Suite("Middleware: body-parser")
struct MiddlewareBodyParserTests {
    /// `ref` in `parse` with `params` (JSON), and `loopback#status` at `/status`.
    func parser(_ ref: String, _ params: String? = nil) -> String {
        chain("""
            "parse": { "\(ref)": \(params.map { "{ \"params\": \($0) }" } ?? "{}") },
            "routes:after": { "loopback#status": { "paths": "/status" } }
            """)
    }

    static let tooLarge = errorBody(413, "request entity too large", name: "PayloadTooLargeError")

    /// A JSON object of about `size` bytes.
    func json(_ size: Int) -> String { #"{"name":""# + filler(size - 12) + #""}"# }

    func post(_ server: MiddlewareServer, _ path: String, _ body: String, type: String) async throws -> Reply {
        try await server.client.request(.post, path, body: body, headers: [.contentType: type])
    }

    @Test("body-parser#json {limit: 1kb}: a larger body is 413 request entity too large; a smaller one passes", arguments: ["body-parser#json", "loopback#json"])
    func jsonLimit(ref: String) async throws {
        try await withMiddleware(parser(ref, #"{ "limit": "1kb" }"#)) { server async throws in
            let big = try await server.client.post("/status", json(2000))
            #expect(big.status == 413)
            #expect(big.json == Self.tooLarge)
            let small = try await server.client.post("/status", json(900))
            #expect(small.status == 200)
            #expect(small.json?["uptime"] != nil)
        }
    }

    @Test("body-parser#json: the default limit is 100kb")
    func jsonDefaultLimit() async throws {
        try await withMiddleware(parser("body-parser#json")) { server async throws in
            #expect(try await server.client.post("/status", json(90_000)).status == 200)
            let big = try await server.client.post("/status", json(110_000))
            #expect(big.status == 413)
            #expect(big.json == Self.tooLarge)
        }
    }

    @Test("body-parser#json in front of the REST API: its limit applies there too; a body within it creates the record intact")
    func jsonBeforeRest() async throws {
        try await withMiddleware(parser("body-parser#json", #"{ "limit": "1kb" }"#)) { server async throws in
            let big = try await server.client.post("/api/Products", json(2000))
            #expect(big.status == 413)
            #expect(big.json == Self.tooLarge)
            let created = try await server.client.post("/api/Products", #"{"name":"Desk","price":12.5,"tags":["a","b"]}"#)
            #expect(created.status == 200)
            #expect(created.json == ["name": "Desk", "price": 12.5, "tags": ["a", "b"], "id": 1])
            #expect(try await server.client.get("/api/Products/1").json == ["name": "Desk", "price": 12.5, "tags": ["a", "b"], "id": 1])
            #expect(try await server.client.get("/api/Products/count").json == ["count": 1])
        }
    }

    @Test("body-parser#json: invalid JSON is 400 SyntaxError")
    func invalidJSON() async throws {
        try await withMiddleware(parser("body-parser#json")) { server async throws in
            for body in [#"{"name":"#, "{name:1}", #"{"a":1,}"#] {
                let reply = try await server.client.post("/status", body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.error("statusCode") == 400, "\(body)")
                #expect(reply.error("name") == "SyntaxError", "\(body)")
            }
        }
    }

    @Test("body-parser#json: a body that is not valid UTF-8 is 400 BadRequestError, never parsed with replacement characters")
    func invalidUTF8() async throws {
        try await withMiddleware(parser("body-parser#json")) { server async throws in
            let body = Array(#"{"name":""#.utf8) + [0xFF, 0xC3] + Array(#""}"#.utf8)
            let reply = try await server.client.send(.post, "/api/Products", headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
            #expect(reply.status == 400)
            #expect(reply.error("name") == "BadRequestError")
            #expect(reply.error("message") == "request body is not valid UTF-8")
            #expect(try await server.client.get("/api/Products/count").json == ["count": 0])
        }
    }

    @Test("body-parser#json: strict (the default) rejects a top-level value that is not an object or array; strict: false accepts it")
    func strict() async throws {
        try await withMiddleware(parser("body-parser#json")) { server async throws in
            for body in [#""abc""#, "123", "true", "null"] {
                let reply = try await server.client.post("/status", body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.error("name") == "SyntaxError", "\(body)")
            }
            #expect(try await server.client.post("/status", "[1,2]").status == 200)
        }
        try await withMiddleware(parser("body-parser#json", #"{ "strict": false }"#)) { server async throws in
            for body in [#""abc""#, "123", "true", "null"] {
                let reply = try await server.client.post("/status", body)
                #expect(reply.status == 200, "\(body)")
            }
        }
    }

    @Test("body-parser#json: a body of another content type passes untouched")
    func otherType() async throws {
        try await withMiddleware(parser("body-parser#json", #"{ "limit": "1kb" }"#)) { server async throws in
            let text = try await post(server, "/status", "{{{ not json " + filler(3000), type: "text/plain")
            #expect(text.status == 200)
            #expect(text.json?["uptime"] != nil)
        }
    }

    @Test("body-parser#json {type}: only that content type is parsed")
    func customType() async throws {
        try await withMiddleware(parser("body-parser#json", #"{ "type": "application/vnd.api+json" }"#)) { server async throws in
            let parsed = try await post(server, "/status", "{bad", type: "application/vnd.api+json")
            #expect(parsed.status == 400)
            #expect(parsed.error("name") == "SyntaxError")
            let skipped = try await post(server, "/status", "{bad", type: "application/json")
            #expect(skipped.status == 200)
        }
    }

    @Test("body-parser#urlencoded {limit}: 413 over it")
    func urlencodedLimit() async throws {
        try await withMiddleware(parser("body-parser#urlencoded", #"{ "extended": false, "limit": "1kb" }"#)) { server async throws in
            let big = try await post(server, "/status", "a=" + filler(2000), type: "application/x-www-form-urlencoded")
            #expect(big.status == 413)
            #expect(big.json == Self.tooLarge)
            #expect(try await post(server, "/status", "a=1&b=2", type: "application/x-www-form-urlencoded").status == 200)
        }
    }

    @Test("body-parser#urlencoded {parameterLimit}: more parameters is 413 too many parameters")
    func parameterLimit() async throws {
        try await withMiddleware(parser("body-parser#urlencoded", #"{ "extended": true, "parameterLimit": 2 }"#)) { server async throws in
            let reply = try await post(server, "/status", "a=1&b=2&c=3", type: "application/x-www-form-urlencoded")
            #expect(reply.status == 413)
            #expect(reply.json == errorBody(413, "too many parameters", name: "PayloadTooLargeError"))
            #expect(try await post(server, "/status", "a=1&b=2", type: "application/x-www-form-urlencoded").status == 200)
        }
    }

    @Test("body-parser#text {limit}: 413 over it; other types pass")
    func textLimit() async throws {
        try await withMiddleware(parser("body-parser#text", #"{ "limit": "1kb" }"#)) { server async throws in
            let big = try await post(server, "/status", filler(2000), type: "text/plain")
            #expect(big.status == 413)
            #expect(big.json == Self.tooLarge)
            #expect(try await post(server, "/status", filler(500), type: "text/plain").status == 200)
            #expect(try await post(server, "/status", json(2000), type: "application/json").status == 200)
        }
    }

    @Test("body-parser#raw {limit}: 413 over it")
    func rawLimit() async throws {
        try await withMiddleware(parser("body-parser#raw", #"{ "limit": "1kb" }"#)) { server async throws in
            let big = try await post(server, "/status", filler(2000), type: "application/octet-stream")
            #expect(big.status == 413)
            #expect(big.json == Self.tooLarge)
            #expect(try await post(server, "/status", filler(500), type: "application/octet-stream").status == 200)
        }
    }

    @Test("A limit error declared by Content-Length is answered without reading the body, and the server goes on")
    func declaredLength() async throws {
        try await withMiddleware(parser("body-parser#json", #"{ "limit": "1kb" }"#)) { server async throws in
            let reply = try #require(try await server.raw(
                "POST /status HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n{\"a\":"))
            #expect(reply.status == 413)
            #expect(reply.json == Self.tooLarge)
            #expect(try await server.client.get("/status").status == 200)
        }
    }
}
