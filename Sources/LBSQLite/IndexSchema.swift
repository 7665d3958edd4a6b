import LBCore
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

    /// The indexes `model` declares, on `table` whose property columns are `columns`. Accepts
    /// LoopBack's forms: `{"keys": {"a": 1}, "options": {"unique": true}}`,
    /// `{"columns": "a, b", "kind": "unique"}` and `{"a": 1, "b": -1}`; keys name properties or
    /// columns. A key that names neither is an error naming the index.
    static func of(_ model: ModelPlan, table: String, columns: [ColumnSchema]) throws -> [IndexSchema] {
        func column(_ key: String) throws -> String {
            if let byProperty = columns.first(where: { $0.property == key }) { return byProperty.name }
            if let byName = columns.first(where: { $0.name.lowercased() == key.lowercased() }) { return byName.name }
            throw LoopBackError(
                statusCode: 500, message: "sqlite: an index of model \(model.name) names '\(key)', which is neither a property nor a column")
        }
        var indexes: [IndexSchema] = []
        for (key, spec) in model.indexes?.objectValue ?? [:] {
            let keys = IndexSchema.keys(of: spec)
            guard !keys.isEmpty else { continue }
            indexes.append(IndexSchema(name: "\(table)_\(key)", columns: try keys.map(column), unique: isUnique(spec)))
        }
        for property in model.properties {
            guard let spec = property.settings["index"], spec.isTruthy, let name = columns.first(where: { $0.property == property.name })?.name
            else { continue }
            indexes.append(IndexSchema(name: "\(table)_\(name)_index", columns: [name], unique: isUnique(spec)))
        }
        return indexes
    }

    /// The keys an entry of `indexes` covers, in order.
    private static func keys(of spec: JSONValue) -> [String] {
        if let text = spec["columns"]?.stringValue {
            return text.split(separator: ",").compactMap { $0.split(separator: " ").first.map(String.init) }
        }
        if let keys = spec["keys"]?.objectValue { return Array(keys.keys) }
        let settings: Set<String> = ["options", "unique", "kind", "type", "name"]
        return spec.objectValue?.keys.filter { !settings.contains($0) } ?? []
    }

    private static func isUnique(_ spec: JSONValue) -> Bool {
        spec["unique"]?.boolValue == true || spec["options"]?["unique"]?.boolValue == true
            || spec["kind"]?.stringValue?.lowercased() == "unique"
    }
}
