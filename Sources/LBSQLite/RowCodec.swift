import Foundation
import LBConfig
import LBCore
import LBPlan
import LBRuntime
import OrderedCollections
import NIOCore
import SQLiteNIO

/// Converts between records and rows.
///
/// A declared property is stored in its column when the value has the column's type (a number
/// in a `REAL` column, an ISO date in a date column, any JSON in a JSON column). A column is NULL
/// when the property is absent. A declared scalar property whose value a column cannot hold —
/// `null` above all, but also a value of another type, `NaN` or a date in another format — is
/// kept in the `_lbrun_extra` JSON object under its property name, with the column NULL; the
/// object also keeps the undeclared (dynamic) properties. Reading reverses this exactly, so a
/// record comes back as it was written: declared properties first, in declaration order, then
/// the dynamic ones in their stored order.
///
/// A string that holds a NUL character is stored as a BLOB of its UTF-8 bytes (sqlite-nio reads
/// TEXT up to the first NUL), and so is every bound value and function result holding one, so
/// that SQL equality still compares the same bytes. JSON text (the extra object, JSON columns)
/// never holds a raw NUL: the JSON writer escapes it.
enum RowCodec {
    // MARK: Writing

    /// The column value for `value`, or `nil` when the column cannot hold it (it then goes to the
    /// extra object).
    static func columnValue(_ value: JSONValue, kind: ColumnKind) -> SQLiteData? {
        switch (kind, value) {
        case (.json, _): return .text(value.jsonText)
        case (.real, .number(let n)) where !n.isNaN: return .float(n)
        case (.integerId, .number(let n)):
            guard n.rounded() == n, abs(n) < 9.2e18, !(n == 0 && n.sign == .minus) else { return nil }
            return .integer(SQLiteInt64(n))
        case (.boolean, .bool(let b)): return .integer(b ? 1 : 0)
        case (.text, .string(let s)): return text(s)
        case (.date, .string(let s)) where isCanonicalDate(s): return .text(s)
        default: return nil
        }
    }

    /// `text` as SQLite data: TEXT, or a BLOB of its UTF-8 bytes when it holds a NUL.
    static func text(_ text: String) -> SQLiteData {
        text.utf8.contains(0) ? .blob(ByteBuffer(string: text)) : .text(text)
    }

    /// The values of every column of `schema` for `record`, then the extra column.
    static func row(_ record: Record, schema: TableSchema) throws -> [SQLiteData] {
        var values = [SQLiteData](repeating: .null, count: schema.columns.count)
        var extra = OrderedDictionary<String, JSONValue>()
        // In the record's key order, so the extra object keeps it.
        for (key, value) in record {
            guard let index = schema.columnIndex(key) else {
                extra[key] = value
                continue
            }
            let column = schema.columns[index]
            if let data = columnValue(value, kind: column.kind) {
                values[index] = data
            } else if column.isId {
                throw unstorableId(column, value, schema: schema)
            } else {
                extra[key] = value
            }
        }
        values.append(extraValue(extra))
        return values
    }

    /// The extra column's value: NULL for an empty object.
    static func extraValue(_ extra: OrderedDictionary<String, JSONValue>) -> SQLiteData {
        extra.isEmpty ? .null : .text(JSONValue.object(extra).jsonText)
    }

    static func unstorableId(_ column: ColumnSchema, _ value: JSONValue, schema: TableSchema) -> LoopBackError {
        LoopBackError(
            statusCode: 400,
            message: "\(schema.model).\(column.property) cannot be \(ValueCoercion.javaScriptString(value)): the SQLite column \(column.kind == .integerId ? "holds integers" : "does not hold a \(value.typeName)")"
        )
    }

    /// True for the ISO-8601 form records store dates in: `YYYY-MM-DDTHH:MM:SS.sssZ`. Only
    /// these sort (as text) in time order, so only these go into a date column.
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
        return true
    }

    // MARK: Reading

    /// The record of a row read with `columns` (in that order) followed by the extra column.
    /// Only the properties of `columns` and the dynamic ones are filled in.
    static func record(_ values: [SQLiteData], columns: [ColumnSchema], model: ModelPlan) -> Record {
        let extra = values.count > columns.count ? extraObject(values[columns.count]) : [:]
        var record = Record(minimumCapacity: columns.count)
        for (column, data) in zip(columns, values) {
            if let value = value(data, kind: column.kind) {
                record[column.property] = value
            } else if let kept = extra[column.property] {
                record[column.property] = kept
            }
        }
        for (key, value) in extra where record[key] == nil && model.property(named: key) == nil {
            record[key] = value
        }
        return record
    }

    /// The JSON value of a column, `nil` for NULL. Reads by storage class, so a table that holds
    /// other types than lbrun writes still reads sensibly.
    static func value(_ data: SQLiteData, kind: ColumnKind) -> JSONValue? {
        switch data {
        case .null: return nil
        case .integer(let i):
            return kind == .boolean ? .bool(i != 0) : .number(Double(i))
        case .float(let d):
            return kind == .boolean ? .bool(d != 0) : .number(d)
        case .text(let s):
            return kind == .json ? parseJSON(s) ?? .string(s) : .string(s)
        case .blob(let buffer):
            let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
            return kind == .json ? parseJSON(text) ?? .string(text) : .string(text)
        }
    }

    /// The extra object of a row (empty when NULL or not an object).
    static func extraObject(_ data: SQLiteData) -> OrderedDictionary<String, JSONValue> {
        switch data {
        case .text(let s): return parseJSON(s)?.objectValue ?? [:]
        case .blob(let buffer): return parseJSON(String(decoding: buffer.readableBytesView, as: UTF8.self))?.objectValue ?? [:]
        default: return [:]
        }
    }

    /// Parses JSON text written by `JSONValue.jsonText`.
    static func parseJSON(_ text: String) -> JSONValue? {
        var diagnostics = Diagnostics()
        return JSONConfigReader.read(Array(text.utf8), file: "<sqlite>", diagnostics: &diagnostics)?.json
    }
}
