import LBCore
import LBPlan
import LBRuntime

/// Conditions into JSON values, pushed down as a superset.
///
/// A condition on an `object`/`array` property, a dotted path into one, or an undeclared property
/// cannot be said exactly in SQL (arrays fan out, values compare as JavaScript does); the memory
/// evaluator decides it. But an equality with a plain string — printable ASCII without `"` or `\`,
/// which no number, boolean or object loosely equals — only holds when the JSON text of the column
/// contains that string quoted: `strpos(column::text, '"Paris"') > 0` keeps every matching row
/// and drops most others, so PostgreSQL returns and lbrun decodes far fewer rows.
extension PostgresQueryTranslator {
    /// The superset condition for `eq`/`inq` with plain strings on a JSON column (or on the
    /// undeclared properties), or `nil` when there is none.
    mutating func jsonPrefilter(_ condition: Where) -> String? {
        guard case .condition(let path, let op, let value) = condition else { return nil }
        let first = path.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        let target: String
        if let column = table.column(first) {
            guard column.kind == .json else { return nil }
            target = column.isArray ? "to_json(\(column.quoted))" : column.quoted
        } else {
            target = PostgresTable.quotedExtra
        }
        let strings: [String]
        switch (op, value) {
        case (.eq, .string(let text)): strings = [text]
        case (.inq, .array(let items)) where !items.isEmpty:
            strings = items.compactMap(\.stringValue)
            guard strings.count == items.count else { return nil }
        default: return nil
        }
        guard strings.allSatisfy(Self.isDistinctiveString) else { return nil }
        let tests = strings.map { "strpos(\(target)::text, \(bind(JSONValue.string($0).jsonText, "text"))) > 0" }
        return "(" + tests.joined(separator: " OR ") + ")"
    }

    /// True for printable ASCII without `"` or `\` that no number, boolean or object loosely
    /// equals: it has a character no JavaScript number literal has (`"Paris"` yes; `"12"`,
    /// `"0x1F"`, `"Infinity"`, `""` and `"[object Object]"` no).
    static func isDistinctiveString(_ text: String) -> Bool {
        let numeric = Set("0123456789abcdefABCDEFxXoO.+-Infinity \t".utf8)
        let bytes = text.utf8
        return !text.hasPrefix("[object ")
            && bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
            && bytes.contains { !numeric.contains($0) }
    }
}
