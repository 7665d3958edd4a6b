import LBConfig
import LBCore

/// LoopBack 3's built-in models (Model, PersistedModel, User, AccessToken, …), shipped as JSON
/// definitions in `BuiltinDefinitions/` and read with the same reader as user files.
enum BuiltinModels {
    /// Definition file bytes by the name lbrun reports them under.
    static let files: [(name: String, bytes: [UInt8])] = [
        ("model.json", PackageResources.model_json),
        ("persisted-model.json", PackageResources.persisted_model_json),
        ("key-value-model.json", PackageResources.key_value_model_json),
        ("email.json", PackageResources.email_json),
        ("user.json", PackageResources.user_json),
        ("access-token.json", PackageResources.access_token_json),
        ("acl.json", PackageResources.acl_json),
        ("role.json", PackageResources.role_json),
        ("role-mapping.json", PackageResources.role_mapping_json),
        ("scope.json", PackageResources.scope_json),
        ("application.json", PackageResources.application_json),
        ("change.json", PackageResources.change_json),
        ("checkpoint.json", PackageResources.checkpoint_json),
    ]

    /// The built-in definitions by model name.
    static let sources: [String: ModelSource] = {
        var sources: [String: ModelSource] = [:]
        for (fileName, bytes) in files {
            var diagnostics = Diagnostics()
            let file = "<builtin>/\(fileName)"
            guard let node = ConfigFileReader.parse(bytes, format: .json, displayPath: file, diagnostics: &diagnostics),
                let name = node["name"]?.string
            else { fatalError("built-in model definition \(fileName) is invalid: \(diagnostics.all)") }
            sources[name] = ModelSource(name: name, node: node, file: file, isBuiltin: true)
        }
        return sources
    }()

    /// The scaffolded `middleware.json` that applies when an app has none.
    static let defaultMiddleware: ConfigNode = {
        var diagnostics = Diagnostics()
        guard let node = ConfigFileReader.parse(
            PackageResources.middleware_json, format: .json, displayPath: "<builtin>/middleware.json", diagnostics: &diagnostics)
        else { fatalError("built-in middleware.json is invalid") }
        return node
    }()
}
