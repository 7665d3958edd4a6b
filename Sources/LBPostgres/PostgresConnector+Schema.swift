public import LBPlan
public import LBRuntime

/// `lbrun migrate` and `lbrun discover` on PostgreSQL, on a connection of their own
/// (`withSchemaConnection`). Tables are named as `prepare` names them (`PostgresTable`: the
/// `postgresql` blocks, else the datasource's schema and the model's name) and created with the
/// same statements; `PostgresSchemaPlanner` decides what is missing, `PostgresIndex` names indexes.
extension PostgresConnector: SchemaManaging {
    public static let settingsKey = "postgresql"

    public func migrationStatements(models: [ModelPlan], mode: MigrationMode) async throws -> [String] {
        let tables = try models.filter { $0.dataSource == nil || $0.dataSource == store.dataSource }.map { model in
            let table = try PostgresTable(model: model, defaultSchema: store.settings.schema)
            return (table, try PostgresIndex.of(model, table: table))
        }
        let logger = store.logger
        return try await store.withSchemaConnection { connection in
            var targets: [PostgresSchemaPlanner.Target] = []
            for (table, indexes) in tables {
                let existing = try await PostgresCatalog.existing(table, on: connection, logger: logger)
                targets.append(PostgresSchemaPlanner.Target(table: table, indexes: indexes, existing: existing))
            }
            let schemas = try await PostgresCatalog.schemas(on: connection, logger: logger)
            return PostgresSchemaPlanner.statements(for: targets, schemas: schemas, mode: mode)
        }
    }

    /// Runs `statements` in one transaction: PostgreSQL's DDL is transactional, so a statement
    /// that fails leaves the database as it was.
    public func apply(_ statements: [String]) async throws {
        let logger = store.logger
        try await store.withSchemaConnection { connection in
            try await PostgresTransaction.run(on: connection, send: PostgresTransaction.plain(logger: logger)) {
                for statement in statements {
                    _ = try await PostgresStore.rows(connection, statement, [], logger: logger)
                }
            }
        }
    }

    /// The tables of `schema`, else of the datasource's `schema` setting (`public` by default).
    public func discover(schema: String?, tables: [String]?) async throws -> [DiscoveredTable] {
        let logger = store.logger
        let schema = schema ?? store.settings.schema
        return try await store.withSchemaConnection { connection in
            try await PostgresDiscovery.tables(schema: schema, only: tables, on: connection, logger: logger)
        }
    }
}
