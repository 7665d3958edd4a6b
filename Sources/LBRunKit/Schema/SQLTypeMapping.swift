import Foundation
public import LBCore

/// The LoopBack property type of an SQL column type, for SQLite's and PostgreSQL's type names.
///
/// Follows SQLite's affinity rules where they apply (a type containing `INT` is an integer,
/// `CHAR`/`CLOB`/`TEXT` text): integers and serials (`integer`, `bigint`, `smallint`, `serial`),
/// reals (`real`, `double precision`), `numeric`/`decimal`/`money` → `number`; `bool`/`boolean` →
/// `boolean`; `date`, `datetime`, `timestamp…` → `date`; `json`/`jsonb` → `object`;
/// `blob`/`bytea`/`binary` → `buffer`; PostgreSQL's `point` → `geopoint`; `t[]` → `[t]`;
/// everything else (`text`, `character varying(n)`, `time…`, `interval`, `uuid`, ranges,
/// `jsonpath`, no type at all) → `string`.
public enum SQLTypeMapping {
    /// The LoopBack type name (or `[type]` array) for `sqlType`.
    public static func loopBackType(_ sqlType: String) -> JSONValue {
        let lowered = sqlType.lowercased().trimmingCharacters(in: .whitespaces)
        if lowered.hasSuffix("[]") { return [loopBackType(String(lowered.dropLast(2)))] }
        let base = lowered.split(separator: "(").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? lowered
        // PostgreSQL names the rules below would misread (`interval` and `point` contain `int`).
        if base.hasPrefix("interval") || base.hasSuffix("range") || base == "jsonpath" { return "string" }
        if base == "point" { return "geopoint" }
        if base.hasPrefix("json") { return "object" }
        if base.hasPrefix("bool") { return "boolean" }
        if base.contains("int") || base.contains("serial") { return "number" }
        if ["char", "clob", "text"].contains(where: base.contains) { return "string" }
        if ["blob", "bytea", "binary"].contains(where: base.contains) { return "buffer" }
        if ["real", "floa", "doub", "numeric", "decimal", "money"].contains(where: base.contains) { return "number" }
        if base == "date" || base.hasPrefix("datetime") || base.hasPrefix("timestamp") { return "date" }
        return "string"
    }

    /// The length of a character type (`varchar(40)` → 40), if it declares one.
    public static func length(_ sqlType: String) -> Int? {
        let lowered = sqlType.lowercased()
        guard lowered.contains("char"), !lowered.hasSuffix("[]"), let open = lowered.firstIndex(of: "("), let close = lowered.firstIndex(of: ")"), open < close
        else { return nil }
        return Int(lowered[lowered.index(after: open)..<close].trimmingCharacters(in: .whitespaces))
    }

    /// The LoopBack `default` for an SQL default literal (`0`, `'draft'`, `TRUE`), or `nil` for
    /// an expression the database evaluates.
    public static func defaultValue(_ sql: String) -> JSONValue? {
        var text = sql.trimmingCharacters(in: .whitespaces)
        // PostgreSQL writes `'draft'::character varying`.
        if text.hasPrefix("'"), let cast = text.range(of: "'::", options: .backwards) { text = String(text[..<cast.lowerBound]) + "'" }
        if let number = Double(text) { return .number(number) }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: break
        }
        guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return nil }
        let inner = text.dropFirst().dropLast()
        return .string(inner.replacingOccurrences(of: "''", with: "'"))
    }
}
