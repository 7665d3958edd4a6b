import Logging
import PostgresNIO

/// What a database has of the tables `lbrun migrate` brings up to date, read from `pg_catalog`.
enum PostgresCatalog {
    /// The names of the database's schemas.
    static func schemas(on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        let rows = try await PostgresStore.rows(connection, "SELECT nspname::text FROM pg_namespace", [], logger: logger)
        return Set(rows.compactMap { $0[0] })
    }

    /// The columns and index names of `table`, or `nil` when its schema has no such table.
    static func existing(_ table: PostgresTable, on connection: PostgresConnection, logger: Logger) async throws -> PostgresSchemaPlanner.Existing? {
        let columns = try await PostgresStore.rows(
            connection,
            """
            SELECT a.attname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')
            """,
            [table.schema, table.name], logger: logger)
        guard !columns.isEmpty else { return nil }
        let indexes = try await PostgresStore.rows(
            connection, "SELECT indexname::text FROM pg_indexes WHERE schemaname = $1 AND tablename = $2", [table.schema, table.name],
            logger: logger)
        return PostgresSchemaPlanner.Existing(columns: Set(columns.compactMap { $0[0] }), indexes: Set(indexes.compactMap { $0[0] }))
    }
}
