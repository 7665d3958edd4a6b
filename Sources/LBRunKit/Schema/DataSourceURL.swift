import Foundation
import LBCore
import LBPlan
import LBRuntime
import LBSQLite

/// `discover --url`: a datasource without an app. `sqlite:./file.db` (or a bare path) is an
/// SQLite file; `SCHEME://…` is the connector named by the scheme with the text as its `url`
/// setting (`postgres://user:password@host:port/db?schema=s&sslmode=require`).
enum DataSourceURL {
    /// The datasource `name` the URL describes; throws `BootError` for an unknown scheme, or for a
    /// server URL without `//` and a host. Messages never repeat the URL (it may hold a password).
    static func dataSource(_ text: String, name: String) throws -> DataSourcePlan {
        let origin = SourceLocation(file: "--url", line: 1, column: 1)
        let scheme = text.firstIndex(of: ":").map { String(text[..<$0]) }
        guard let scheme, scheme.count > 1, !scheme.contains("/"), !scheme.contains(".") else {
            return DataSourcePlan(name: name, connector: SQLiteConnector.info.id, connectorName: "sqlite", settings: ["file": .string(text)], origin: origin)
        }
        guard let module = Builtins.catalog.resolve(scheme, as: .connector) else {
            throw BootError(
                "--url names unknown connector '\(scheme)'", hint: Suggestion.hint(for: scheme, in: Builtins.catalog.names(of: .connector)))
        }
        let rest = String(text[text.index(after: text.firstIndex(of: ":")!)...])
        if module.id == SQLiteConnector.info.id {
            return DataSourcePlan(name: name, connector: module.id, connectorName: scheme, settings: ["file": .string(rest)], origin: origin)
        }
        guard rest.hasPrefix("//"), let host = URLComponents(string: text)?.host, !host.isEmpty else {
            throw BootError("--url is not a \(scheme):// URL with a host", hint: "write \(scheme)://user:password@host:port/database")
        }
        return DataSourcePlan(name: name, connector: module.id, connectorName: scheme, settings: ["url": .string(text)], origin: origin)
    }
}
