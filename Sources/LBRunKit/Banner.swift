import LBExplorer
import LBPlan
import LBRuntime

/// The short text `serve` prints once it listens: environment, files, models, URL.
struct Banner {
    let plan: AppPlan
    /// Whether access control is on, and why (`AuthRuntime`).
    let auth: (enabled: Bool, reason: String)
    let appDirectory: String
    let address: ListenAddress

    func text(port: Int) -> String {
        let publicModels = plan.models.filter { $0.isPublic && $0.dataSource != nil }
        let dataSources = plan.dataSources.map { "\($0.name) (\($0.connectorName))" }.joined(separator: ", ")
        let shownHost = ["0.0.0.0", "::", ""].contains(address.host) ? "localhost" : address.host
        let base = "http://\(shownHost):\(port)"
        var lines = [
            "lbrun: serving \(appDirectory) in environment '\(plan.environment)'",
            "  files:       \(plan.files.count) read (\(plan.files.prefix(4).joined(separator: ", "))\(plan.files.count > 4 ? ", …" : ""))",
            "  models:      \(plan.models.count) (\(publicModels.count) public) on \(dataSources.isEmpty ? "no datasources" : dataSources)",
            "  listening:   \(address.host):\(port) (from \(address.source))",
            "  REST API:    \(base)\(plan.config.restApiRoot)",
        ]
        if let explorer = plan.components.first(where: { $0.module == ExplorerComponent.info.id }) {
            let options = ExplorerOptions(explorer.options, appDirectory: appDirectory)
            lines.append("  explorer:    \(base)\(options.mountPath)\(options.swaggerUI ? "/" : "/openapi.json")")
        }
        lines += [
            "  auth:        \(auth.enabled ? "on" : "off") (\(auth.reason))",
        ]
        if !plan.ignoredFiles.isEmpty {
            lines.append("  not run:     \(plan.ignoredFiles.count) JavaScript file\(plan.ignoredFiles.count == 1 ? "" : "s") (see lbrun validate)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
