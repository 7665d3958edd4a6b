public import LBCore
import LBConfig
import LBSchemas

/// What the compiler needs besides the app directory.
public struct BootOptions: Sendable {
    /// The environment whose overlays apply (`--env`, else `LBRUN_ENV`, else `NODE_ENV`, else `development`).
    public var environment: String
    /// Variables for `${NAME}` substitution.
    public var variables: [String: String]
    /// The modules this binary ships, for resolving connector, middleware and component names.
    public var catalog: ModuleCatalog

    public init(environment: String, variables: [String: String], catalog: ModuleCatalog) {
        self.environment = environment
        self.variables = variables
        self.catalog = catalog
    }

    /// The environment name from the process environment, as LoopBack and lbrun choose it.
    public static func environmentName(explicit: String?, variables: [String: String]) -> String {
        for candidate in [explicit, variables["LBRUN_ENV"], variables["NODE_ENV"]] {
            if let name = candidate, !name.isEmpty { return name }
        }
        return "development"
    }
}

/// The compiler's answer: the plan (absent when the app could not be read at all) and every diagnostic.
public struct CompileResult: Sendable {
    /// The resolved app. Present even when there are errors, with the broken parts left out,
    /// so tools can show as much as possible; `serve` refuses to run a plan with errors.
    public var plan: AppPlan?
    public var diagnostics: Diagnostics
}

/// Compiles a LoopBack 3 app directory into an `AppPlan`: load, layer, validate, resolve.
///
/// Pure apart from reading files: no sockets, no databases. Each concern is one pass over a
/// shared `Compilation`; passes record diagnostics and carry on instead of throwing, so one run
/// reports every problem in the app.
public enum BootCompiler {
    /// Compiles the app at `appDirectory` (the folder holding `server/`, or a flat config folder).
    public static func compile(appDirectory: String, options: BootOptions) -> CompileResult {
        var diagnostics = Diagnostics()
        guard let layout = AppLayout.locate(appDirectory, diagnostics: &diagnostics) else {
            return CompileResult(plan: nil, diagnostics: diagnostics)
        }
        var compilation = Compilation(layout: layout, options: options, validator: Self.validator)
        compilation.diagnostics = diagnostics
        ConfigFilesPass.run(&compilation)
        AppConfigPass.run(&compilation)
        DataSourcePass.run(&compilation)
        ModelSourcesPass.run(&compilation)
        ModelConfigPass.run(&compilation)
        InheritancePass.run(&compilation)
        ModelPlanPass.run(&compilation)
        RelationPass.run(&compilation)
        RoutePathPass.run(&compilation)
        SeedPass.run(&compilation)
        MiddlewarePass.run(&compilation)
        ComponentPass.run(&compilation)
        ScriptFilesPass.run(&compilation)
        return CompileResult(plan: compilation.makePlan(), diagnostics: withoutSupersededSchemaDiagnostics(compilation.diagnostics))
    }

    /// Drops a schema diagnostic where a compiler pass reported the same spot at least as
    /// seriously: the pass knows more (a removed middleware and its replacement, a property
    /// missing its type), so the user reads one message per mistake.
    static func withoutSupersededSchemaDiagnostics(_ diagnostics: Diagnostics) -> Diagnostics {
        var strongest: [SourceLocation: Severity] = [:]
        for diagnostic in diagnostics.all where !diagnostic.code.hasPrefix("schema.") {
            guard let location = diagnostic.location else { continue }
            strongest[location] = max(strongest[location] ?? .warning, diagnostic.severity)
        }
        return Diagnostics(diagnostics.all.filter { diagnostic in
            guard diagnostic.code.hasPrefix("schema."), let location = diagnostic.location, let pass = strongest[location] else { return true }
            return pass < diagnostic.severity
        })
    }

    /// The bundled JSON Schemas, compiled once per process.
    static let validator: SchemaValidator = {
        do {
            return SchemaValidator(library: try SchemaLibrary(schemas: BundledSchemas.all))
        } catch {
            fatalError("bundled schemas do not compile: \(error)")
        }
    }()
}
