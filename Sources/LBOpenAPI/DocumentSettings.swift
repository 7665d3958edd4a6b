public import LBCore
public import LBPlan

/// What a document says about the API as a whole: base path, `info`, host and scheme — from the
/// explorer's options, the app's config and its `package.json` (boot-and-config.md §10.2).
public struct DocumentSettings: Sendable {
    /// The REST root the paths are relative to (`/api`), without a trailing `/`.
    public var basePath: String
    /// The `info` object: `title`, `description` and `version` always present.
    public var info: JSONValue
    /// Swagger's `host` (`api.example.org`), when set.
    public var host: String?
    /// The one scheme to announce (`https`), when set.
    public var scheme: String?
    /// Extra top-level keys of the Swagger 2.0 document (config.json `swagger`, less its generator flags).
    public var swaggerExtras: JSONValue

    /// Settings from the explorer `options` (or `nil` outside the explorer), the plan's config
    /// and `package` (the parsed `package.json`, if the app has one).
    public init(plan: AppPlan, options: JSONValue?, package: JSONValue?) {
        let settings = plan.config.settings
        var base = options?["basePath"]?.stringValue ?? plan.config.restApiRoot
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        basePath = base.isEmpty ? "/" : base
        let version = options?["version"]?.stringValue ?? package?["version"]?.stringValue ?? "1.0.0"
        var info = (options?["apiInfo"] ?? settings["apiInfo"])?.objectValue ?? [:]
        if info["title"]?.stringValue == nil { info["title"] = .string(package?["name"]?.stringValue ?? "LoopBack Application") }
        if info["description"]?.stringValue == nil {
            info["description"] = .string(package?["description"]?.stringValue ?? "LoopBack Application")
        }
        if info["version"]?.stringValue == nil { info["version"] = .string(version) }
        self.info = .object(info)
        host = options?["host"]?.stringValue
        scheme = options?["protocol"]?.stringValue
        var extras = settings["swagger"]?.objectValue ?? [:]
        for flag in ["generateOperationScopedModels", "generateRelationProperties", "requireToken"] { extras[flag] = nil }
        swaggerExtras = .object(extras)
    }
}
