public import LBCore
public import LBPlan
public import LBRuntime
public import Logging

/// `lbrun migrate` as a Swift API: brings the tables of an app's datasources up to date.
public enum Migration {
    /// What happened to one datasource.
    public struct Report: Sendable, Equatable {
        public let dataSource: String
        /// The connector as the config names it.
        public let connector: String
        /// The statements run (or, in a dry run, that would run); empty when nothing was to do.
        public let statements: [String]
        /// Why the datasource was skipped (its connector manages no schema), else `nil`.
        public let skipped: String?
        /// The models whose tables were migrated (for `.recreate`: dropped, with their rows, and created again).
        public let models: [String]
    }

    /// Migrates every datasource of `plan` (or only `dataSource`) whose connector is
    /// `SchemaManaging`, for the models attached to it. With `dryRun`, computes the statements and
    /// changes nothing. Throws `BootError` for an unknown datasource or one that cannot be opened.
    public static func run(
        _ plan: AppPlan, appDirectory: String, dataSource: String? = nil, mode: MigrationMode, dryRun: Bool,
        connectors: [ModuleID: any Connector.Type] = Builtins.connectors, logger: Logger
    ) async throws -> [Report] {
        var dataSources = plan.dataSources
        if let dataSource {
            guard let named = plan.dataSource(named: dataSource) else {
                throw BootError(
                    "the app has no datasource named '\(dataSource)'", hint: "its datasources are: \(plan.dataSources.map(\.name).joined(separator: ", "))")
            }
            dataSources = [named]
        }
        var reports: [Report] = []
        for source in dataSources {
            let models = plan.models.filter { $0.dataSource == source.name }
            guard let type = source.connector.flatMap({ connectors[$0] }) else {
                reports.append(skip(source, "connector '\(source.connectorName)' is not available in this lbrun build"))
                continue
            }
            guard type is any SchemaManaging.Type else {
                reports.append(skip(source, "connector '\(source.connectorName)' has no schema to migrate"))
                continue
            }
            let connector = try SchemaConnector.make(type, for: source, appDirectory: appDirectory, logger: logger)
            do {
                let statements = try await connector.migrationStatements(models: models, mode: mode)
                if !dryRun, !statements.isEmpty { try await connector.apply(statements) }
                try await connector.shutdown()
                reports.append(
                    Report(
                        dataSource: source.name, connector: source.connectorName, statements: statements, skipped: nil,
                        models: models.map(\.name)))
            } catch {
                try? await connector.shutdown()
                throw BootError("cannot migrate datasource '\(source.name)': \(RuntimeApp.describe(error))", at: source.origin)
            }
        }
        return reports
    }

    private static func skip(_ source: DataSourcePlan, _ reason: String) -> Report {
        Report(dataSource: source.name, connector: source.connectorName, statements: [], skipped: reason, models: [])
    }
}
