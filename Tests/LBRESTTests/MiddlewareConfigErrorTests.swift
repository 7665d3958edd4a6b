import LBCore
import Testing

/// Middleware params of the wrong type stop the app at boot with a message naming the middleware
/// and where the value is (boot-and-config.md §9.2; lbrun validates what LoopBack would only
/// discover, or silently ignore, at request time).
@Suite("Middleware: bad params at boot")
struct MiddlewareConfigErrorTests {
    /// `middleware.json` with `ref` in `initial` (on line 3) given `params`.
    func app(_ ref: String, _ params: String) -> [String: String] {
        middlewareApp("{\n  \"initial\": {\n    \"\(ref)\": { \"params\": \(params) }\n  },\n  \(standardTail)\n}")
    }

    @Test(
        "A param of the wrong type is a boot error naming the middleware and the option, in middleware.json",
        arguments: [
            ("compression", #"{ "threshold": "lots" }"#, "threshold"),
            ("compression", #"{ "threshold": [1] }"#, "threshold"),
            ("cors", #"{ "origin": 42 }"#, "origin"),
            ("cors", #"{ "maxAge": "a day" }"#, "maxAge"),
            ("helmet#frameguard", #"{ "action": "sometimes" }"#, "action"),
            ("helmet#hsts", #"{ "maxAge": "long" }"#, "maxAge"),
            ("body-parser#json", #"{ "limit": "huge" }"#, "limit"),
            ("express-rate-limit", #"{ "max": "many" }"#, "max"),
            ("connect-timeout", #""soon""#, "soon"),
            ("loopback#static", "42", "static"),
        ])
    func wrongType(ref: String, params: String, option: String) async throws {
        let failure = try #require(try await bootFailure(app(ref, params)), "\(ref) \(params) booted")
        #expect(failure.contains(ref) || failure.contains(ref.split(separator: "#").last.map(String.init) ?? ref), "\(failure)")
        #expect(failure.contains(option), "\(failure)")
        #expect(failure.contains("middleware.json"), "\(failure)")
    }

    @Test("A missing favicon file is a boot error naming the path (serve-favicon stats it when created)")
    func missingFavicon() async throws {
        let icon = try #require(try await bootFailure(app("serve-favicon", #""$!../missing.ico""#)))
        #expect(icon.contains("missing.ico"), "\(icon)")
        let loopback = try #require(try await bootFailure(app("loopback#favicon", #""$!../client/nope.ico""#)))
        #expect(loopback.contains("nope.ico"), "\(loopback)")
    }

    @Test("A missing static folder is no boot error (serve-static only looks at request time): requests fall through")
    func missingStaticFolder() async throws {
        #expect(try await bootFailure(app("loopback#static", #""$!../nowhere""#)) == nil)
        try await withMiddleware("{ \"files\": { \"loopback#static\": { \"params\": \"$!../nowhere\" } }, \(standardTail) }") { server async throws in
            let reply = try await server.client.get("/index.html")
            #expect(reply.json == errorBody(404, "Cannot GET /index.html"))
        }
    }

    @Test("Valid params boot")
    func validParams() async throws {
        for (ref, params) in [
            ("compression", #"{ "threshold": "2kb" }"#), ("compression", #"{ "threshold": 512 }"#),
            ("cors", #"{ "origin": ["https://a.example"], "credentials": true, "maxAge": 86400 }"#),
            ("helmet#frameguard", #"{ "action": "deny" }"#), ("connect-timeout", #""10s""#),
        ] {
            #expect(try await bootFailure(app(ref, params)) == nil, "\(ref) \(params)")
        }
    }
}
