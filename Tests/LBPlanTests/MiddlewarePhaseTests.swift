import LBCore
import LBPlan
import LBTesting
import Testing

/// Boot-time diagnostics for `middleware.json` (boot-and-config.md §9.1–§9.3, §11.3, §12 item 22):
/// removed LoopBack 2 middleware, JavaScript paths, unknown names and phases, phase conflicts.
@Suite("Middleware config diagnostics")
struct MiddlewarePhaseTests {
    func compileMiddleware(_ json: String, extra: [String: String] = [:], environment: String = "development") throws -> CompileResult {
        var files = minimalApp(["server/middleware.json": json])
        for (path, contents) in extra { files[path] = contents }
        let app = try TemporaryApp(files)
        return app.compile(environment: environment)
    }

    /// `middleware.json` with one entry `ref` in `initial` (after a blank line, so it sits on line 3).
    func single(_ ref: String, _ entry: String = "{}") -> String {
        "{\n  \"initial\": {\n    \"\(ref)\": \(entry)\n  },\n  \"routes\": { \"loopback#rest\": { \"paths\": [\"${restApiRoot}\"] } }\n}"
    }

    @Test(
        "Removed LoopBack 2 middleware is an error whose hint names the replacement",
        arguments: [
            ("loopback#errorHandler", "strong-error-handler"), ("loopback#compress", "compression"),
            ("loopback#bodyParser", "body-parser"), ("loopback#cookieParser", "cookie"),
            ("loopback#session", "session"), ("loopback#context", "context"),
        ])
    func removedMiddleware(ref: String, replacement: String) throws {
        let result = try compileMiddleware(single(ref))
        let error = try #require(result.diagnostics.errors.first, "\(ref): \(result.diagnostics.all)")
        #expect(result.diagnostics.errors.count == 1, "\(result.diagnostics.all)")
        #expect(error.message.contains(ref), "\(error.message)")
        #expect(error.hint?.contains(replacement) == true, "\(ref): \(error.hint ?? "no hint")")
        #expect(error.location?.file == "server/middleware.json")
        #expect(error.location?.line == 3)
    }

    @Test("A removed LoopBack 2 middleware that is disabled is no error")
    func removedButDisabled() throws {
        let result = try compileMiddleware(single("loopback#errorHandler", #"{ "enabled": false }"#))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.all)")
    }

    @Test("A JavaScript path is a warning that it is not run; the app still compiles", arguments: ["./middleware/x", "../lib/y#z", "/abs/mw.js"])
    func javaScriptPath(ref: String) throws {
        let result = try compileMiddleware(single(ref))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.all)")
        let plan = try #require(result.plan)
        let warning = try #require(result.diagnostics.warnings.first { $0.code == "middleware.script" })
        #expect(warning.message.contains(ref))
        #expect(warning.location?.line == 3)
        #expect(!plan.middleware.contains { $0.reference == ref })
        #expect(plan.middleware.contains { $0.reference == "loopback#rest" })
    }

    @Test("An unknown name is an error with a suggestion", arguments: [
        ("helmet#framegard", "helmet#frameguard"), ("loopback#statik", "loopback#static"), ("corss", "cors"),
        ("compresion", "compression"), ("strong-error-handlr", "strong-error-handler"),
    ])
    func unknownName(ref: String, suggestion: String) throws {
        let result = try compileMiddleware(single(ref))
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.code == "middleware.unknown")
        #expect(error.message.contains(ref))
        #expect(error.hint == "did you mean '\(suggestion)'?")
        #expect(error.location?.file == "server/middleware.json")
        #expect(error.location?.line == 3)
    }

    @Test("An unknown name without a close match lists the available middleware")
    func unknownNameNoMatch() throws {
        let result = try compileMiddleware(single("express-session"))
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.code == "middleware.unknown")
        #expect(error.hint?.contains("cors") == true)
    }

    @Test("optional: true (or a reason) turns an unknown name into a warning and skips it")
    func optionalUnknown() throws {
        for entry in [#"{ "optional": true }"#, #"{ "optional": "sessions are handled elsewhere" }"#] {
            let result = try compileMiddleware(single("express-session", entry))
            #expect(!result.diagnostics.hasErrors, "\(entry): \(result.diagnostics.all)")
            #expect(result.diagnostics.warnings.map(\.code).contains("middleware.optional-missing"), "\(entry)")
            #expect(result.plan?.middleware.contains { $0.reference == "express-session" } == false)
        }
    }

    @Test("optional does not excuse a known middleware: it is registered as usual")
    func optionalKnown() throws {
        let result = try compileMiddleware(single("cors", #"{ "optional": true }"#))
        #expect(!result.diagnostics.hasErrors)
        #expect(result.plan?.middleware.contains { $0.reference == "cors" } == true)
    }

    @Test("A phase suffix other than :before or :after is an error at the phase key", arguments: ["routes:middle", "auth:around"])
    func unknownSuffix(phase: String) throws {
        let result = try compileMiddleware("{\n  \"\(phase)\": { \"cors\": {} }\n}")
        let error = try #require(result.diagnostics.errors.first { $0.code == "middleware.unknown-phase" }, "\(result.diagnostics.all)")
        #expect(error.message.contains(phase))
        #expect(error.location?.line == 2)
    }

    @Test("Custom phases whose order contradicts itself are an error naming both phases")
    func conflictingCustomPhases() throws {
        let result = try compileMiddleware(#"{ "initial": {}, "x": {}, "routes": {}, "x:after": {} }"#)
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.code == "middleware.phase-order")
        #expect(error.message.contains("'x'"))
        #expect(error.location?.file == "server/middleware.json")
        let twoCustom = try compileMiddleware(#"{ "a": {}, "b": {}, "routes": {}, "a:after": {} }"#)
        #expect(twoCustom.diagnostics.errors.first?.code == "middleware.phase-order")
    }

    @Test("Custom phases in a consistent order compile, wherever they sit")
    func customPhases() throws {
        let result = try compileMiddleware(#"{ "initial": {}, "metrics": {}, "auth": {}, "audit": {}, "routes": {}, "final": {}, "last": {} }"#)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.all)")
        #expect(result.plan?.phases == ["initial", "metrics", "session", "auth", "audit", "parse", "routes", "files", "final", "last"])
    }

    @Test("An environment overlay that disables a middleware compiles; the entry is gone in that environment only")
    func overlayDisable() throws {
        let master = single("helmet#frameguard")
        let overlay = #"{ "initial": { "helmet#frameguard": { "enabled": false } } }"#
        let production = try compileMiddleware(master, extra: ["server/middleware.production.json": overlay], environment: "production")
        #expect(!production.diagnostics.hasErrors)
        #expect(production.plan?.middleware.contains { $0.reference == "helmet#frameguard" } == false)
        let development = try compileMiddleware(master, extra: ["server/middleware.production.json": overlay], environment: "development")
        #expect(development.plan?.middleware.contains { $0.reference == "helmet#frameguard" } == true)
    }

    @Test("An overlay array merges items by name and appends the others")
    func overlayNamedItems() throws {
        let master = #"{ "files": { "loopback#static": [ { "name": "a", "params": "$!../a" }, { "name": "b", "params": "$!../b" } ] } }"#
        let overlay = #"{ "files": { "loopback#static": [ { "name": "b", "params": "$!../c" }, { "params": "$!../d" } ] } }"#
        let result = try compileMiddleware(master, extra: ["server/middleware.production.json": overlay], environment: "production")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.all)")
        let statics = try #require(result.plan?.middleware.filter { $0.reference == "loopback#static" })
        #expect(statics.map(\.name) == ["a", "b", nil])
        #expect(statics.map { $0.params?.stringValue?.split(separator: "/").last.map(String.init) } == ["a", "c", "d"])
    }
}
