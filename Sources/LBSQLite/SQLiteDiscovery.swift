import LBRuntime
import SQLiteNIO

/// Reads the tables of an SQLite database: `sqlite_master` for their names, `PRAGMA table_info`
/// for columns and `PRAGMA foreign_key_list` for foreign keys. lbrun's own `_lbrun_extra` column
/// is left out.
enum SQLiteDiscovery {
    /// The tables of the database, sorted by name; only those named in `only` (any case) when given.
    static func tables(only: [String]?, on db: SQLiteConnection) async throws -> [DiscoveredTable] {
        let rows = try await db.query(
            #"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name"#)
        var names = rows.compactMap { $0.column("name")?.string }
        if let only {
            let available = Dictionary(names.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
            let missing = only.filter { available[$0.lowercased()] == nil }
            guard missing.isEmpty else {
                throw LoopBackError(
                    statusCode: 404, message: "sqlite: the database has no table named \(missing.map { "'\($0)'" }.joined(separator: ", "))")
            }
            names = only.compactMap { available[$0.lowercased()] }.sorted()
        }
        var tables: [DiscoveredTable] = []
        for name in names { tables.append(try await table(name, on: db)) }
        return tables
    }

    /// One table's columns and single-column foreign keys.
    static func table(_ name: String, on db: SQLiteConnection) async throws -> DiscoveredTable {
        let info = try await db.query("SELECT name, type, \"notnull\" AS not_null, dflt_value, pk FROM pragma_table_info(?) ORDER BY cid", [.text(name)])
        let keyCount = info.filter { ($0.column("pk")?.integer ?? 0) > 0 }.count
        var columns: [DiscoveredColumn] = []
        for row in info {
            guard let column = row.column("name")?.string, column.lowercased() != TableSchema.extraColumn.lowercased() else { continue }
            let type = row.column("type")?.string ?? ""
            let position = row.column("pk")?.integer.flatMap { $0 > 0 ? Int($0) : nil }
            columns.append(
                DiscoveredColumn(
                    name: column, sqlType: type, nullable: row.column("not_null")?.integer == 0 && position == nil,
                    defaultValue: row.column("dflt_value")?.string, primaryKeyPosition: position,
                    // A single INTEGER PRIMARY KEY is the rowid: SQLite fills it in.
                    generated: position != nil && keyCount == 1 && type.uppercased() == "INTEGER"))
        }
        let keys = try await db.query("SELECT id, seq, \"table\" AS target, \"from\" AS source, \"to\" AS target_column FROM pragma_foreign_key_list(?)", [.text(name)])
        let compositeIds = Set(keys.filter { ($0.column("seq")?.integer ?? 0) > 0 }.compactMap { $0.column("id")?.integer })
        var foreignKeys: [DiscoveredForeignKey] = []
        for key in keys where !compositeIds.contains(key.column("id")?.integer ?? -1) {
            guard let source = key.column("source")?.string, let target = key.column("target")?.string else { continue }
            var targetColumn = key.column("target_column")?.string
            if targetColumn == nil {
                // `REFERENCES t` without a column references t's primary key.
                targetColumn = try await self.table(target, on: db).primaryKey.first?.name
            }
            guard let targetColumn else { continue }
            foreignKeys.append(DiscoveredForeignKey(column: source, referencedSchema: nil, referencedTable: target, referencedColumn: targetColumn))
        }
        let order = Dictionary(columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        foreignKeys.sort { (order[$0.column] ?? 0) < (order[$1.column] ?? 0) }
        return DiscoveredTable(schema: nil, name: name, columns: columns, foreignKeys: foreignKeys)
    }
}
