import LBCore
import Testing

/// `compression` 1.7 (boot-and-config.md §9.4): gzip, else deflate, when the client accepts it,
/// the type is compressible and the body reaches `threshold`; `Vary: Accept-Encoding` on every
/// compressible response; never on HEAD.
@Suite("Middleware: compression")
struct MiddlewareCompressionTests {
    func compression(_ params: String? = nil) -> String {
        chain("\"initial\": { \"compression\": \(params.map { "{ \"params\": \($0) }" } ?? "{}") }")
    }

    /// Creates Product 1 whose JSON (`{"name":"x…","id":1}`) is `size` bytes, and returns that JSON.
    func product(_ server: MiddlewareServer, size: Int) async throws -> String {
        let reply = try await server.client.post("/api/Products", #"{"name":""# + filler(size - 18) + #""}"#)
        #expect(reply.status == 200)
        let plain = try #require(try await server.rawGet("/api/Products/1"))
        #expect(plain.body.count == size)
        return plain.text
    }

    @Test("Accept-Encoding: gzip and a body over 1kb: gzip, Vary: Accept-Encoding, no Content-Length; inflates to the plain body")
    func gzip() async throws {
        try await withMiddleware(compression()) { server async throws in
            let plain = try await product(server, size: 2000)
            let reply = try #require(try await server.rawGet("/api/Products/1", headers: ["Accept-Encoding: gzip"]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Encoding") == "gzip")
            #expect(reply.all("Vary")?.contains("Accept-Encoding") == true)
            #expect(reply.header("Content-Length") == nil)
            #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
            #expect(reply.body.count < 2000)
            #expect(Array(reply.body.prefix(2)) == [0x1f, 0x8b], "gzip magic")
            let inflated = try #require(try inflate(reply.body))
            #expect(String(decoding: inflated, as: UTF8.self) == plain)
        }
    }

    @Test("gzip is preferred when both are accepted")
    func prefersGzip() async throws {
        try await withMiddleware(compression()) { server async throws in
            _ = try await product(server, size: 2000)
            for accept in ["gzip, deflate", "deflate, gzip", "gzip, deflate, br", "*"] {
                let reply = try #require(try await server.rawGet("/api/Products/1", headers: ["Accept-Encoding: \(accept)"]))
                #expect(reply.header("Content-Encoding") == "gzip", "\(accept)")
            }
        }
    }

    @Test("Only deflate accepted: deflate (zlib), inflating to the plain body")
    func deflate() async throws {
        try await withMiddleware(compression()) { server async throws in
            let plain = try await product(server, size: 2000)
            let reply = try #require(try await server.rawGet("/api/Products/1", headers: ["Accept-Encoding: deflate"]))
            #expect(reply.header("Content-Encoding") == "deflate")
            #expect(reply.all("Vary")?.contains("Accept-Encoding") == true)
            let inflated = try #require(try inflate(reply.body))
            #expect(String(decoding: inflated, as: UTF8.self) == plain)
        }
    }

    @Test("No accepted encoding: identity, still Vary: Accept-Encoding")
    func notAccepted() async throws {
        try await withMiddleware(compression()) { server async throws in
            let plain = try await product(server, size: 2000)
            for headers in [[], ["Accept-Encoding: identity"], ["Accept-Encoding: br"], ["Accept-Encoding: gzip;q=0"]] {
                let reply = try #require(try await server.rawGet("/api/Products/1", headers: headers))
                #expect(reply.header("Content-Encoding") == nil, "\(headers)")
                #expect(reply.all("Vary")?.contains("Accept-Encoding") == true, "\(headers)")
                #expect(reply.text == plain, "\(headers)")
            }
        }
    }

    @Test("A body under the 1kb default threshold is sent as is, with Vary: Accept-Encoding and its Content-Length")
    func belowThreshold() async throws {
        try await withMiddleware(compression()) { server async throws in
            let plain = try await product(server, size: 1000)
            let reply = try #require(try await server.rawGet("/api/Products/1", headers: ["Accept-Encoding: gzip"]))
            #expect(reply.header("Content-Encoding") == nil)
            #expect(reply.header("Content-Length") == "1000")
            #expect(reply.text == plain)
        }
    }

    @Test("threshold as a number of bytes")
    func thresholdNumber() async throws {
        try await withMiddleware(compression(#"{ "threshold": 3000 }"#)) { server async throws in
            _ = try await product(server, size: 2000)
            let small = try #require(try await server.rawGet("/api/Products/1", headers: ["Accept-Encoding: gzip"]))
            #expect(small.header("Content-Encoding") == nil)
            let big = try await server.client.post("/api/Products", #"{"name":""# + filler(4000) + #""}"#)
            #expect(big.status == 200)
            let reply = try #require(try await server.rawGet("/api/Products/2", headers: ["Accept-Encoding: gzip"]))
            #expect(reply.header("Content-Encoding") == "gzip")
        }
    }

    @Test("threshold as a byte string: \"2kb\" is 2048 bytes")
    func thresholdString() async throws {
        try await withMiddleware(compression(#"{ "threshold": "2kb" }"#)) { server async throws in
            _ = try await product(server, size: 2040)
            let under = try #require(try await server.rawGet("/api/Products/1", headers: ["Accept-Encoding: gzip"]))
            #expect(under.header("Content-Encoding") == nil)
            let created = try await server.client.post("/api/Products", #"{"name":""# + filler(2040) + #""}"#)
            #expect(created.status == 200)
            let over = try #require(try await server.rawGet("/api/Products/2", headers: ["Accept-Encoding: gzip"]))
            #expect(over.header("Content-Encoding") == "gzip")
        }
    }

    @Test("HEAD: no Content-Encoding")
    func head() async throws {
        try await withMiddleware(compression()) { server async throws in
            _ = try await product(server, size: 2000)
            let reply = try #require(try await server.rawGet("/api/Products/1", method: "HEAD", headers: ["Accept-Encoding: gzip"]))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Encoding") == nil)
        }
    }

    @Test("Static files: text is compressed, an image is not (and gets no Vary)")
    func staticFiles() async throws {
        let middleware = chain(#""initial": { "compression": {} }, "files": { "loopback#static": { "params": "$!../client" } }"#)
        let files = ["client/big.txt": filler(5000), "client/big.png": filler(5000)]
        try await withMiddleware(middleware, extra: files) { server async throws in
            let text = try #require(try await server.rawGet("/big.txt", headers: ["Accept-Encoding: gzip"]))
            #expect(text.status == 200)
            #expect(text.header("Content-Encoding") == "gzip")
            #expect(try inflate(text.body).map { String(decoding: $0, as: UTF8.self) } == filler(5000))
            let image = try #require(try await server.rawGet("/big.png", headers: ["Accept-Encoding: gzip"]))
            #expect(image.status == 200)
            #expect(image.header("Content-Type") == "image/png")
            #expect(image.header("Content-Encoding") == nil)
            #expect(image.all("Vary")?.contains("Accept-Encoding") != true)
            #expect(image.body.count == 5000)
        }
    }

    @Test("A large error body is compressed too")
    func errors() async throws {
        try await withMiddleware(compression()) { server async throws in
            let path = "/" + filler(1500)
            let reply = try #require(try await server.rawGet(path, headers: ["Accept-Encoding: gzip", "Accept: application/json"]))
            #expect(reply.status == 404)
            #expect(reply.header("Content-Encoding") == "gzip")
            let inflated = try #require(try inflate(reply.body))
            #expect(String(decoding: inflated, as: UTF8.self).contains("Cannot GET \(path)"))
        }
    }
}
