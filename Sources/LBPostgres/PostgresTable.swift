import LBCore
import LBPlan
import LBRuntime

/// How one property is stored in its column. Values are bound as text parameters cast to the
/// column type, and read back through `readExpression`.
enum PostgresColumnKind: Sendable, Equatable {
    /// `number`: `DOUBLE PRECISION` (or the `dataType` given, when it is not an integer type).
    case real
    /// A `number` whose `dataType` is an integer type, or an id that is not generated.
    case integer
    /// A generated `number` id: `BIGSERIAL`.
    case serialId
    case boolean
    /// `string`, `datestring`: `TEXT` (`VARCHAR(n)` with `dataLength`).
    case text
    /// `date`: `TIMESTAMPTZ`, holding the ISO-8601 instants records use.
    case date
    /// Everything else: `JSON`, which keeps the key order of objects as the memory connector does
    /// (`JSONB` with `"dataType": "jsonb"`).
    case json

    /// The cast a bound text parameter gets.
    var cast: String {
        switch self {
        case .real: "float8"
        case .integer, .serialId: "bigint"
        case .boolean: "boolean"
        case .text: "text"
        case .date: "timestamptz"
        case .json: "json"
        }
    }

    /// True when the column holds the value itself, so SQL compares it as JavaScript does.
    var isScalar: Bool { self != .json }

    /// True for number columns.
    var isNumeric: Bool { self == .real || self == .integer || self == .serialId }

    /// True for columns of whole numbers (`bigint`, `integer`, serial ids).
    var isInteger: Bool { self == .integer || self == .serialId }
}

/// One declared property's column. A class: rows are decoded column by column, and a reference
/// is one retain where a struct of seven strings would be seven.
final class PostgresColumn: Sendable, Equatable {
    let property: String
    let name: String
    let kind: PostgresColumnKind
    /// The SQL type in `CREATE TABLE` and `ADD COLUMN`.
    let sqlType: String
    let isId: Bool
    /// The name double-quoted.
    let quoted: String
    /// The expression that reads the column in the form `PostgresRowCodec.value` decodes: numbers
    /// and booleans in binary as `float8`, `int8` and `bool` (a cast to the column's own type
    /// costs nothing), dates as ISO-8601 text, arrays as JSON text, everything else as text.
    let readExpression: String
    /// The column in conditions and `order`, as a value of `kind.cast`: the column itself, or
    /// converted when PostgreSQL's type is another (`uuid`, `interval`, `inet` … as the type's
    /// text form; `money` as a number).
    let valueExpression: String
    /// True for a PostgreSQL array type (`integer[]`), written from and read as a JSON array.
    let isArray: Bool
    /// True for a text column of another PostgreSQL type (`uuid`, `interval`, `inet` …).
    let isTextual: Bool
    /// What `write` puts before and after a parameter's placeholder.
    private let writeAround: (before: String, after: String)

    init(property: String, name: String, kind: PostgresColumnKind, sqlType: String, isId: Bool) {
        self.property = property
        self.name = name
        self.kind = kind
        self.sqlType = sqlType
        self.isId = isId
        quoted = PostgresSQL.quote(name)
        let type = sqlType.lowercased()
        isArray = kind == .json && type.hasSuffix("[]")
        isTextual = kind == .text && !(type == "text" || ["varchar", "char", "bpchar", "character"].contains(where: type.hasPrefix))
        let isMoney = type == "money"
        // The type's own text form (`10.0.0.1` for an inet, where a cast to text gives `10.0.0.1/32`).
        valueExpression = isTextual ? "format('%s', \(quoted))" : isMoney ? "\(quoted)::numeric::float8" : quoted
        readExpression =
            switch kind {
            case .real: isMoney ? "\(quoted)::numeric::float8" : "\(quoted)::float8"
            case .integer, .serialId: "\(quoted)::int8"
            case .boolean: "\(quoted)::bool"
            case .date: "to_char(\(quoted) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
            case .json where isArray: "to_json(\(quoted))::text"
            case .text where isTextual: valueExpression
            case .text, .json: "\(quoted)::text"
            }
        writeAround =
            if isArray {
                ("(SELECT ARRAY(SELECT json_array_elements_text(v))::\(sqlType) FROM (SELECT ", "::json AS v) AS a WHERE v IS NOT NULL)")
            } else if isMoney {
                ("", "::numeric::money")
            } else if isTextual {
                ("", "::" + sqlType)
            } else {
                // The parameter is text already.
                ("", kind == .text ? "" : "::" + kind.cast)
            }
    }

    /// The same column: each table makes its columns once.
    static func == (lhs: PostgresColumn, rhs: PostgresColumn) -> Bool { lhs === rhs }

    /// The expression writing text parameter `number` to the column.
    func write(parameter number: Int) -> String {
        writeAround.before + PostgresSQL.parameter(number) + writeAround.after
    }
}

/// The table of one model, from its plan and its `postgresql` settings blocks.
///
/// The table is `postgresql.schema` (else the datasource's `schema`) . `postgresql.table` (or
/// `tableName`, else the model name); each declared property gets a column named by its
/// `postgresql.columnName` (or `column`), typed by its `postgresql.dataType` (with `dataLength`)
/// or by its type. Two more columns: `_lbrun_row`, a `BIGSERIAL` giving insertion order, and
/// `_lbrun_extra` (`JSON`, which keeps key order) holding the dynamic properties and the declared
/// scalar properties whose value is `null`, so that `null` and absent stay distinct.
final class PostgresTable: Sendable {
    static let extraColumn = "_lbrun_extra"
    static let rowColumn = "_lbrun_row"
    static let quotedExtra = PostgresSQL.quote(extraColumn)
    static let quotedRow = PostgresSQL.quote(rowColumn)

    let model: String
    let schema: String
    let name: String
    /// `"schema"."table"`.
    let qualifiedName: String
    /// The sequence of `_lbrun_row`, as an SQL expression.
    let rowSequence: String
    let columns: [PostgresColumn]
    /// The property of each column, in column order: the keys every complete record shares.
    let properties: [String]
    /// `selectList(columns)`: every column, then the extra column.
    let selectAll: String
    let idColumns: [PostgresColumn]
    private let indexByProperty: [String: Int]

    init(model: ModelPlan, defaultSchema: String) throws {
        self.model = model.name
        schema = Self.setting(model.settings, ["schema"]) ?? defaultSchema
        name = Self.setting(model.settings, ["table", "tableName"]) ?? model.name
        try Self.check(schema, "schema of model \(model.name)")
        try Self.check(name, "table of model \(model.name)")
        qualifiedName = PostgresSQL.quote(schema) + "." + PostgresSQL.quote(name)
        rowSequence = "pg_get_serial_sequence(\(PostgresSQL.literal(qualifiedName)), \(PostgresSQL.literal(Self.rowColumn)))"
        let generatedNumberId =
            model.idProperties.count == 1
            && model.property(named: model.idProperties[0]).map { $0.generated && $0.type == .number } == true
        var columns: [PostgresColumn] = []
        var seen: [String: String] = [Self.extraColumn: Self.extraColumn, Self.rowColumn: Self.rowColumn]
        for property in model.properties {
            let column = Self.setting(property.settings, ["columnName", "column"]) ?? property.name
            try Self.check(column, "column of \(model.name).\(property.name)")
            if let other = seen[column] {
                throw LoopBackError(
                    statusCode: 500,
                    message: "postgresql: \(model.name).\(property.name) would be stored in column \"\(column)\", which \(other.hasPrefix("_lbrun_") ? "lbrun reserves" : "property '\(other)' already uses"); set \"postgresql\": {\"columnName\": …} on the property")
            }
            seen[column] = property.name
            let isId = property.id != nil && model.idProperties.contains(property.name)
            let (kind, sqlType) = Self.type(of: property, isId: isId, generated: isId && generatedNumberId)
            columns.append(
                PostgresColumn(property: property.name, name: column, kind: kind, sqlType: sqlType, isId: isId))
        }
        self.columns = columns
        properties = columns.map(\.property)
        selectAll = Self.selectList(columns)
        var index: [String: Int] = [:]
        for (i, column) in columns.enumerated() { index[column.property] = i }
        indexByProperty = index
        idColumns = model.idProperties.compactMap { index[$0].map { columns[$0] } }
    }

    /// The column kind and SQL type of `property`.
    static func type(of property: PropertyPlan, isId: Bool, generated: Bool) -> (PostgresColumnKind, String) {
        let dataType = setting(property.settings, ["dataType"])?.lowercased()
        let length = property.settings["postgresql"]?["dataLength"]?.numberValue.map { Int($0) }
        switch property.type {
        case .number:
            if generated { return (.serialId, dataType.map { $0.contains("big") ? "BIGSERIAL" : $0 == "serial" ? "SERIAL" : "BIGSERIAL" } ?? "BIGSERIAL") }
            if let dataType, dataType.contains("int") || dataType.contains("serial") { return (.integer, dataType.uppercased()) }
            if let dataType, ["numeric", "decimal", "real", "float4", "float8", "double precision", "money"].contains(where: dataType.hasPrefix) {
                return (.real, dataType.uppercased())
            }
            return (.real, "DOUBLE PRECISION")
        case .boolean: return (.boolean, "BOOLEAN")
        case .string, .dateString:
            if let dataType, dataType.hasPrefix("varchar") || dataType.hasPrefix("character") || dataType.hasPrefix("char") || dataType == "text" {
                return (.text, length.map { "\(dataType.uppercased())(\($0))" } ?? dataType.uppercased())
            }
            // Another type given (`uuid`, `interval`, `inet`, `time` …): kept, read and compared as text.
            if let dataType, !dataType.hasSuffix("[]"), dataType.allSatisfy(Self.isTypeNameCharacter) { return (.text, dataType.uppercased()) }
            return (.text, length.map { "VARCHAR(\($0))" } ?? "TEXT")
        case .date: return (.date, "TIMESTAMPTZ")
        case .array where dataType.map { $0.hasSuffix("[]") && $0.allSatisfy(Self.isTypeNameCharacter) } == true:
            return (.json, dataType!.uppercased())
        case .object, .any, .geoPoint, .buffer, .array, .model, .embedded:
            return (.json, dataType == "jsonb" ? "JSONB" : "JSON")
        }
    }

    /// Letters, digits, spaces, `_`, `(`, `)`, `,`, `[`, `]`: what PostgreSQL type names are made
    /// of, so that a `dataType` can be written into SQL as it is.
    static func isTypeNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || " _(),[]".contains(character))
    }

    func column(_ property: String) -> PostgresColumn? { indexByProperty[property].map { columns[$0] } }

    func columnIndex(_ property: String) -> Int? { indexByProperty[property] }

    /// `CREATE TABLE IF NOT EXISTS` with every column and the primary key.
    var createStatement: String {
        var parts = columns.map { column in
            "\(column.quoted) \(column.sqlType)" + (column.isId ? " NOT NULL" : "")
        }
        parts.append("\(Self.quotedRow) BIGSERIAL")
        parts.append("\(Self.quotedExtra) JSON")
        if !idColumns.isEmpty { parts.append("PRIMARY KEY (" + idColumns.map(\.quoted).joined(separator: ", ") + ")") }
        return "CREATE TABLE IF NOT EXISTS \(qualifiedName) (" + parts.joined(separator: ", ") + ")"
    }

    /// `ALTER TABLE … ADD COLUMN IF NOT EXISTS` for every column (the table may predate some).
    var addColumnStatements: [String] {
        storedColumns.map(addColumnStatement)
    }

    /// Every column of the table, with its SQL type: the declared ones, then lbrun's two.
    var storedColumns: [(name: String, sqlType: String)] {
        columns.map { ($0.name, $0.sqlType) } + [(Self.rowColumn, "BIGSERIAL"), (Self.extraColumn, "JSON")]
    }

    /// `ALTER TABLE … ADD COLUMN IF NOT EXISTS` for the column `name` of type `sqlType`.
    func addColumnStatement(_ column: (name: String, sqlType: String)) -> String {
        "ALTER TABLE \(qualifiedName) ADD COLUMN IF NOT EXISTS \(PostgresSQL.quote(column.name)) \(column.sqlType)"
    }

    /// `CREATE SCHEMA IF NOT EXISTS` for `schema`.
    static func createSchemaStatement(_ schema: String) -> String {
        "CREATE SCHEMA IF NOT EXISTS \(PostgresSQL.quote(schema))"
    }

    /// The select list reading `columns` (`readExpression`), then the extra column as text.
    static func selectList(_ columns: [PostgresColumn]) -> String {
        (columns.map(\.readExpression) + ["\(quotedExtra)::text"]).joined(separator: ", ")
    }

    /// A string setting of the property's or model's `postgresql` block.
    static func setting(_ settings: JSONValue, _ keys: [String]) -> String? {
        for key in keys {
            if let value = settings["postgresql"]?[key]?.stringValue, !value.isEmpty { return value }
        }
        return nil
    }

    static func check(_ identifier: String, _ what: String) throws {
        guard !identifier.isEmpty, !identifier.unicodeScalars.contains("\0"), identifier.utf8.count <= 63 else {
            throw LoopBackError(statusCode: 500, message: "postgresql: the \(what) cannot be used as a PostgreSQL identifier")
        }
    }
}

/// SQL text helpers.
enum PostgresSQL {
    /// `name` as a double-quoted identifier, with `"` doubled.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The placeholder of parameter `number`, cast to `type`: `$2::text::bigint`. Every parameter
    /// is sent as text, and the SQL says so: a statement prepared without parameter types (as
    /// postgres-nio prepares them) would otherwise give `$2` the type of its cast.
    static func parameter(_ number: Int, as type: String = "text") -> String {
        type == "text" ? "$\(number)::text" : "$\(number)::text::\(type)"
    }

    /// `text` as a single-quoted string literal, with `'` doubled.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
