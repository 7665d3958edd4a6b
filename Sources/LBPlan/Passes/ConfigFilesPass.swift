import LBConfig
import LBCore

/// Loads the five config artifacts with their overlays, substitutes `${VAR}` where LoopBack 3
/// does (datasources, middleware, component-config), and checks each against its schema.
enum ConfigFilesPass {
    static func run(_ c: inout Compilation) {
        let loader = LayeredConfigLoader(appDirectory: c.layout.directory, environment: c.options.environment)

        let config = load("config", rules: .generic, loader, &c)
        c.config.node = config.map { c.validator.validate($0, against: "config.schema.json", diagnostics: &c.diagnostics) }
        c.appSettings = appSettings(config: c.config.node, environment: c.options.environment)

        var substituter = VariableSubstituter(environment: c.options.variables, appSettings: c.appSettings)
        c.dataSourcesNode = load("datasources", rules: .generic, loader, &c)
            .flatMap { substituter.substitute($0, diagnostics: &c.diagnostics) }
            .map { c.validator.validate($0, against: "datasources.schema.json", diagnostics: &c.diagnostics) }
        c.modelConfigNode = load("model-config", rules: .generic, loader, &c)
            .map { c.validator.validate($0, against: "model-config.schema.json", diagnostics: &c.diagnostics) }
        let middleware = loader.load(stem: "middleware", in: c.serverDirectory, rules: .middleware, diagnostics: &c.diagnostics)
        c.files += middleware.files
        c.middlewareFile = middleware.files.first
        c.middlewareNode = (middleware.files.isEmpty ? BuiltinModels.defaultMiddleware : middleware.node)
            .flatMap { substituter.substitute($0, diagnostics: &c.diagnostics) }
            .map { c.validator.validate($0, against: "middleware.schema.json", diagnostics: &c.diagnostics) }
        c.componentsNode = load("component-config", rules: .generic, loader, &c)
            .flatMap { substituter.substitute($0, diagnostics: &c.diagnostics) }
            .map { c.validator.validate($0, against: "component-config.schema.json", diagnostics: &c.diagnostics) }
        if let summary = substituter.unresolvedSummary() { c.diagnostics.append(summary) }
    }

    private static func load(
        _ stem: String, rules: LayeredConfigLoader.MergeRules, _ loader: LayeredConfigLoader, _ c: inout Compilation
    ) -> ConfigNode? {
        let result = loader.load(stem: stem, in: c.serverDirectory, rules: rules, diagnostics: &c.diagnostics)
        c.files += result.files
        if result.incomplete { c.unreadableArtifacts.insert(stem) }
        return result.node
    }

    /// The values `${name}` may refer to: config keys plus `restApiRoot`, `host`, `port`, `env`.
    static func appSettings(config: ConfigNode?, environment: String) -> JSONValue {
        var settings = config?.json.objectValue ?? [:]
        if settings["restApiRoot"] == nil { settings["restApiRoot"] = "/api" }
        if settings["port"] == nil { settings["port"] = 3000 }
        settings["env"] = .string(environment)
        return .object(settings)
    }
}
