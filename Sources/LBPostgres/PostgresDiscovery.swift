import LBRuntime
import Logging
import PostgresNIO

/// Reads the tables of a PostgreSQL schema from `pg_catalog`: ordinary and partitioned tables
/// (not views, not partitions), their columns in table order with the type `format_type` names
/// (`integer`, `character varying(40)`, `timestamp with time zone`, `numeric(10,2)`, `integer[]`),
/// and their single-column foreign keys. lbrun's own columns (`_lbrun_row`, `_lbrun_extra`) are
/// left out.
enum PostgresDiscovery {
    /// The tables of `schema`, sorted by name; only those named in `only` (their exact name, else
    /// in any case) when given. A missing schema or table is a 404 naming it.
    static func tables(schema: String, only: [String]?, on connection: PostgresConnection, logger: Logger) async throws -> [DiscoveredTable] {
        guard try await !PostgresStore.rows(connection, "SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema], logger: logger).isEmpty else {
            throw LoopBackError(statusCode: 404, message: "postgresql: the database has no schema '\(schema)'")
        }
        let rows = try await PostgresStore.rows(
            connection,
            """
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """,
            [schema], logger: logger)
        var names = rows.compactMap { $0[0] }.sorted()
        if let only {
            let found = only.map { wanted in names.first { $0 == wanted } ?? names.first { $0.lowercased() == wanted.lowercased() } }
            let missing = zip(only, found).filter { $0.1 == nil }.map { "'\($0.0)'" }
            guard missing.isEmpty else {
                throw LoopBackError(statusCode: 404, message: "postgresql: schema '\(schema)' has no table named \(missing.joined(separator: ", "))")
            }
            names = Set(found.compactMap { $0 }).sorted()
        }
        var tables: [DiscoveredTable] = []
        for name in names { tables.append(try await table(name, schema: schema, on: connection, logger: logger)) }
        return tables
    }

    /// One table's columns and single-column foreign keys.
    static func table(_ name: String, schema: String, on connection: PostgresConnection, logger: Logger) async throws -> DiscoveredTable {
        let rows = try await PostgresStore.rows(
            connection,
            """
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   array_position(pk.conkey, a.attnum)::text, (a.attidentity <> '')::text
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
            WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """,
            [schema, name], logger: logger)
        let reserved: Set<String> = [PostgresTable.rowColumn, PostgresTable.extraColumn]
        let columns = rows.compactMap { row -> DiscoveredColumn? in
            guard let column = row[0], !reserved.contains(column) else { return nil }
            let position = row[4].flatMap { Int($0) }
            let defaultValue = row[3]
            return DiscoveredColumn(
                name: column, sqlType: row[1] ?? "", nullable: row[2] != "true" && position == nil, defaultValue: defaultValue,
                primaryKeyPosition: position,
                // Identity columns, and serial ones (whose default draws from a sequence).
                generated: row[5] == "true" || defaultValue?.hasPrefix("nextval(") == true)
        }
        let keys = try await PostgresStore.rows(
            connection,
            """
            SELECT a.attname::text, rn.nspname::text, rc.relname::text, ra.attname::text
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
            JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
            WHERE con.contype = 'f' AND n.nspname = $1 AND c.relname = $2 AND cardinality(con.conkey) = 1
            ORDER BY a.attnum, con.conname
            """,
            [schema, name], logger: logger)
        let foreignKeys = keys.compactMap { row -> DiscoveredForeignKey? in
            guard let column = row[0], let table = row[2], let target = row[3] else { return nil }
            return DiscoveredForeignKey(column: column, referencedSchema: row[1], referencedTable: table, referencedColumn: target)
        }
        return DiscoveredTable(schema: schema, name: name, columns: columns, foreignKeys: foreignKeys)
    }
}
