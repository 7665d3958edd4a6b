import LBPlan
import LBRuntime

/// One index of a model's table, from the model's `IndexDeclaration`s.
///
/// PostgreSQL index names are unique in a schema, so each is prefixed with its table:
/// `<table>_<key>` for an entry of `indexes`, `<table>_<column>_index` for a property's `index`.
/// A name longer than PostgreSQL's 63 bytes is cut and ends with a hash of the whole name, so
/// that it is the name the database keeps (PostgreSQL would cut it silently).
struct PostgresIndex: Sendable, Equatable {
    /// One indexed column.
    struct Column: Sendable, Equatable {
        let name: String
        let descending: Bool
    }

    let name: String
    /// The columns, in index order.
    let columns: [Column]
    let unique: Bool

    /// `CREATE [UNIQUE] INDEX` on `table`.
    func createStatement(on table: PostgresTable) -> String {
        let columns = columns.map { PostgresSQL.quote($0.name) + ($0.descending ? " DESC" : "") }
        return "CREATE \(unique ? "UNIQUE " : "")INDEX \(PostgresSQL.quote(name)) ON \(table.qualifiedName) (\(columns.joined(separator: ", ")))"
    }

    /// The indexes `model` declares, on its `table`. A key names a property, else a column (its
    /// exact name, else in any case); a key that names neither, or a `JSON` column (which
    /// PostgreSQL cannot index; `JSONB` it can), is an error naming the index.
    static func of(_ model: ModelPlan, table: PostgresTable) throws -> [PostgresIndex] {
        try IndexDeclaration.of(model).map { declaration in
            let label =
                switch declaration.source {
                case .entry(let key): "index '\(key)'"
                case .property(let property): "the index of property '\(property)'"
                }
            let columns = try declaration.keys.map { key in
                guard
                    let column = table.column(key.name) ?? table.columns.first(where: { $0.name == key.name })
                        ?? table.columns.first(where: { $0.name.lowercased() == key.name.lowercased() })
                else {
                    throw LoopBackError(
                        statusCode: 500, message: "postgresql: \(label) of model \(model.name) names '\(key.name)', which is neither a property nor a column")
                }
                guard column.sqlType != "JSON" else {
                    throw LoopBackError(
                        statusCode: 500,
                        message: "postgresql: \(label) of model \(model.name) covers column \"\(column.name)\" of type JSON, which PostgreSQL cannot index; give the property \"postgresql\": {\"dataType\": \"jsonb\"}")
                }
                return Column(name: column.name, descending: key.descending)
            }
            let name =
                switch declaration.source {
                case .entry(let key): "\(table.name)_\(key)"
                case .property: "\(table.name)_\(columns[0].name)_index"
                }
            return PostgresIndex(name: identifier(name), columns: columns, unique: declaration.unique)
        }
    }

    /// `name` as PostgreSQL keeps it: unchanged up to 63 bytes, else its first bytes (whole
    /// characters), `_` and 8 hex digits of its FNV-1a hash.
    static func identifier(_ name: String) -> String {
        guard name.utf8.count > 63 else { return name }
        var hash: UInt32 = 0x811C_9DC5
        for byte in name.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        var prefix = ""
        for character in name {
            guard prefix.utf8.count + character.utf8.count <= 54 else { break }
            prefix.append(character)
        }
        let hex = String(hash, radix: 16)
        return prefix + "_" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
