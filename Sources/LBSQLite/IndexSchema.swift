import LBPlan
import LBRuntime

/// One index of a model's table, from the model's `indexes` setting or a property's `index`.
///
/// SQLite index names are unique in the whole database, so each is prefixed with its table:
/// `<table>_<key>` for an entry of `indexes`, `<table>_<column>_index` for a property's `index`.
struct IndexSchema: Sendable, Equatable {
    let name: String
    /// Column names, in index order.
    let columns: [String]
    let unique: Bool

    /// `CREATE [UNIQUE] INDEX` on `table` (quoted).
    func createStatement(on table: String) -> String {
        "CREATE \(unique ? "UNIQUE " : "")INDEX \(SQL.quote(name)) ON \(table) (\(columns.map(SQL.quote).joined(separator: ", ")))"
    }

    /// The indexes `model` declares (`IndexDeclaration`), on `table` whose property columns are
    /// `columns`; keys name properties or columns, and the order direction is not used. A key that
    /// names neither is an error naming the index.
    static func of(_ model: ModelPlan, table: String, columns: [ColumnSchema]) throws -> [IndexSchema] {
        func column(_ key: IndexDeclaration.Key) throws -> String {
            if let byProperty = columns.first(where: { $0.property == key.name }) { return byProperty.name }
            if let byName = columns.first(where: { $0.name.lowercased() == key.name.lowercased() }) { return byName.name }
            throw LoopBackError(
                statusCode: 500, message: "sqlite: an index of model \(model.name) names '\(key.name)', which is neither a property nor a column")
        }
        var indexes: [IndexSchema] = []
        for declaration in IndexDeclaration.of(model) {
            let columns = try declaration.keys.map(column)
            switch declaration.source {
            case .entry(let key): indexes.append(IndexSchema(name: "\(table)_\(key)", columns: columns, unique: declaration.unique))
            case .property: indexes.append(IndexSchema(name: "\(table)_\(columns[0])_index", columns: columns, unique: declaration.unique))
            }
        }
        return indexes
    }
}
