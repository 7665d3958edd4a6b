import LBCore
import Testing

/// `express-rate-limit` 5.x (boot-and-config.md §9.4): per client address, `max` requests per
/// `windowMs`; then 429 with the message, `Retry-After` and the X-RateLimit headers.
@Suite("Middleware: express-rate-limit")
struct MiddlewareRateLimitTests {
    func limit(_ params: String, paths: String? = nil) -> String {
        let mount = paths.map { ", \"paths\": \($0)" } ?? ""
        return chain("\"initial\": { \"express-rate-limit\": { \"params\": \(params)\(mount) } }")
    }

    static let defaultMessage = "Too many requests, please try again later."

    @Test("{windowMs: 60000, max: 3}: three requests pass with the remaining count, the fourth is 429")
    func limits() async throws {
        try await withMiddleware(limit(#"{ "windowMs": 60000, "max": 3 }"#)) { server async throws in
            for remaining in [2, 1, 0] {
                let reply = try await server.client.get("/api/Products")
                #expect(reply.status == 200)
                #expect(reply.header("X-RateLimit-Limit") == "3")
                #expect(reply.header("X-RateLimit-Remaining") == "\(remaining)")
            }
            let limited = try await server.client.get("/api/Products")
            #expect(limited.status == 429)
            #expect(limited.text == Self.defaultMessage)
            #expect(limited.header("Retry-After") == "60")
            #expect(limited.header("X-RateLimit-Limit") == "3")
            #expect(limited.header("X-RateLimit-Remaining") == "0")
            #expect(try await server.client.post("/api/Products", #"{"name":"Desk"}"#).status == 429, "every method counts")
            #expect(try await server.client.get("/api/Products/count").status == 429)
        }
    }

    @Test("Failed requests count by default")
    func failuresCount() async throws {
        try await withMiddleware(limit(#"{ "windowMs": 60000, "max": 2 }"#)) { server async throws in
            #expect(try await server.client.get("/nope").status == 404)
            #expect(try await server.client.get("/nope").status == 404)
            #expect(try await server.client.get("/api/Products").status == 429)
        }
    }

    @Test("message and statusCode")
    func messageAndStatus() async throws {
        try await withMiddleware(limit(#"{ "windowMs": 60000, "max": 1, "message": "Slow down", "statusCode": 503 }"#)) { server async throws in
            #expect(try await server.client.get("/api/Products").status == 200)
            let limited = try await server.client.get("/api/Products")
            #expect(limited.status == 503)
            #expect(limited.text == "Slow down")
        }
    }

    @Test("headers: false: no X-RateLimit headers and no Retry-After")
    func noHeaders() async throws {
        try await withMiddleware(limit(#"{ "windowMs": 60000, "max": 1, "headers": false }"#)) { server async throws in
            let ok = try await server.client.get("/api/Products")
            #expect(ok.status == 200)
            #expect(ok.header("X-RateLimit-Limit") == nil)
            #expect(ok.header("X-RateLimit-Remaining") == nil)
            let limited = try await server.client.get("/api/Products")
            #expect(limited.status == 429)
            #expect(limited.header("X-RateLimit-Limit") == nil)
            #expect(limited.header("Retry-After") == nil)
        }
    }

    @Test("standardHeaders: true (and 5.x's draft_polli_ratelimit_headers): RateLimit-Limit, -Remaining, -Reset", arguments: ["standardHeaders", "draft_polli_ratelimit_headers"])
    func standardHeaders(option: String) async throws {
        try await withMiddleware(limit(#"{ "windowMs": 60000, "max": 3, "\#(option)": true }"#)) { server async throws in
            let reply = try await server.client.get("/api/Products")
            #expect(reply.status == 200)
            #expect(reply.header("RateLimit-Limit") == "3")
            #expect(reply.header("RateLimit-Remaining") == "2")
            let reset = try #require(reply.header("RateLimit-Reset").flatMap { Int($0) })
            #expect(reset >= 0 && reset <= 60)
        }
    }

    @Test("skipFailedRequests: responses with status >= 400 are not counted")
    func skipFailed() async throws {
        try await withMiddleware(limit(#"{ "windowMs": 60000, "max": 2, "skipFailedRequests": true }"#)) { server async throws in
            for _ in 0..<4 {
                #expect(try await server.client.get("/nope").status == 404)
            }
            #expect(try await server.client.get("/api/Products").status == 200)
            #expect(try await server.client.get("/api/Products").status == 200)
            #expect(try await server.client.get("/api/Products").status == 429)
        }
    }

    @Test("paths: only requests below /api are limited")
    func pathScoped() async throws {
        let middleware = chain(#"""
            "initial": { "express-rate-limit": { "paths": ["/api"], "params": { "windowMs": 60000, "max": 1 } } },
            "routes:after": { "loopback#status": { "paths": "/status" } }
            """#)
        try await withMiddleware(middleware) { server async throws in
            #expect(try await server.client.get("/api/Products").status == 200)
            #expect(try await server.client.get("/api/Products").status == 429)
            for _ in 0..<3 {
                let status = try await server.client.get("/status")
                #expect(status.status == 200)
                #expect(status.header("X-RateLimit-Limit") == nil)
            }
        }
    }
}
