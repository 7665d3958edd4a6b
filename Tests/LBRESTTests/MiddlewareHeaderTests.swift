import LBCore
import Testing

/// Middleware that only add response headers: helmet 3's handlers and express-request-id 1.x
/// (boot-and-config.md §9.4). Headers must also reach error responses.
@Suite("Middleware: helmet and request ids")
struct MiddlewareHeaderTests {
    /// `initial` holding one `ref` entry with `params` (JSON text, or none).
    func initial(_ ref: String, _ params: String? = nil) -> String {
        chain("\"initial\": { \"\(ref)\": \(params.map { "{ \"params\": \($0) }" } ?? "{}") }")
    }

    /// GETs a success, a urlNotFound 404 and a REST 404 and expects `header` to be `value` on each.
    func expectEverywhere(_ server: MiddlewareServer, _ header: String, _ value: String?, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        for path in ["/api/Products", "/nope", "/api/Products/42"] {
            let reply = try await server.client.get(path)
            #expect(reply.header(header) == value, "\(header) on \(path) (\(reply.status))", sourceLocation: sourceLocation)
        }
    }

    @Test("helmet#xssFilter: X-XSS-Protection: 1; mode=block")
    func xssFilter() async throws {
        try await withMiddleware(initial("helmet#xssFilter")) { server async throws in
            try await expectEverywhere(server, "X-XSS-Protection", "1; mode=block")
        }
    }

    @Test("helmet#frameguard: SAMEORIGIN by default")
    func frameguardDefault() async throws {
        try await withMiddleware(initial("helmet#frameguard")) { server async throws in
            try await expectEverywhere(server, "X-Frame-Options", "SAMEORIGIN")
        }
    }

    @Test("helmet#frameguard {action: deny}: DENY; {action: sameorigin}: SAMEORIGIN")
    func frameguardDeny() async throws {
        try await withMiddleware(initial("helmet#frameguard", #"{ "action": "deny" }"#)) { server async throws in
            try await expectEverywhere(server, "X-Frame-Options", "DENY")
        }
        try await withMiddleware(initial("helmet#frameguard", #"{ "action": "sameorigin" }"#)) { server async throws in
            try await expectEverywhere(server, "X-Frame-Options", "SAMEORIGIN")
        }
    }

    @Test("helmet#frameguard {action: allow-from, domain}: ALLOW-FROM <domain>")
    func frameguardAllowFrom() async throws {
        try await withMiddleware(initial("helmet#frameguard", #"{ "action": "allow-from", "domain": "https://a.example" }"#)) { server async throws in
            try await expectEverywhere(server, "X-Frame-Options", "ALLOW-FROM https://a.example")
        }
    }

    @Test("helmet#hsts: max-age=15552000; includeSubDomains by default")
    func hstsDefault() async throws {
        try await withMiddleware(initial("helmet#hsts")) { server async throws in
            try await expectEverywhere(server, "Strict-Transport-Security", "max-age=15552000; includeSubDomains")
        }
    }

    @Test("helmet#hsts as scaffolded {maxAge: 0, includeSubDomains: true}: max-age=0; includeSubDomains")
    func hstsScaffold() async throws {
        try await withMiddleware(initial("helmet#hsts", #"{ "maxAge": 0, "includeSubDomains": true }"#)) { server async throws in
            try await expectEverywhere(server, "Strict-Transport-Security", "max-age=0; includeSubDomains")
        }
    }

    @Test("helmet#hsts: preload; includeSubDomains: false")
    func hstsPreload() async throws {
        try await withMiddleware(initial("helmet#hsts", #"{ "maxAge": 31536000, "includeSubDomains": true, "preload": true }"#)) { server async throws in
            try await expectEverywhere(server, "Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload")
        }
        try await withMiddleware(initial("helmet#hsts", #"{ "maxAge": 60, "includeSubDomains": false }"#)) { server async throws in
            try await expectEverywhere(server, "Strict-Transport-Security", "max-age=60")
        }
    }

    @Test("helmet#hidePoweredBy: no X-Powered-By")
    func hidePoweredBy() async throws {
        try await withMiddleware(initial("helmet#hidePoweredBy")) { server async throws in
            try await expectEverywhere(server, "X-Powered-By", nil)
        }
    }

    @Test("helmet#hidePoweredBy {setTo}: X-Powered-By is that value")
    func poweredBySetTo() async throws {
        try await withMiddleware(initial("helmet#hidePoweredBy", #"{ "setTo": "PHP 4.2.0" }"#)) { server async throws in
            try await expectEverywhere(server, "X-Powered-By", "PHP 4.2.0")
        }
    }

    @Test("helmet#ieNoOpen: X-Download-Options: noopen")
    func ieNoOpen() async throws {
        try await withMiddleware(initial("helmet#ieNoOpen")) { server async throws in
            try await expectEverywhere(server, "X-Download-Options", "noopen")
        }
    }

    @Test("helmet#noSniff: X-Content-Type-Options: nosniff, on successes too")
    func noSniff() async throws {
        try await withMiddleware(initial("helmet#noSniff")) { server async throws in
            try await expectEverywhere(server, "X-Content-Type-Options", "nosniff")
        }
    }

    @Test("helmet#noCache: Cache-Control, Pragma, Expires and Surrogate-Control")
    func noCache() async throws {
        try await withMiddleware(initial("helmet#noCache")) { server async throws in
            try await expectEverywhere(server, "Cache-Control", "no-store, no-cache, must-revalidate, proxy-revalidate")
            try await expectEverywhere(server, "Pragma", "no-cache")
            try await expectEverywhere(server, "Expires", "0")
            try await expectEverywhere(server, "Surrogate-Control", "no-store")
        }
    }

    @Test("helmet#contentSecurityPolicy: directives in camelCase become the policy, in order")
    func contentSecurityPolicy() async throws {
        let params = #"{ "directives": { "defaultSrc": ["'self'"], "scriptSrc": ["'self'", "cdn.example"] } }"#
        try await withMiddleware(initial("helmet#contentSecurityPolicy", params)) { server async throws in
            try await expectEverywhere(server, "Content-Security-Policy", "default-src 'self'; script-src 'self' cdn.example")
            try await expectEverywhere(server, "Content-Security-Policy-Report-Only", nil)
        }
    }

    @Test("helmet#contentSecurityPolicy {reportOnly: true}: Content-Security-Policy-Report-Only instead")
    func contentSecurityPolicyReportOnly() async throws {
        let params = #"{ "directives": { "defaultSrc": ["'self'"] }, "reportOnly": true }"#
        try await withMiddleware(initial("helmet#contentSecurityPolicy", params)) { server async throws in
            try await expectEverywhere(server, "Content-Security-Policy-Report-Only", "default-src 'self'")
            try await expectEverywhere(server, "Content-Security-Policy", nil)
        }
    }

    @Test("The scaffolded helmet set together; the headers also reach a 401")
    func scaffoldedSetOn401() async throws {
        let middleware = #"""
            { "initial": { "helmet#xssFilter": {}, "helmet#frameguard": { "params": { "action": "deny" } },
                           "helmet#hsts": { "params": { "maxAge": 0, "includeSubDomains": true } },
                           "helmet#hidePoweredBy": {}, "helmet#ieNoOpen": {}, "helmet#noSniff": {} },
              "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final": { "loopback#urlNotFound": {} },
              "final:after": { "strong-error-handler": { "params": { "log": false } } } }
            """#
        try await withMiddlewareServer(authApp(extra: ["server/middleware.json": middleware])) { server async throws in
            let reply = try await server.client.get("/api/Users")
            #expect(reply.status == 401)
            #expect(reply.header("X-XSS-Protection") == "1; mode=block")
            #expect(reply.header("X-Frame-Options") == "DENY")
            #expect(reply.header("Strict-Transport-Security") == "max-age=0; includeSubDomains")
            #expect(reply.header("X-Powered-By") == nil)
            #expect(reply.header("X-Download-Options") == "noopen")
            #expect(reply.header("X-Content-Type-Options") == "nosniff")
        }
    }

    // MARK: express-request-id

    @Test("express-request-id: X-Request-Id is a fresh UUID v4 on every response, errors included")
    func requestIdGenerated() async throws {
        try await withMiddleware(initial("express-request-id")) { server async throws in
            var seen: Set<String> = []
            for path in ["/api/Products", "/api/Products", "/nope", "/api/Products/42"] {
                let id = try await server.client.get(path).header("X-Request-Id")
                #expect(isUUIDv4(id), "\(path): \(id ?? "none")")
                if let id { seen.insert(id) }
            }
            #expect(seen.count == 4)
        }
    }

    @Test("express-request-id: an incoming X-Request-Id is echoed")
    func requestIdEchoed() async throws {
        try await withMiddleware(initial("express-request-id")) { server async throws in
            let reply = try await server.client.get("/api/Products", headers: [.init("X-Request-Id")!: "abc-123"])
            #expect(reply.header("X-Request-Id") == "abc-123")
        }
    }

    @Test("express-request-id {headerName}: that header instead, read and written")
    func requestIdHeaderName() async throws {
        try await withMiddleware(initial("express-request-id", #"{ "headerName": "X-Trace-Id" }"#)) { server async throws in
            let reply = try await server.client.get("/api/Products")
            #expect(isUUIDv4(reply.header("X-Trace-Id")))
            #expect(reply.header("X-Request-Id") == nil)
            let echoed = try await server.client.get("/api/Products", headers: [.init("X-Trace-Id")!: "trace-7"])
            #expect(echoed.header("X-Trace-Id") == "trace-7")
        }
    }

    @Test("express-request-id {setHeader: false}: no header")
    func requestIdNoHeader() async throws {
        try await withMiddleware(initial("express-request-id", #"{ "setHeader": false }"#)) { server async throws in
            let reply = try await server.client.get("/api/Products")
            #expect(reply.status == 200)
            #expect(reply.header("X-Request-Id") == nil)
        }
    }
}
