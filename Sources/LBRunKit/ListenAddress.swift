import LBCore
import LBPlan

/// Where the server listens, and where each part came from (LoopBack 3 let `HOST`/`PORT` silently
/// beat config.json; lbrun says which one won in the banner).
struct ListenAddress {
    let host: String
    let port: Int
    let source: String

    /// Flags, then the `HOST`/`PORT` variables, then config.json, then all interfaces on 3000.
    static func resolve(flagHost: String?, flagPort: Int?, environment: [String: String], config: AppConfigPlan) -> ListenAddress {
        var sources: [String] = []
        let host: String
        if let flagHost {
            host = flagHost
            sources.append("--host")
        } else if let value = environment["HOST"], !value.isEmpty {
            host = value
            sources.append("$HOST")
        } else if let value = config.host, !value.isEmpty {
            host = value
        } else {
            host = "0.0.0.0"
        }
        let port: Int
        if let flagPort {
            port = flagPort
            sources.append("--port")
        } else if let value = environment["PORT"].flatMap(Int.init) {
            port = value
            sources.append("$PORT")
        } else if let value = config.port.numberValue.map(Int.init) ?? config.port.stringValue.flatMap(Int.init) {
            port = value
        } else {
            port = 3000
        }
        return ListenAddress(host: host, port: port, source: sources.isEmpty ? "config" : sources.joined(separator: ", "))
    }
}
