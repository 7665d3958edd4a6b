import LBCore
import LBPlan
import LBTesting
import Testing

@Suite("Middleware phases and entries")
struct MiddlewareTests {
    func middleware(_ json: String?, extra: [String: String] = [:], environment: String = "development") throws -> CompileResult {
        var files = minimalApp()
        if let json { files["server/middleware.json"] = json }
        for (path, contents) in extra { files[path] = contents }
        let app = try TemporaryApp(files)
        return app.compile(environment: environment)
    }

    @Test("an app without middleware.json gets the scaffolded chain, with the REST API at restApiRoot")
    func defaultChain() throws {
        let plan = try #require(try middleware(nil).plan)
        #expect(plan.middleware.map(\.reference) == [
            "loopback#favicon", "compression", "helmet#xssFilter", "helmet#frameguard", "helmet#hsts", "helmet#hidePoweredBy",
            "helmet#ieNoOpen", "helmet#noSniff", "cors", "loopback#rest", "loopback#urlNotFound", "strong-error-handler",
        ])
        #expect(plan.middleware.first { $0.reference == "loopback#rest" }?.paths == ["/api"])
    }

    @Test("entries run by phase and sub-phase, then in file order; custom phases are zipped into the built-in list")
    func ordering() throws {
        let result = try middleware(#"""
            { "final:after": { "strong-error-handler": {} },
              "initial": { "cors": {} },
              "metrics": { "loopback#status": { "paths": "/metrics" } },
              "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "routes:before": { "loopback#token": {} },
              "initial:before": { "loopback#favicon": {} } }
            """#)
        let plan = try #require(result.plan)
        #expect(!result.diagnostics.hasErrors, "built-in phases keep their order whatever the file's key order")
        #expect(plan.phases == ["initial", "metrics", "session", "auth", "parse", "routes", "files", "final"])
        #expect(plan.middleware.map(\.reference).starts(with: ["loopback#favicon", "cors"]))
        let references = plan.middleware.map(\.reference)
        #expect(references.firstIndex(of: "loopback#token")! < references.firstIndex(of: "loopback#rest")!)
    }

    @Test("a custom phase goes right after the phase before it in the file; contradicting custom orders conflict")
    func customPhase() throws {
        let plan = try #require(try middleware(#"{ "initial": {}, "custom": { "cors": {} }, "routes": {} }"#).plan)
        #expect(plan.phases == ["initial", "custom", "session", "auth", "parse", "routes", "files", "final"])
        let first = try #require(try middleware(#"{ "custom": {}, "initial": {}, "routes": {} }"#).plan)
        #expect(first.phases.first == "custom")
        let conflict = try middleware(#"{ "a": {}, "initial": {}, "a:after": {} }"#)
        #expect(conflict.diagnostics.errors.first?.code == "middleware.phase-order")
    }

    @Test("params, paths, methods, enabled and arrays of entries")
    func entries() throws {
        let plan = try #require(try middleware(#"""
            { "files": { "loopback#static": [ { "name": "spa", "params": "$!../client" },
                                              { "name": "docs", "paths": ["/docs"], "params": ["$!../docs", { "maxAge": 3600000 }], "methods": ["get", "head"] } ] },
              "initial": { "compression": { "enabled": false }, "cors": { "methods": ["ALL"] } } }
            """#).plan)
        let statics = plan.middleware.filter { $0.reference == "loopback#static" }
        #expect(statics.map(\.name) == ["spa", "docs"])
        #expect(statics.first?.params == "client")
        #expect(statics.last?.params == ["docs", ["maxAge": 3600000]])
        #expect(statics.last?.methods == ["GET", "HEAD"])
        #expect(statics.last?.paths == ["/docs"])
        #expect(!plan.middleware.contains { $0.reference == "compression" })
        #expect(plan.middleware.first { $0.reference == "cors" }?.methods == nil)
    }

    @Test("an environment overlay can disable, reconfigure and add middleware")
    func overlays() throws {
        let result = try middleware(
            #"{ "initial": { "cors": { "params": { "origin": true } }, "compression": {} }, "final:after": { "strong-error-handler": {} } }"#,
            extra: ["server/middleware.production.json": #"{ "initial": { "compression": { "enabled": false }, "cors": { "params": { "origin": "https://example.org" } } }, "final:after": { "strong-error-handler": { "params": { "debug": false } } }, "auth": { "loopback#token": {} } }"#],
            environment: "production")
        let plan = try #require(result.plan)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.all)")
        #expect(plan.middleware.map(\.reference) == ["cors", "loopback#token", "loopback#rest", "strong-error-handler"])
        #expect(result.diagnostics.warnings.map(\.code) == ["middleware.rest-added"], "no loopback#rest entry: lbrun mounts the API itself")
        #expect(plan.middleware.first?.params == ["origin": "https://example.org"])
    }

    @Test("an optional unknown middleware is skipped with a warning; a required one is an error")
    func unknown() throws {
        let optional = try middleware(#"{ "initial": { "express-session": { "optional": "not needed" } } }"#)
        #expect(optional.diagnostics.warnings.first?.code == "middleware.optional-missing")
        let required = try middleware(#"{ "initial": { "loopback#rst": {} } }"#)
        #expect(required.diagnostics.errors.first?.hint == "did you mean 'loopback#rest'?")
    }

    @Test("${VAR} in middleware resolves from the environment, then app settings, and coerces to the schema's type")
    func substitution() throws {
        var files = minimalApp(["server/middleware.json": #"{ "initial": { "compression": { "enabled": "${COMPRESS}" } }, "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } } }"#])
        files["server/config.json"] = #"{ "restApiRoot": "/v2" }"#
        let app = try TemporaryApp(files)
        let off = try #require(app.compile(variables: ["COMPRESS": "false"]).plan)
        #expect(!off.middleware.contains { $0.reference == "compression" })
        #expect(off.middleware.first { $0.reference == "loopback#rest" }?.paths == ["/v2"])
        let on = try #require(app.compile(variables: ["COMPRESS": "true", "restApiRoot": "/from-env"]).plan)
        #expect(on.middleware.contains { $0.reference == "compression" })
        #expect(on.middleware.first { $0.reference == "loopback#rest" }?.paths == ["/from-env"])
        #expect(on.config.restApiRoot == "/v2", "LoopBack keeps the app setting; the environment only reaches ${} values")
    }
}
