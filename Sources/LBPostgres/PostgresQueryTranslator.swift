import Foundation
import LBCore
import LBPlan
import LBRuntime

/// Translates a `Where` and an `order` into PostgreSQL with bound parameters, giving the memory
/// connector's answers.
///
/// A condition is *exact* when SQL has its meaning: `eq`, `neq`, `gt`, `gte`, `lt`, `lte`,
/// `between`, `inq`, `nin`, `exists`, `like`, `nlike`, `ilike`, `nilike` and `regexp` on a
/// declared scalar column with operands of the column's type, and `and`/`or` of exact conditions.
/// Anything else (conditions on JSON properties and dotted paths into them, undeclared
/// properties, `near`, operands of another type) is evaluated in memory by the caller: the SQL
/// keeps only what selects a superset of the matching rows (`exact` is then false), including
/// the superset tests of `PostgresJSONPrefilter.swift` for plain strings inside JSON values.
///
/// A NULL column means the property is absent, or its value (`null`) is kept in `_lbrun_extra`;
/// a condition therefore reads `CASE WHEN col IS NOT NULL THEN <sql> WHEN <key in extra> THEN
/// <answer for null> ELSE <answer for absent> END`, both answers computed with `WhereEvaluator`.
///
/// Identifiers come from the plan and are quoted; every value, `like` pattern and JSON key is a
/// bound parameter (`$n`).
struct PostgresQueryTranslator {
    let table: PostgresTable
    let model: ModelPlan
    /// The parameters so far, in `$n` order.
    private(set) var binds: [String?]
    /// False once some condition was left to memory.
    private(set) var exact = true

    init(table: PostgresTable, model: ModelPlan, binds: [String?] = []) {
        self.table = table
        self.model = model
        self.binds = binds
    }

    /// Adds a parameter and returns its placeholder with `cast`.
    mutating func bind(_ text: String?, _ cast: String) -> String {
        binds.append(text)
        return PostgresSQL.parameter(binds.count, as: cast)
    }

    // MARK: where

    /// ` WHERE <condition>`, or nothing.
    mutating func whereClause(_ condition: Where?) -> String {
        guard let condition, let sql = sql(condition) else { return "" }
        return " WHERE " + sql
    }

    /// The SQL of `condition`, or `nil` when it selects everything (nothing of it could be SQL).
    private mutating func sql(_ condition: Where) -> String? {
        switch condition {
        case .condition:
            if let sql = leaf(condition) { return sql }
            exact = false
            return jsonPrefilter(condition)
        case .and(let children):
            let parts = children.compactMap { sql($0) }
            return parts.isEmpty ? nil : "(" + parts.joined(separator: " AND ") + ")"
        case .or(let children):
            var parts: [String] = []
            for child in children {
                // One child that is not SQL makes the whole disjunction select everything.
                guard let part = sql(child) else { return nil }
                parts.append(part)
            }
            return parts.isEmpty ? "FALSE" : "(" + parts.joined(separator: " OR ") + ")"
        }
    }

    /// True when `value` has the column's type, so SQL compares it as the memory connector does.
    static func fits(_ value: JSONValue, _ kind: PostgresColumnKind, ordered: Bool) -> Bool {
        switch (kind, value) {
        case (.real, .number(let n)), (.integer, .number(let n)), (.serialId, .number(let n)): return n.isFinite
        case (.boolean, .bool): return true
        case (.text, .string(let s)): return !PostgresRowCodec.containsNUL(s) && (!ordered || isPlain(s))
        case (.date, .string(let s)): return PostgresRowCodec.isCanonicalDate(s)
        default: return false
        }
    }

    /// True for ASCII text without `K`, `;` and `` ` ``: no other string is canonically equivalent
    /// to it, and byte order agrees with JavaScript's UTF-16 order against it. Other text compares
    /// for equality in normalization form D, and for order in memory.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "K") && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "`") }
    }

    /// A plain-SQL condition on one declared scalar column, or `nil`.
    private mutating func leaf(_ condition: Where) -> String? {
        guard case .condition(let path, let op, let value) = condition, let column = table.column(path), column.kind.isScalar
        else { return nil }
        guard let present = presentSQL(column, op, value) else { return nil }
        if column.isId { return "(\(present))" }
        let absent = WhereEvaluator.matches([:], condition, model: model)
        let null = WhereEvaluator.matches([path: .null], condition, model: model)
        if absent == null {
            // A comparison with a NULL column is NULL, which AND, OR and WHERE treat as false.
            if !absent, present != "TRUE", present != "FALSE" { return "(\(present))" }
            return "(CASE WHEN \(column.quoted) IS NOT NULL THEN (\(present)) ELSE \(absent ? "TRUE" : "FALSE") END)"
        }
        let key = bind(column.property, "text")
        return
            "(CASE WHEN \(column.quoted) IS NOT NULL THEN (\(present)) WHEN (\(PostgresTable.quotedExtra) -> \(key)) IS NOT NULL THEN \(null ? "TRUE" : "FALSE") ELSE \(absent ? "TRUE" : "FALSE") END)"
    }

    /// The condition on a present (non-NULL) column value, or `nil` when SQL cannot say it exactly.
    private mutating func presentSQL(_ column: PostgresColumn, _ op: WhereOperator, _ value: JSONValue) -> String? {
        let c = column.valueExpression
        let cast = column.kind.isNumeric ? "float8" : column.kind.cast
        func constant(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }
        switch op {
        case .exists:
            return constant(WhereEvaluator.matches([column.property: .bool(false)], .condition(path: column.property, op: op, value: value), model: model))
        case .eq, .neq:
            if value == .null { return constant(op == .neq) }
            guard Self.fits(value, column.kind, ordered: false) else { return nil }
            if let sql = integerSQL(column, op, value) { return sql }
            let (e, operand) = equalityOperands(column, value)
            return "\(e) \(op == .eq ? "=" : "<>") \(bind(operand, cast))"
        case .gt, .gte, .lt, .lte:
            guard Self.fits(value, column.kind, ordered: true) else { return nil }
            if let sql = integerSQL(column, op, value) { return sql }
            let symbol = [WhereOperator.gt: ">", .gte: ">=", .lt: "<", .lte: "<="][op]!
            return "\(ordered(column)) \(symbol) \(bind(PostgresRowCodec.columnText(value, kind: column.kind == .integer || column.kind == .serialId ? .real : column.kind), cast))"
        case .between:
            guard let bounds = value.arrayValue, bounds.count == 2, bounds.allSatisfy({ Self.fits($0, column.kind, ordered: true) })
            else { return nil }
            if let low = integerSQL(column, .gte, bounds[0]), let high = integerSQL(column, .lte, bounds[1]) {
                return "(\(low) AND \(high))"
            }
            let kind: PostgresColumnKind = column.kind.isNumeric ? .real : column.kind
            let low = bind(PostgresRowCodec.columnText(bounds[0], kind: kind), cast)
            let high = bind(PostgresRowCodec.columnText(bounds[1], kind: kind), cast)
            return "(\(ordered(column)) >= \(low) AND \(ordered(column)) <= \(high))"
        case .inq, .nin:
            guard let items = value.arrayValue, items.allSatisfy({ $0 == .null || Self.fits($0, column.kind, ordered: false) })
            else { return nil }
            let present = items.filter { $0 != .null }
            if present.isEmpty { return constant(op == .nin) }
            if column.kind.isInteger, case let whole = present.compactMap({ Self.wholeNumber($0) }), whole.count == present.count {
                let list = "ARRAY(SELECT jsonb_array_elements_text(\(bind(JSONValue.array(whole.map { .string(String($0)) }).jsonText, "jsonb")))::bigint)"
                return op == .inq ? "\(ordered(column)) = ANY(\(list))" : "NOT (\(ordered(column)) = ANY(\(list)))"
            }
            let normalized = column.kind == .text && !present.allSatisfy { $0.stringValue.map(Self.isPlain) ?? true }
            let e = normalized ? "normalize(\(c), NFD)" : c
            let texts = present.map { item -> String in
                let text = equalityText(column, item)
                return normalized ? text.decomposedStringWithCanonicalMapping : text
            }
            let array = bind(JSONValue.array(texts.map(JSONValue.string)).jsonText, "jsonb")
            let list = "ARRAY(SELECT jsonb_array_elements_text(\(array))::\(cast))"
            return op == .inq ? "\(e) = ANY(\(list))" : "NOT (\(e) = ANY(\(list)))"
        case .like, .nlike, .ilike, .nilike:
            guard column.kind == .text, case .string(let pattern) = value, !PostgresRowCodec.containsNUL(pattern) else { return nil }
            let insensitive = op == .ilike || op == .nilike
            let regex = bind("(?p)" + Self.likeRegex(pattern), "text")
            let match = "\(c) \(insensitive ? "~*" : "~") \(regex)"
            return op == .like || op == .ilike ? match : "NOT (\(match))"
        case .regexp:
            guard column.kind == .text, case .string(let text) = value, let (pattern, flags) = Self.regexpParts(text),
                Self.isPortable(pattern)
            else { return nil }
            let options = flags.contains("m") ? "(?n)" : "(?p)"
            // An empty string is not truthy: `regexp` never matches it.
            return "(\(c) <> '' AND \(c) \(flags.contains("i") ? "~*" : "~") \(bind(options + pattern, "text")))"
        case .near:
            return nil
        }
    }

    /// A comparison of an integer column with a number, bound as `bigint` so that PostgreSQL
    /// compares integers and can use the column's index (the primary key for `id = 7`): a
    /// fraction never equals an integer, and `> 2.5` is `> 2`. `nil` for other columns and for
    /// bounds beyond 64 bits, which compare as `float8`.
    private mutating func integerSQL(_ column: PostgresColumn, _ op: WhereOperator, _ value: JSONValue) -> String? {
        guard column.kind.isInteger, case .number(let n) = value, n.isFinite else { return nil }
        let bound: Double
        switch op {
        case .eq, .neq:
            guard n.rounded() == n else { return op == .neq ? "TRUE" : "FALSE" }
            bound = n
        case .gt, .lte: bound = n.rounded(.down)
        case .gte, .lt: bound = n.rounded(.up)
        default: return nil
        }
        guard let whole = Self.wholeNumber(.number(bound)) else { return nil }
        let symbol = [WhereOperator.eq: "=", .neq: "<>", .gt: ">", .gte: ">=", .lt: "<", .lte: "<="][op]!
        return "\(ordered(column)) \(symbol) \(bind(String(whole), "bigint"))"
    }

    /// `value` as a 64-bit integer, when it is a whole number in range.
    static func wholeNumber(_ value: JSONValue) -> Int64? {
        guard case .number(let n) = value, n.isFinite, n.rounded() == n, abs(n) < 9.2e18 else { return nil }
        return Int64(n)
    }

    /// The column expression and operand text for equality: plain operands compare bytes, others
    /// compare in normalization form D (canonical equivalence, as Swift's `==`).
    private func equalityOperands(_ column: PostgresColumn, _ value: JSONValue) -> (String, String?) {
        let text = equalityText(column, value)
        if column.kind == .text, !Self.isPlain(text) {
            return ("normalize(\(column.valueExpression), NFD)", text.decomposedStringWithCanonicalMapping)
        }
        return (column.valueExpression, text)
    }

    private func equalityText(_ column: PostgresColumn, _ value: JSONValue) -> String {
        PostgresRowCodec.columnText(value, kind: column.kind.isNumeric ? .real : column.kind) ?? ""
    }

    /// The expression ordered comparisons use: text in code-point order. The column is qualified
    /// with its table, so that in `ORDER BY` it never means the select list's text of it.
    private func ordered(_ column: PostgresColumn) -> String {
        let qualified = column.valueExpression == column.quoted ? "\(table.qualifiedName).\(column.quoted)" : column.valueExpression
        return column.kind == .text ? "\(qualified) COLLATE \"C\"" : qualified
    }

    /// A `like` pattern as a PostgreSQL regular expression with the memory connector's meaning:
    /// `%` any run, `_` one character (neither crossing a newline, as `.` in the memory
    /// connector's regular expressions), `\x` the character `x`, everything else literal.
    static func likeRegex(_ like: String) -> String {
        var regex = ""
        var escaping = false
        for character in like.unicodeScalars {
            if escaping {
                regex += literal(character)
                escaping = false
                continue
            }
            switch character {
            case "\\": escaping = true
            case "%": regex += ".*"
            case "_": regex += "."
            default: regex += literal(character)
            }
        }
        return regex
    }

    /// One character as a literal in a PostgreSQL regular expression.
    private static func literal(_ character: Unicode.Scalar) -> String {
        if character.properties.isAlphabetic || ("0"..."9").contains(character) || character.value >= 0x80 {
            return String(character)
        }
        return "\\" + String(character)
    }

    /// The pattern and flags of a normalised `regexp` value (`/pattern/flags`).
    static func regexpParts(_ text: String) -> (String, String)? {
        guard text.hasPrefix("/"), let close = text.lastIndex(of: "/"), close != text.startIndex else { return (text, "") }
        return (String(text[text.index(after: text.startIndex)..<close]), String(text[text.index(after: close)...]))
    }

    /// True when `pattern` means the same to PostgreSQL and to the memory connector's regular
    /// expressions: literal characters, `.`, `^`, `$`, `|`, groups `( )`, the quantifiers `*`,
    /// `+`, `?`, `{n}`, `{n,m}` (each optionally lazy), escaped punctuation, and bracket
    /// expressions of literal ASCII letters, digits and ranges. Anything else runs in memory.
    static func isPortable(_ pattern: String) -> Bool {
        var scalars = Array(pattern.unicodeScalars)[...]
        var afterAtom = false
        var afterQuantifier = false
        while let c = scalars.popFirst() {
            switch c {
            case "\\":
                guard let next = scalars.popFirst(), next.isASCII, next.properties.isPatternSyntax else { return false }
                afterAtom = true
                afterQuantifier = false
            case "*", "+", "?":
                if c == "?", afterQuantifier { afterQuantifier = false; afterAtom = false; continue }
                guard afterAtom else { return false }
                afterAtom = false
                afterQuantifier = true
            case "{":
                guard afterAtom, let close = scalars.firstIndex(of: "}") else { return false }
                let bound = String(String.UnicodeScalarView(scalars[..<close]))
                let parts = bound.split(separator: ",", omittingEmptySubsequences: false)
                guard (1...2).contains(parts.count), let low = Int(parts[0]), low <= 255,
                    parts.count == 1 || (Int(parts[1]).map { $0 >= low && $0 <= 255 } ?? false)
                else { return false }
                scalars = scalars[scalars.index(after: close)...]
                afterAtom = false
                afterQuantifier = true
            case "[":
                guard let close = scalars.firstIndex(of: "]"), close != scalars.startIndex else { return false }
                let members = scalars[..<close]
                guard members.first != "^", members.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }),
                    members.first != "-", members.last != "-"
                else { return false }
                scalars = scalars[scalars.index(after: close)...]
                afterAtom = true
                afterQuantifier = false
            case "(":
                guard scalars.first != "?", scalars.first != "*" else { return false }
                afterAtom = false
                afterQuantifier = false
            case ")", ".":
                afterAtom = true
                afterQuantifier = false
            case "^", "$", "|":
                afterAtom = c == "$"
                afterQuantifier = false
            case "]", "}":
                return false
            default:
                guard c.value >= 0x20, c != "\u{7F}" else { return false }
                afterAtom = true
                afterQuantifier = false
            }
        }
        return true
    }

    // MARK: order

    /// `ORDER BY` terms for `order`, then the ids and insertion order, or `nil` when some item
    /// needs the in-memory sorter (JSON properties, dotted paths, undeclared properties).
    mutating func order(_ order: [OrderItem]) -> String? {
        var terms: [String] = []
        for item in order {
            guard let column = table.column(item.path), column.kind.isScalar else { return nil }
            let direction = item.descending ? " DESC" : ""
            if !column.isId {
                // Absent before null before values (ascending).
                let key = bind(column.property, "text")
                terms.append(
                    "(CASE WHEN \(table.qualifiedName).\(column.quoted) IS NOT NULL THEN 2 WHEN (\(table.qualifiedName).\(PostgresTable.quotedExtra) -> \(key)) IS NOT NULL THEN 1 ELSE 0 END)\(direction)")
            }
            terms.append(ordered(column) + direction)
        }
        terms.append(contentsOf: defaultOrder)
        return terms.joined(separator: ", ")
    }

    /// True when `condition` holds only where every id column equals a given value, so that it
    /// selects at most one row (no order needed): an `eq` on each id column, alone or in an `and`.
    func pinsPrimaryKey(_ condition: Where?) -> Bool {
        guard !table.idColumns.isEmpty, let condition else { return false }
        var pinned = Set<String>()
        for part in Self.conjuncts(condition) {
            if case .condition(let path, .eq, let value) = part, value != .null, table.column(path)?.isId == true {
                pinned.insert(path)
            }
        }
        return table.idColumns.allSatisfy { pinned.contains($0.property) }
    }

    private static func conjuncts(_ condition: Where) -> [Where] {
        if case .and(let children) = condition { return children.flatMap(conjuncts) }
        return [condition]
    }

    /// The ids ascending (`RecordSorter`'s tie-break; the primary key makes them unique), or
    /// insertion order for a model without ids.
    var defaultOrder: [String] {
        table.idColumns.isEmpty ? ["\(table.qualifiedName).\(PostgresTable.quotedRow)"] : table.idColumns.map { ordered($0) }
    }
}
