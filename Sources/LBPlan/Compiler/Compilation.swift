import LBConfig
import LBCore

/// The state the compiler passes share: inputs, what earlier passes produced, and diagnostics.
struct Compilation {
    let layout: AppLayout
    let options: BootOptions
    let validator: SchemaValidator
    var diagnostics = Diagnostics()

    /// Files read, in order (app-relative).
    var files: [String] = []
    /// Files found but not run.
    var ignoredFiles: [String] = []
    /// Config artifacts (`datasources`, …) with a layer that could not be read.
    var unreadableArtifacts: Set<String> = []
    /// Model names (from file names) whose definition file could not be read.
    var unreadableModels: Set<String> = []
    /// Mixin names (from file names) whose file could not be read.
    var unreadableMixins: Set<String> = []

    // Merged, substituted and schema-checked artifacts.
    var config = ConfigArtifact()
    var appSettings: JSONValue = [:]
    var dataSourcesNode: ConfigNode?
    var modelConfigNode: ConfigNode?
    var middlewareNode: ConfigNode?
    var middlewareFile: String?
    var componentsNode: ConfigNode?

    // Results.
    var appConfig: AppConfigPlan?
    var dataSources: [DataSourcePlan] = []
    /// Model definitions found in `_meta.sources`, by model name.
    var definitions: [String: ModelSource] = [:]
    /// Declarative mixin files found in `_meta.mixins`, by mixin name.
    var mixinSources: [String: MixinSource] = [:]
    /// JavaScript mixin files, by mixin name, to explain why they cannot be used.
    var scriptMixins: [String: String] = [:]
    /// The mixin folders searched, for messages.
    var mixinDirectories: [String] = []
    /// model-config entries in file order.
    var modelEntries: [ModelConfigEntry] = []
    /// Models to build: model-config entries plus the custom bases they pull in, bases first.
    var buildOrder: [String] = []
    /// Effective definitions after inheritance and mixins, by model name.
    var resolved: [String: ResolvedModel] = [:]
    var models: [ModelPlan] = []
    var phases: [String] = []
    var middleware: [MiddlewarePlan] = []
    var components: [ComponentPlan] = []

    init(layout: AppLayout, options: BootOptions, validator: SchemaValidator) {
        self.layout = layout
        self.options = options
        self.validator = validator
    }

    /// The plan assembled from what the passes produced.
    func makePlan() -> AppPlan? {
        guard let appConfig else { return nil }
        return AppPlan(
            environment: options.environment, serverDirectory: layout.serverDirectory, files: files, config: appConfig,
            dataSources: dataSources, models: models, phases: phases, middleware: middleware, components: components,
            ignoredFiles: ignoredFiles)
    }

    /// Index of the model plan named `name`.
    func modelIndex(_ name: String) -> Int? {
        models.firstIndex { $0.name == name }
    }

    /// The directory of the config folder, app-relative.
    var serverDirectory: String { layout.serverDirectory }
}

/// `config.*` after merging.
struct ConfigArtifact {
    var node: ConfigNode?
}

/// A model definition file.
struct ModelSource {
    let name: String
    /// The definition, with `name` filled in.
    let node: ConfigNode
    let file: String
    let isBuiltin: Bool
}

/// A declarative mixin file.
struct MixinSource {
    let name: String
    let node: ConfigNode
    let file: String
}

/// One model-config entry.
struct ModelConfigEntry {
    let name: String
    let node: ConfigNode
    /// The datasource name, or `nil` when the model is not attached.
    var dataSource: String?
    var isPublic: Bool
}

/// A model's effective definition: name, base chain and a merged definition tree whose
/// `properties` member holds the properties and whose other members are settings.
struct ResolvedModel {
    let name: String
    let base: String?
    let ancestors: [String]
    var definition: ConfigNode
    let origin: SourceLocation
    let isBuiltin: Bool
    /// Built-in mixins applied, with options, for their runtime behaviour.
    var mixins: [MixinUse]
}
