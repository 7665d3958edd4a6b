import Foundation
public import LBPlan
public import LBRuntime

/// `lbrun migrate` and `lbrun discover` on SQLite. Statements come from `SchemaPlanner`, the same
/// code that readies tables at boot; indexes are named `<table>_<key>` and `<table>_<column>_index`.
extension SQLiteConnector: SchemaManaging {
    public static let settingsKey = "sqlite3"

    public func migrationStatements(models: [ModelPlan], mode: MigrationMode) async throws -> [String] {
        let tables = try attachedModels(models).map { model in
            let schema = try TableSchema(model: model)
            return (schema, try IndexSchema.of(model, table: schema.name, columns: schema.columns))
        }
        guard databaseExists else {
            // Nothing exists yet; computing the statements does not create the file.
            return tables.flatMap { SchemaPlanner.statements(for: $0.0, indexes: $0.1, existing: nil, mode: mode) }
        }
        return try await store.withDatabase { db in
            var statements: [String] = []
            for (schema, indexes) in tables {
                let existing = try await SQLiteStore.existing(schema.name, on: db)
                statements += SchemaPlanner.statements(for: schema, indexes: indexes, existing: existing, mode: mode)
            }
            return statements
        }
    }

    public func apply(_ statements: [String]) async throws {
        try await store.apply(statements)
    }

    public func discover(schema: String?, tables: [String]?) async throws -> [DiscoveredTable] {
        if let schema, schema != "main" {
            throw LoopBackError(statusCode: 400, message: "sqlite: a database file has one schema, 'main' (asked for '\(schema)')")
        }
        guard databaseExists else {
            throw LoopBackError(statusCode: 404, message: "sqlite: there is no database file '\(path)'")
        }
        return try await store.withDatabase { db in try await SQLiteDiscovery.tables(only: tables, on: db) }
    }

    /// False for a database file that does not exist yet (an in-memory database always exists).
    private var databaseExists: Bool {
        store.isMemory || FileManager.default.fileExists(atPath: path)
    }
}
