import Foundation
import LBCore
import LBPlan
import LBRuntime

/// How one property is stored in its column.
enum ColumnKind: Sendable, Equatable {
    /// `number`: `REAL`.
    case real
    /// A generated number id: `INTEGER PRIMARY KEY AUTOINCREMENT`.
    case integerId
    /// `boolean`: `INTEGER` holding 0 or 1.
    case boolean
    /// `string` and `datestring`: `TEXT`.
    case text
    /// `date`: `TEXT` holding the ISO-8601 form records use (`2024-05-01T10:00:00.000Z`), which sorts by time.
    case date
    /// Everything else (`object`, `any`, arrays, model types, embedded, `geopoint`, `buffer`): `TEXT` holding JSON.
    case json

    /// The SQL type written in `CREATE TABLE` and `ALTER TABLE … ADD COLUMN`.
    var sqlType: String {
        switch self {
        case .real: "REAL"
        case .integerId, .boolean: "INTEGER"
        case .text, .date, .json: "TEXT"
        }
    }

    /// True when the column holds the value itself (not JSON text), so SQL can compare it.
    var isScalar: Bool { self != .json }

    static func of(_ type: PropertyType) -> ColumnKind {
        switch type {
        case .number: .real
        case .boolean: .boolean
        case .string, .dateString: .text
        case .date: .date
        case .object, .any, .geoPoint, .buffer, .array, .model, .embedded: .json
        }
    }
}

/// One declared property's column.
struct ColumnSchema: Sendable, Equatable {
    /// The property name in records.
    let property: String
    /// The column name in the table.
    let name: String
    let kind: ColumnKind
    /// True for a column of the primary key.
    let isId: Bool

    /// The name double-quoted for SQL.
    let quoted: String

    init(property: String, name: String, kind: ColumnKind, isId: Bool) {
        self.property = property
        self.name = name
        self.kind = kind
        self.isId = isId
        quoted = SQL.quote(name)
    }
}

/// The table of one model, derived from its plan.
///
/// The table is named by the model setting `sqlite3.table` (or `sqlite3.tableName`, or the same in
/// a `sqlite` block), else by the model's name; each declared property gets a column named by its
/// `sqlite3.columnName` (or `sqlite3.column`, or the same in a `sqlite` block), else by its name.
/// One more column, `_lbrun_extra`, holds a JSON object with everything a column cannot hold: the
/// record's undeclared (dynamic) properties, and declared scalar properties whose value is `null`
/// (or otherwise not of the column's type), so that `null` and "absent" stay distinct.
struct TableSchema: Sendable {
    static let extraColumn = "_lbrun_extra"

    let model: String
    let name: String
    /// Declared properties, in declaration order.
    let columns: [ColumnSchema]
    /// The primary-key columns, in id order.
    let idColumns: [ColumnSchema]
    private let indexByProperty: [String: Int]
    /// A name that reaches the table's rowid (`rowid`, or `_rowid_`/`oid` if a column took it).
    let rowid: String

    /// The table name double-quoted for SQL.
    let quotedName: String
    /// The select list reading every column, then the extra column.
    let selectAll: String
    static let quotedExtra = SQL.quote(extraColumn)

    /// The schema of `model`. Fails when two properties would share a column (SQLite compares
    /// names case-insensitively) or a name cannot be used.
    init(model: ModelPlan) throws {
        self.model = model.name
        let table = TableSchema.setting(model.settings, keys: ["table", "tableName"]) ?? model.name
        try TableSchema.check(identifier: table, what: "table name of model \(model.name)")
        self.name = table
        quotedName = SQL.quote(table)
        var columns: [ColumnSchema] = []
        var seen: [String: String] = [TableSchema.extraColumn.lowercased(): TableSchema.extraColumn]
        let singleGeneratedNumberId =
            model.idProperties.count == 1
            && model.property(named: model.idProperties[0]).map { $0.generated && $0.type == .number } == true
        for property in model.properties {
            let column = TableSchema.setting(property.settings, keys: ["columnName", "column"]) ?? property.name
            try TableSchema.check(identifier: column, what: "column of \(model.name).\(property.name)")
            if let other = seen[column.lowercased()] {
                throw LoopBackError(
                    statusCode: 500,
                    message:
                        "sqlite: \(model.name).\(property.name) would be stored in column \"\(column)\", which \(other == TableSchema.extraColumn ? "lbrun reserves" : "property '\(other)' already uses") (SQLite column names ignore case); set \"sqlite3\": {\"columnName\": …} on the property"
                )
            }
            seen[column.lowercased()] = property.name
            let isId = property.id != nil && model.idProperties.contains(property.name)
            var kind = ColumnKind.of(property.type)
            if isId, singleGeneratedNumberId { kind = .integerId }
            columns.append(ColumnSchema(property: property.name, name: column, kind: kind, isId: isId))
        }
        self.columns = columns
        selectAll = TableSchema.selectList(columns)
        var index: [String: Int] = [:]
        for (i, column) in columns.enumerated() { index[column.property] = i }
        self.indexByProperty = index
        self.idColumns = model.idProperties.compactMap { name in index[name].map { columns[$0] } }
        let taken = Set(columns.map { $0.name.lowercased() })
        self.rowid = ["rowid", "_rowid_", "oid"].first { !taken.contains($0) } ?? "rowid"
    }

    /// The column of the declared property `property`.
    func column(_ property: String) -> ColumnSchema? {
        indexByProperty[property].map { columns[$0] }
    }

    /// The position in `columns` of the declared property `property`.
    func columnIndex(_ property: String) -> Int? {
        indexByProperty[property]
    }

    /// The first id column, by which results are ordered when no order is given.
    var primaryId: ColumnSchema? { idColumns.first }

    /// `CREATE TABLE IF NOT EXISTS` with every column.
    var createStatement: String {
        var parts: [String] = []
        let composite = idColumns.count > 1
        for column in columns {
            var definition = "\(column.quoted) \(column.kind.sqlType)"
            if column.kind == .integerId {
                definition += " PRIMARY KEY AUTOINCREMENT"
            } else if column.isId, !composite {
                definition += " NOT NULL PRIMARY KEY"
            } else if column.isId {
                definition += " NOT NULL"
            }
            parts.append(definition)
        }
        parts.append("\(TableSchema.quotedExtra) TEXT")
        if composite {
            parts.append("PRIMARY KEY (" + idColumns.map(\.quoted).joined(separator: ", ") + ")")
        }
        return "CREATE TABLE IF NOT EXISTS \(quotedName) (" + parts.joined(separator: ", ") + ")"
    }

    /// The statements that add whichever columns `existing` (lowercased names) lacks. Added
    /// columns carry their type only: SQLite cannot add key constraints to an existing table.
    func addColumnStatements(existing: Set<String>) -> [String] {
        var statements: [String] = []
        for column in columns where !existing.contains(column.name.lowercased()) {
            statements.append("ALTER TABLE \(quotedName) ADD COLUMN \(column.quoted) \(column.kind.sqlType)")
        }
        if !existing.contains(TableSchema.extraColumn.lowercased()) {
            statements.append("ALTER TABLE \(quotedName) ADD COLUMN \(TableSchema.quotedExtra) TEXT")
        }
        return statements
    }

    /// The statement that turns TEXT holding a NUL in a text column into a BLOB of the same bytes
    /// (`RowCodec.text`'s form), for rows written in another form (by an older lbrun or another
    /// program); `nil` when the table has no text column.
    var nulTextRepairStatement: String? {
        let texts = columns.filter { $0.kind == .text }
        guard !texts.isEmpty else { return nil }
        func holdsNUL(_ column: ColumnSchema) -> String {
            "(typeof(\(column.quoted)) = 'text' AND instr(\(column.quoted), char(0)) > 0)"
        }
        let assignments = texts.map { "\($0.quoted) = CASE WHEN \(holdsNUL($0)) THEN CAST(\($0.quoted) AS BLOB) ELSE \($0.quoted) END" }
        return "UPDATE \(quotedName) SET \(assignments.joined(separator: ", ")) WHERE \(texts.map(holdsNUL).joined(separator: " OR "))"
    }

    /// Every column name of the schema, lowercased, the extra column included.
    var columnNames: Set<String> {
        Set(columns.map { $0.name.lowercased() } + [TableSchema.extraColumn.lowercased()])
    }

    /// The select list reading `columns`, then the extra column.
    static func selectList(_ columns: [ColumnSchema]) -> String {
        (columns.map(\.quoted) + [TableSchema.quotedExtra]).joined(separator: ", ")
    }

    /// A string setting from a `sqlite3` or `sqlite` block.
    static func setting(_ settings: JSONValue, keys: [String]) -> String? {
        for block in ["sqlite3", "sqlite"] {
            for key in keys {
                if let value = settings[block]?[key]?.stringValue, !value.isEmpty { return value }
            }
        }
        return nil
    }

    static func check(identifier: String, what: String) throws {
        guard !identifier.isEmpty, !identifier.unicodeScalars.contains("\0") else {
            throw LoopBackError(statusCode: 500, message: "sqlite: the \(what) cannot be used as an SQL identifier")
        }
    }
}

/// SQL text helpers.
enum SQL {
    /// `name` as a double-quoted identifier, with `"` doubled.
    static func quote(_ name: String) -> String {
        var quoted = "\""
        quoted.reserveCapacity(name.utf8.count + 2)
        for character in name.unicodeScalars {
            if character == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(character)
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }
}
