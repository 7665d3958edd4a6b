import LBCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `connect-timeout` 1.x against a client that sends its body too slowly, and oversized request
/// headers: what the client sees, that nothing is written, and that the server is unharmed.
@Suite("Middleware: connect-timeout and oversized requests")
struct MiddlewareTimeoutTests {
    func timeout(_ params: String, debug: Bool = false) -> String {
        """
        { "initial": { "connect-timeout": { "params": \(params) } },
          "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
          "final": { "loopback#urlNotFound": {} },
          "final:after": { "strong-error-handler": { "params": { "debug": \(debug), "log": false } } } }
        """
    }

    /// POSTs a Product declaring `Content-Length: 100`, then sends one body byte every 300 ms (never
    /// all 100) until the server answers or 40 bytes have gone; returns the response, if any.
    func slowPost(_ server: MiddlewareServer) async throws -> RawReply? {
        let port = server.port
        return try await RawHTTP.offPool {
            let fd = try RawHTTP.connect(port: port)
            defer { close(fd) }
            let head = "POST /api/Products HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\nConnection: close\r\n\r\n{\"name\":\""
            RawHTTP.send(fd, Array(head.utf8))
            for _ in 0..<40 {
                if RawHTTP.readable(fd, within: 300) { break }
                if !RawHTTP.send(fd, [UInt8(ascii: "x")]) { break }
            }
            var wait = timeval(tv_sec: 3, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            return RawHTTP.read(fd)
        }
    }

    @Test(
        "A body slower than the timeout: 503 (production body), nothing created, the server answers afterwards",
        arguments: [#""1s""#, #"{ "time": 1000 }"#, #"["1s", { "respond": true }]"#])
    func slowBody(params: String) async throws {
        try await withMiddleware(timeout(params)) { server async throws in
            let reply = try #require(try await slowPost(server), "no response before the client gave up")
            #expect(reply.status == 503)
            #expect(reply.json == ["error": ["statusCode": 503, "message": "Service Unavailable"]], "\(reply.text)")
            #expect(try await server.client.get("/api/Products/count").json == ["count": 0])
            #expect(try await server.client.post("/api/Products", #"{"name":"Desk"}"#).status == 200)
        }
    }

    @Test("In debug mode the 503 shows connect-timeout's error: Response timeout, code ETIMEDOUT")
    func slowBodyDebug() async throws {
        try await withMiddleware(timeout(#""1s""#, debug: true)) { server async throws in
            let reply = try #require(try await slowPost(server))
            #expect(reply.status == 503)
            #expect(reply.error("statusCode") == 503)
            #expect(reply.error("message") == "Response timeout")
            #expect(reply.error("code") == "ETIMEDOUT")
            #expect(try await server.client.get("/api/Products/count").json == ["count": 0])
        }
    }

    @Test("safeFields: [\"code\"] keeps ETIMEDOUT in a production 503")
    func slowBodySafeCode() async throws {
        let middleware = #"""
            { "initial": { "connect-timeout": { "params": "1s" } },
              "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final:after": { "strong-error-handler": { "params": { "safeFields": ["code"], "log": false } } } }
            """#
        try await withMiddleware(middleware) { server async throws in
            let reply = try #require(try await slowPost(server))
            #expect(reply.status == 503)
            #expect(reply.json == ["error": ["statusCode": 503, "message": "Service Unavailable", "code": "ETIMEDOUT"]])
        }
    }

    @Test("Requests that finish in time are unaffected")
    func fastRequests() async throws {
        try await withMiddleware(timeout(#""5s""#)) { server async throws in
            #expect(try await server.client.post("/api/Products", #"{"name":"Desk"}"#).status == 200)
            #expect(try await server.client.get("/api/Products").json == [["name": "Desk", "id": 1]])
        }
    }

    @Test("1 MB in one request header: 400 and the connection closed (the HTTP parser's limit); the server still answers")
    func hugeHeader() async throws {
        try await withMiddleware(chain("")) { server async throws in
            let reply = try await server.rawGet("/api/Products", headers: ["X-Big: " + filler(1_048_576)])
            #expect(reply == nil || (reply?.status == 400 && reply?.header("Connection") == "close"), "\(reply.map { "\($0.status) \($0.text)" } ?? "closed")")
            #expect(try await server.client.get("/api/Products").json == [])
            let fresh = try #require(try await server.rawGet("/api/Products"))
            #expect(fresh.status == 200)
            #expect(fresh.text == "[]")
        }
    }

    @Test("1 MB spread over 10,000 request headers: 400 and closed; the server still answers")
    func manyHeaders() async throws {
        try await withMiddleware(chain("")) { server async throws in
            let headers = (0..<10_000).map { "X-H\($0): " + filler(100) }
            let reply = try await server.rawGet("/api/Products", headers: headers)
            #expect(reply == nil || (reply?.status == 400 && reply?.header("Connection") == "close"), "\(reply.map { "\($0.status)" } ?? "closed")")
            #expect(try await server.client.post("/api/Products", #"{"name":"Desk"}"#).status == 200)
            #expect(try #require(try await server.rawGet("/api/Products/count")).text == #"{"count":1}"#)
        }
    }
}
