public import LBCore
public import LBPlan
public import LBRuntime
public import Logging

/// `lbrun discover` as a Swift API: model definitions from the tables a database already has.
public enum Discovery {
    /// The models of the tables of `dataSource` (of `schema`; only `tables` when given), with
    /// notes about foreign keys left out. Throws `BootError` when the datasource's connector
    /// cannot discover or the database cannot be read.
    public static func models(
        of dataSource: DataSourcePlan, appDirectory: String, schema: String? = nil, tables: [String]? = nil,
        connectors: [ModuleID: any Connector.Type] = Builtins.connectors, logger: Logger
    ) async throws -> (models: [DiscoveredModel], notes: [String]) {
        guard let type = dataSource.connector.flatMap({ connectors[$0] }) else {
            throw BootError(
                "connector '\(dataSource.connectorName)' of datasource '\(dataSource.name)' is not available in this lbrun build",
                at: dataSource.origin)
        }
        guard let schemaType = type as? any SchemaManaging.Type else {
            throw BootError(
                "connector '\(dataSource.connectorName)' of datasource '\(dataSource.name)' has no tables to discover", at: dataSource.origin)
        }
        let connector = try SchemaConnector.make(type, for: dataSource, appDirectory: appDirectory, logger: logger)
        do {
            let discovered = try await connector.discover(schema: schema, tables: tables)
            try await connector.shutdown()
            return DiscoveredModels.build(discovered, settingsKey: schemaType.settingsKey)
        } catch {
            try? await connector.shutdown()
            throw BootError("cannot discover datasource '\(dataSource.name)': \(RuntimeApp.describe(error))", at: dataSource.origin)
        }
    }
}
