public import LBCore

/// A LoopBack 3 app, fully resolved: what `serve` provisions and what `lbrun plan` prints.
///
/// Built by `BootCompiler` from the app directory with no networking; every part keeps the
/// `origin` of the config that defined it, so later stages can still point at a line.
public struct AppPlan: Sendable, Codable, Equatable {
    /// The environment whose overlays were applied (`development` unless set).
    public var environment: String
    /// The directory holding `config.json` and friends, relative to the app directory (`server` or `""`).
    public var serverDirectory: String
    /// Every config and model file read, in reading order, relative to the app directory.
    public var files: [String]
    public var config: AppConfigPlan
    public var dataSources: [DataSourcePlan]
    /// Every model the app defines, bases before the models that extend them.
    public var models: [ModelPlan]
    /// Middleware phases in execution order (built-in phases merged with custom ones).
    public var phases: [String]
    /// Enabled middleware in execution order.
    public var middleware: [MiddlewarePlan]
    /// Enabled components in config order.
    public var components: [ComponentPlan]
    /// Files lbrun found but does not run (JavaScript boot scripts, model scripts, mixins).
    public var ignoredFiles: [String]

    /// The model named `name`, if the app defines it.
    public func model(named name: String) -> ModelPlan? {
        models.first { $0.name == name }
    }

    /// The datasource named `name`, if configured.
    public func dataSource(named name: String) -> DataSourcePlan? {
        dataSources.first { $0.name == name }
    }
}

/// Application settings from `config.*`.
public struct AppConfigPlan: Sendable, Codable, Equatable {
    /// Mount path of the REST API. Default `/api`.
    public var restApiRoot: String
    /// Bind address from the config file; the `HOST` variable may override it when serving.
    public var host: String?
    /// Bind port from the config file (a number, or a string for a named pipe); default 3000.
    public var port: JSONValue
    /// Status for ACL denials of requests that carry a valid token (401 unless set).
    public var aclErrorStatus: Int?
    /// Every key of the merged config file, as app settings readable through `${name}`.
    public var settings: JSONValue
}

/// One entry of `datasources.*`.
public struct DataSourcePlan: Sendable, Codable, Equatable {
    public var name: String
    /// The connector module lbrun will use, or `nil` when the app names a connector lbrun does not ship.
    public var connector: ModuleID?
    /// The connector name as written in the config file.
    public var connectorName: String
    /// Every setting after `${VAR}` substitution, passed to the connector.
    public var settings: JSONValue
    public var origin: SourceLocation
    public init(name: String, connector: ModuleID?, connectorName: String, settings: JSONValue, origin: SourceLocation) {
        self.name = name
        self.connector = connector
        self.connectorName = connectorName
        self.settings = settings
        self.origin = origin
    }
}

/// One middleware instance in `middleware.*`, enabled and resolved to a module.
public struct MiddlewarePlan: Sendable, Codable, Equatable {
    /// The phase slot it runs in, such as `routes:before` or `final`.
    public var phase: String
    /// The reference as written (`loopback#rest`, `cors`).
    public var reference: String
    public var module: ModuleID
    /// Arguments for the middleware after `${VAR}` and `$!path` resolution, if any.
    public var params: JSONValue?
    /// Mount paths; `["/"]` when not given.
    public var paths: [String]
    /// HTTP methods it applies to; `nil` for all.
    public var methods: [String]?
    /// The entry's `name`, used to merge array entries across overlays.
    public var name: String?
    public var origin: SourceLocation

    public init(
        phase: String, reference: String, module: ModuleID, params: JSONValue?, paths: [String], methods: [String]?, name: String?,
        origin: SourceLocation
    ) {
        self.phase = phase
        self.reference = reference
        self.module = module
        self.params = params
        self.paths = paths
        self.methods = methods
        self.name = name
        self.origin = origin
    }
}

extension MiddlewarePlan {
    /// The index in `middleware` (sorted by phase) of the first entry after `routes:before`: where
    /// routes mounted without a phase run (components, the REST API LoopBack 2 mounted from a boot
    /// script, the status reply of `server/boot/root.js`).
    public static func routesPhaseStart(in middleware: [MiddlewarePlan], phases: [String]) -> Int {
        let routes = phases.firstIndex(of: "routes") ?? phases.count
        return middleware.firstIndex { entry in
            let parts = entry.phase.split(separator: ":").map(String.init)
            let phase = phases.firstIndex(of: parts[0]) ?? 0
            return phase > routes || (phase == routes && parts.last != "before")
        } ?? middleware.count
    }
}

/// One enabled entry of `component-config.*`.
public struct ComponentPlan: Sendable, Codable, Equatable {
    /// The reference as written (`loopback-component-explorer`).
    public var reference: String
    public var module: ModuleID
    public var options: JSONValue
    public var origin: SourceLocation
}
