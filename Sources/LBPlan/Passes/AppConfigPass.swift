import LBConfig
import LBCore

/// Reads application settings from `config.*` into an `AppConfigPlan` and rejects options
/// LoopBack 3 removed.
enum AppConfigPass {
    static func run(_ c: inout Compilation) {
        let node = c.config.node
        var restApiRoot = "/api"
        if let root = node?["restApiRoot"], let value = root.string {
            if value.hasPrefix("/") {
                restApiRoot = value.count > 1 && value.hasSuffix("/") ? String(value.dropLast()) : value
            } else {
                c.diagnostics.error(
                    "config.rest-api-root", "'restApiRoot' must start with '/'", at: root.location, hint: "write \"/\(value)\"")
            }
        }
        if let remoting = node?["remoting"] {
            for (key, replacement) in [("cors", "the 'cors' middleware in middleware.json"), ("context", "nothing: per-request context was dropped")] {
                if let value = remoting[key], value.isTruthy {
                    c.diagnostics.error(
                        "config.removed-option", "'remoting.\(key)' was removed in LoopBack 3", at: value.nameLocation,
                        hint: "set it to false; use \(replacement)")
                }
            }
        }
        var aclErrorStatus: Int?
        if let status = node?["aclErrorStatus"]?.number { aclErrorStatus = Int(status) }
        c.appConfig = AppConfigPlan(
            restApiRoot: restApiRoot,
            host: node?["host"]?.string,
            port: node?["port"]?.json ?? 3000,
            aclErrorStatus: aclErrorStatus,
            settings: node?.json ?? [:])
    }
}
