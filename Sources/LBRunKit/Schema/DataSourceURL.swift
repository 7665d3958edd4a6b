import LBCore
import LBPlan
import LBRuntime
import LBSQLite

/// `discover --url`: a datasource without an app. `sqlite:./file.db` (or a bare path) is an
/// SQLite file; `SCHEME://…` is the connector named by the scheme with the text as its `url`
/// setting (`postgresql://user@host/db`).
enum DataSourceURL {
    /// The datasource `name` the URL describes; throws `BootError` for an unknown scheme.
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
        let settings: JSONValue = module.id == SQLiteConnector.info.id ? ["file": .string(rest)] : ["url": .string(text)]
        return DataSourcePlan(name: name, connector: module.id, connectorName: scheme, settings: settings, origin: origin)
    }
}
