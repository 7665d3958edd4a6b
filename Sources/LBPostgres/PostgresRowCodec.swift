import Foundation
import LBConfig
import LBCore
import LBPlan
import LBRuntime
import OrderedCollections
import PostgresNIO

/// Converts between records and rows, so that a record reads back as the memory connector
/// returns it.
///
/// Values are written as text parameters cast to the column type, and read through
/// `PostgresColumn.readExpression`: numbers and booleans in binary, the rest as text. A declared
/// property is stored in its column when the column can hold the value; otherwise (`null` above
/// all, a `NaN`, a date PostgreSQL cannot hold) the column is NULL and the value is kept in
/// `_lbrun_extra` under its property name, with the dynamic properties, in the record's order.
///
/// PostgreSQL text cannot hold the NUL character, so a record with a NUL in any string or key is
/// refused with a 400 before anything is written (`checkStorable`).
enum PostgresRowCodec {
    // MARK: Writing

    /// The column text for `value`, or `nil` when the column cannot hold it.
    static func columnText(_ value: JSONValue, kind: PostgresColumnKind) -> String? {
        switch (kind, value) {
        case (.json, _): return value.jsonText
        case (.real, .number(let n)) where n.isFinite: return JSONValue.numberText(n)
        case (.serialId, .number(let n)):
            guard n.isFinite, n.rounded() == n, abs(n) < 9.2e18 else { return nil }
            return String(Int64(n))
        case (.integer, .number(let n)):
            // Out of the column's range, PostgreSQL refuses it (a 400).
            guard n.isFinite, n.rounded() == n else { return nil }
            return abs(n) < 9.2e18 ? String(Int64(n)) : JSONValue.numberText(n)
        case (.boolean, .bool(let b)): return b ? "true" : "false"
        case (.text, .string(let s)): return s
        case (.date, .string(let s)) where isCanonicalDate(s): return s
        default: return nil
        }
    }

    /// The text `column` stores for `value`, or `nil` when the column cannot hold it (an array
    /// column holds arrays only).
    static func columnText(_ value: JSONValue, column: PostgresColumn) -> String? {
        if column.isArray, value.arrayValue == nil { return nil }
        return columnText(value, kind: column.kind)
    }

    /// The texts of every column of `table` for `record`, then the extra column.
    static func row(_ record: Record, table: PostgresTable) throws -> [String?] {
        try checkStorable(record, model: table.model)
        var values = [String?](repeating: nil, count: table.columns.count)
        var extra = OrderedDictionary<String, JSONValue>()
        for (key, value) in record {
            guard let index = table.columnIndex(key) else {
                extra[key] = value
                continue
            }
            let column = table.columns[index]
            if let text = columnText(value, column: column) {
                values[index] = text
            } else if column.isId || (column.kind == .integer && value.numberValue != nil) {
                throw unstorableId(column, value, table: table)
            } else {
                extra[key] = value
            }
        }
        values.append(extraText(extra))
        return values
    }

    /// The extra column's text: NULL for an empty object.
    static func extraText(_ extra: OrderedDictionary<String, JSONValue>) -> String? {
        extra.isEmpty ? nil : JSONValue.object(extra).jsonText
    }

    static func unstorableId(_ column: PostgresColumn, _ value: JSONValue, table: PostgresTable) -> LoopBackError {
        LoopBackError(
            statusCode: 400,
            message: "\(table.model).\(column.property) cannot be \(ValueCoercion.javaScriptString(value)): the PostgreSQL column is \(column.sqlType)")
    }

    /// Refuses (400) a record holding a NUL character in a string or a key: PostgreSQL text and
    /// JSONB cannot store it.
    static func checkStorable(_ record: Record, model: String) throws {
        for (key, value) in record where containsNUL(key) || containsNUL(value) {
            throw LoopBackError(
                statusCode: 400, name: "ValidationError",
                message: "\(model).\(key) holds a NUL character (\\u0000), which PostgreSQL cannot store", code: "ER_NUL_CHARACTER")
        }
    }

    static func containsNUL(_ text: String) -> Bool { text.utf8.contains(0) }

    static func containsNUL(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): containsNUL(s)
        case .array(let items): items.contains(where: containsNUL)
        case .object(let members): members.contains { containsNUL($0.key) || containsNUL($0.value) }
        default: false
        }
    }

    /// True for `YYYY-MM-DDTHH:MM:SS.sssZ` with a year PostgreSQL and the format agree on.
    static func isCanonicalDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return false }
        let pattern = Array("dddd-dd-ddTdd:dd:dd.dddZ".utf8)
        for (byte, expected) in zip(bytes, pattern) {
            if expected == UInt8(ascii: "d") {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            } else if byte != expected {
                return false
            }
        }
        // Year 0000 is 1 BC, which `to_char` does not read back as 0000.
        return !text.hasPrefix("0000")
    }

    // MARK: Reading

    /// The record of a row read with `selectList(columns)`, where `properties` are the columns'
    /// properties (`table.properties`, or built once per query for a `fields` selection). A row
    /// with every column set and no extra column — the common case — becomes a record whose keys
    /// are `properties` itself (shared by all the rows, not copied per row).
    static func record(_ row: PostgresRow, columns: [PostgresColumn], properties: [String], model: ModelPlan) -> Record {
        var values: [JSONValue] = []
        values.reserveCapacity(columns.count)
        var cells = row.makeIterator()
        for column in columns {
            guard let value = cells.next().flatMap({ Self.value($0, kind: column.kind) }) else {
                return recordWithExtra(row, columns: columns, model: model)
            }
            values.append(value)
        }
        guard cells.next()?.bytes == nil else { return recordWithExtra(row, columns: columns, model: model) }
        return Record(uncheckedUniqueKeys: properties, values: values)
    }

    /// The record of a row with a NULL column or a value in the extra column: the columns, then
    /// the extra column's values (declared ones back in their column's place).
    private static func recordWithExtra(_ row: PostgresRow, columns: [PostgresColumn], model: ModelPlan) -> Record {
        var cells = row.makeIterator()
        var record = Record(minimumCapacity: columns.count)
        var hasNull = false
        for column in columns {
            if let value = cells.next().flatMap({ Self.value($0, kind: column.kind) }) {
                record[column.property] = value
            } else {
                hasNull = true
            }
        }
        let extra = cells.next().flatMap(text).flatMap(parseJSON)?.objectValue ?? [:]
        if hasNull, !extra.isEmpty {
            // A declared value the column could not hold (`null`) is kept in the extra column; it
            // goes back in its column's place.
            var ordered = Record(minimumCapacity: columns.count)
            for column in columns {
                if let value = record[column.property] ?? extra[column.property] { ordered[column.property] = value }
            }
            record = ordered
        }
        for (key, value) in extra where record[key] == nil && model.property(named: key) == nil {
            record[key] = value
        }
        return record
    }

    /// The JSON value of a cell read with `readExpression` for a column of `kind`; `nil` for NULL.
    static func value(_ cell: PostgresCell, kind: PostgresColumnKind) -> JSONValue? {
        guard var bytes = cell.bytes else { return nil }
        // Statements ask for binary results (postgres-nio's prepared statements report them as
        // text, as their description said before binary was asked for).
        switch cell.dataType {
        case .float8: return bytes.readInteger(as: UInt64.self).map { .number(Double(bitPattern: $0)) }
        case .int8: return bytes.readInteger(as: Int64.self).map { .number(Double($0)) }
        case .bool: return bytes.readInteger(as: UInt8.self).map { .bool($0 != 0) }
        default: return bytes.readString(length: bytes.readableBytes).flatMap { value($0, kind: kind) }
        }
    }

    /// The text of a cell read as text (or as `jsonb`, `uuid`); `nil` for NULL.
    static func text(_ cell: PostgresCell) -> String? {
        (try? cell.decode(String?.self)) ?? nil
    }

    /// The JSON value of a column's text.
    static func value(_ text: String, kind: PostgresColumnKind) -> JSONValue? {
        switch kind {
        case .real, .integer, .serialId: Double(text).map(JSONValue.number)
        case .boolean: .bool(text == "true" || text == "t")
        case .text, .date: .string(text)
        case .json: parseJSON(text) ?? .string(text)
        }
    }

    /// Parses JSON text read from the database.
    static func parseJSON(_ text: String) -> JSONValue? {
        var diagnostics = Diagnostics()
        return JSONConfigReader.read(Array(text.utf8), file: "<postgresql>", diagnostics: &diagnostics)?.json
    }
}
