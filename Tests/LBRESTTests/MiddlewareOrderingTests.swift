import LBCore
import Testing

/// The order middleware run in, and which requests an entry applies to (boot-and-config.md §2.4,
/// §9.1–§9.2): phases and sub-phases, custom phases, registration order, `paths`, `methods`,
/// `enabled`, arrays of entries and environment overlays. Observed over HTTP: which static folder
/// answers first, which route answers, and headers set by earlier middleware.
@Suite("Middleware ordering")
struct MiddlewareOrderingTests {
    /// Static folders `a`, `b`, `c`, each with `same.txt` ("a", "b", "c") and `<name>.txt`; `b` and
    /// `c` also share `bc.txt`.
    static let folders: [String: String] = [
        "a/same.txt": "a", "b/same.txt": "b", "c/same.txt": "c",
        "a/a.txt": "only a", "b/b.txt": "only b", "c/c.txt": "only c",
        "b/bc.txt": "bc from b", "c/bc.txt": "bc from c",
    ]

    @Test(":before, the phase and :after run in that order whatever the key order of the file")
    func subPhases() async throws {
        let middleware = chain(#"""
            "files:after": { "loopback#static": { "params": "$!../c" } },
            "files": { "loopback#static": { "params": "$!../b" } },
            "files:before": { "loopback#static": { "params": "$!../a" } }
            """#)
        try await withMiddleware(middleware, extra: Self.folders) { server async throws in
            #expect(try await server.client.get("/same.txt").text == "a")
            #expect(try await server.client.get("/bc.txt").text == "bc from b")
            #expect(try await server.client.get("/c.txt").text == "only c")
        }
    }

    @Test("Built-in phases run initial, session, auth, parse, routes, files, final")
    func builtinPhases() async throws {
        let middleware = chain(#"""
            "files": { "loopback#static": { "params": "$!../c" } },
            "parse": { "loopback#static": { "params": "$!../b" } },
            "session": { "loopback#static": { "params": "$!../a" } }
            """#)
        try await withMiddleware(middleware, extra: Self.folders) { server async throws in
            #expect(try await server.client.get("/same.txt").text == "a")
            #expect(try await server.client.get("/bc.txt").text == "bc from b")
            #expect(try await server.client.get("/c.txt").text == "only c")
        }
    }

    @Test("A custom phase listed after initial runs after initial and before session")
    func customPhase() async throws {
        let middleware = #"""
            { "initial": { "loopback#static": { "params": "$!../a" } },
              "custom": { "loopback#static": { "params": "$!../b" } },
              "session": { "loopback#static": { "params": "$!../c" } },
              "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final": { "loopback#urlNotFound": {} },
              "final:after": { "strong-error-handler": { "params": { "log": false } } } }
            """#
        try await withMiddleware(middleware, extra: Self.folders) { server async throws in
            #expect(try await server.client.get("/same.txt").text == "a")
            #expect(try await server.client.get("/bc.txt").text == "bc from b")
            #expect(try await server.client.get("/c.txt").text == "only c")
        }
    }

    @Test("A custom phase between initial and routes (keys initial, custom, routes) runs before the REST API")
    func customPhaseBeforeRoutes() async throws {
        let middleware = #"""
            { "initial": {},
              "custom": { "loopback#status": { "paths": "/api/Products" } },
              "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final": { "loopback#urlNotFound": {} },
              "final:after": { "strong-error-handler": { "params": { "log": false } } } }
            """#
        try await withMiddleware(middleware) { server async throws in
            let reply = try await server.client.get("/api/Products")
            #expect(reply.status == 200)
            #expect(reply.json?["uptime"]?.numberValue != nil, "\(reply.text)")
        }
    }

    @Test("Within a slot, middleware run in file order")
    func fileOrderWithinSlot() async throws {
        let first = chain(#"""
            "files": { "serve-static": { "params": "$!../a" }, "loopback#static": { "params": "$!../b" } }
            """#)
        try await withMiddleware(first, extra: Self.folders) { server async throws in
            #expect(try await server.client.get("/same.txt").text == "a")
            #expect(try await server.client.get("/b.txt").text == "only b")
        }
        let second = chain(#"""
            "files": { "loopback#static": { "params": "$!../b" }, "serve-static": { "params": "$!../a" } }
            """#)
        try await withMiddleware(second, extra: Self.folders) { server async throws in
            #expect(try await server.client.get("/same.txt").text == "b")
            #expect(try await server.client.get("/a.txt").text == "only a")
        }
    }

    @Test("An array of entries registers each, in array order")
    func arrayOfEntries() async throws {
        let middleware = chain(#"""
            "files": { "loopback#static": [ { "params": "$!../c" }, { "params": "$!../b" }, { "params": "$!../a" } ] }
            """#)
        try await withMiddleware(middleware, extra: Self.folders) { server async throws in
            #expect(try await server.client.get("/same.txt").text == "c")
            #expect(try await server.client.get("/bc.txt").text == "bc from c")
            #expect(try await server.client.get("/b.txt").text == "only b")
            #expect(try await server.client.get("/a.txt").text == "only a")
        }
    }

    @Test("Headers set in initial reach a 404 from loopback#urlNotFound and from the REST API")
    func initialHeadersOnErrors() async throws {
        let middleware = chain(#""initial": { "helmet#frameguard": {} }"#)
        try await withMiddleware(middleware) { server async throws in
            let notFound = try await server.client.get("/nope")
            #expect(notFound.status == 404)
            #expect(notFound.json == errorBody(404, "Cannot GET /nope"))
            #expect(notFound.header("X-Frame-Options") == "SAMEORIGIN")
            let model = try await server.client.get("/api/Nope")
            #expect(model.status == 404)
            #expect(model.header("X-Frame-Options") == "SAMEORIGIN")
            let found = try await server.client.get("/api/Products")
            #expect(found.status == 200)
            #expect(found.header("X-Frame-Options") == "SAMEORIGIN")
        }
    }

    @Test("loopback#status in routes:before at a REST path answers instead of the API")
    func statusBeforeRest() async throws {
        let middleware = chain(#""routes:before": { "loopback#status": { "paths": "/api/Products" } }"#)
        try await withMiddleware(middleware) { server async throws in
            let reply = try await server.client.get("/api/Products")
            #expect(reply.status == 200)
            #expect(reply.json?["started"]?.stringValue != nil, "\(reply.text)")
            #expect(reply.json?["uptime"]?.numberValue != nil)
            #expect(try await server.client.get("/api/Products/count").json?["uptime"] != nil, "sub-paths of the mount path too")
        }
    }

    @Test("loopback#status in routes:after at a REST path never sees what the API answers, only other paths")
    func statusAfterRest() async throws {
        let middleware = chain(#""routes:after": { "loopback#status": { "paths": ["/api/Products", "/status"] } }"#)
        try await withMiddleware(middleware) { server async throws in
            let api = try await server.client.get("/api/Products")
            #expect(api.status == 200)
            #expect(api.json == [])
            let status = try await server.client.get("/status")
            #expect(status.status == 200)
            #expect(status.json?["uptime"]?.numberValue != nil)
        }
    }

    @Test("paths: a string mounts at that path; matching is by whole segment and case-insensitive")
    func pathString() async throws {
        let middleware = chain(#""routes:before": { "loopback#status": { "paths": "/probe" } }"#)
        try await withMiddleware(middleware) { server async throws in
            for path in ["/probe", "/probe/", "/probe/deeper/still", "/PROBE", "/Probe/x", "/probe?x=1"] {
                let reply = try await server.client.get(path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.json?["uptime"]?.numberValue != nil, "\(path)")
            }
            for path in ["/probex", "/prob", "/x/probe"] {
                let reply = try await server.client.get(path)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.json == errorBody(404, "Cannot GET \(path)"), "\(path)")
            }
        }
    }

    @Test("paths: an array mounts at each; /api does not match /apix")
    func pathArray() async throws {
        let middleware = chain(#""initial": { "helmet#frameguard": { "paths": ["/api", "/docs"], "params": { "action": "deny" } } }"#)
        try await withMiddleware(middleware) { server async throws in
            for path in ["/api/Products", "/API/products", "/api", "/docs", "/docs/x", "/Docs/y"] {
                #expect(try await server.client.get(path).header("X-Frame-Options") == "DENY", "\(path)")
            }
            for path in ["/apix", "/apix/Products", "/doc", "/other/api", "/"] {
                #expect(try await server.client.get(path).header("X-Frame-Options") == nil, "\(path)")
            }
        }
    }

    @Test("methods: only the listed methods, case-insensitive; verbs is an alias; ALL means every method")
    func methods() async throws {
        let getOnly = chain(#""initial": { "helmet#frameguard": { "methods": ["get", "Head"] } }"#)
        try await withMiddleware(getOnly) { server async throws in
            #expect(try await server.client.get("/api/Products").header("X-Frame-Options") == "SAMEORIGIN")
            #expect(try await server.client.head("/api/Products").header("X-Frame-Options") == "SAMEORIGIN")
            let post = try await server.client.post("/api/Products", #"{"name":"Desk"}"#)
            #expect(post.status == 200)
            #expect(post.header("X-Frame-Options") == nil)
        }
        let verbs = chain(#""initial": { "helmet#frameguard": { "verbs": ["POST"] } }"#)
        try await withMiddleware(verbs) { server async throws in
            #expect(try await server.client.get("/api/Products").header("X-Frame-Options") == nil)
            #expect(try await server.client.post("/api/Products", #"{"name":"Desk"}"#).header("X-Frame-Options") == "SAMEORIGIN")
        }
        let all = chain(#""initial": { "helmet#frameguard": { "methods": ["get", "ALL"] } }"#)
        try await withMiddleware(all) { server async throws in
            #expect(try await server.client.get("/api/Products").header("X-Frame-Options") == "SAMEORIGIN")
            #expect(try await server.client.post("/api/Products", #"{"name":"Desk"}"#).header("X-Frame-Options") == "SAMEORIGIN")
            #expect(try await server.client.delete("/api/Products/1").header("X-Frame-Options") == "SAMEORIGIN")
        }
    }

    @Test("methods scoping a handler that answers: other methods pass through to what follows")
    func methodsOnAnsweringHandler() async throws {
        let middleware = chain(#""routes:before": { "loopback#status": { "paths": "/api/Products", "methods": ["GET"] } }"#)
        try await withMiddleware(middleware) { server async throws in
            #expect(try await server.client.get("/api/Products").json?["uptime"] != nil)
            let created = try await server.client.post("/api/Products", #"{"name":"Desk"}"#)
            #expect(created.json == ["name": "Desk", "id": 1])
        }
    }

    @Test("enabled: false leaves the entry out")
    func disabled() async throws {
        let middleware = chain(#"""
            "initial": { "helmet#frameguard": { "enabled": false }, "helmet#noSniff": {} },
            "files": { "loopback#static": [ { "params": "$!../a", "enabled": false }, { "params": "$!../b" } ] }
            """#)
        try await withMiddleware(middleware, extra: Self.folders) { server async throws in
            let reply = try await server.client.get("/same.txt")
            #expect(reply.text == "b")
            #expect(reply.header("X-Frame-Options") == nil)
            #expect(reply.header("X-Content-Type-Options") == "nosniff")
            #expect(try await server.client.get("/a.txt").status == 404)
        }
    }

    @Test("An environment overlay disables an entry with enabled: false")
    func overlayDisables() async throws {
        let middleware = chain(#""initial": { "helmet#frameguard": { "params": { "action": "deny" } } }"#)
        let overlay = #"{ "initial": { "helmet#frameguard": { "enabled": false } } }"#
        try await withMiddleware(middleware, extra: ["server/middleware.production.json": overlay], environment: "production") { server async throws in
            #expect(try await server.client.get("/api/Products").header("X-Frame-Options") == nil)
        }
        try await withMiddleware(middleware, extra: ["server/middleware.production.json": overlay], environment: "staging") { server async throws in
            #expect(try await server.client.get("/api/Products").header("X-Frame-Options") == "DENY")
        }
    }

    @Test("An environment overlay merges params objects deeply")
    func overlayMergesParams() async throws {
        let middleware = chain(#""initial": { "helmet#hsts": { "params": { "maxAge": 100, "includeSubDomains": true } } }"#)
        let overlay = #"{ "initial": { "helmet#hsts": { "params": { "maxAge": 5 } } } }"#
        try await withMiddleware(middleware, extra: ["server/middleware.production.json": overlay]) { server async throws in
            #expect(try await server.client.get("/api/Products").header("Strict-Transport-Security") == "max-age=5; includeSubDomains")
        }
    }

    @Test("An environment overlay reconfigures array items by name and appends unnamed ones")
    func overlayMergesByName() async throws {
        let middleware = chain(#"""
            "files": { "loopback#static": [ { "name": "first", "params": "$!../a" }, { "name": "second", "params": "$!../b" } ] }
            """#)
        let overlay = #"{ "files": { "loopback#static": [ { "name": "first", "params": "$!../c" } ] } }"#
        try await withMiddleware(middleware, extra: Self.folders.merging(["server/middleware.production.json": overlay]) { $1 }) { server async throws in
            #expect(try await server.client.get("/same.txt").text == "c", "'first' now serves folder c")
            #expect(try await server.client.get("/bc.txt").text == "bc from c")
            #expect(try await server.client.get("/a.txt").status == 404, "folder a is no longer served")
            #expect(try await server.client.get("/b.txt").text == "only b", "'second' is unchanged")
        }
        let disable = #"{ "files": { "loopback#static": [ { "name": "first", "enabled": false } ] } }"#
        try await withMiddleware(middleware, extra: Self.folders.merging(["server/middleware.production.json": disable]) { $1 }) { server async throws in
            #expect(try await server.client.get("/same.txt").text == "b")
            #expect(try await server.client.get("/a.txt").status == 404)
        }
    }
}
