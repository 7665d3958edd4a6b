import Foundation
import LBCore
import LBPlan
import LBRuntime
import SQLiteNIO

/// Translates a `Where` and an `order` into SQL with bound values, with the memory connector's
/// results exactly (rest-api.md §3.5).
///
/// A condition goes to plain SQL when SQL has its exact meaning: `eq`, `neq`, `gt`, `gte`, `lt`,
/// `lte`, `between`, `inq`, `nin` and `exists` on a declared scalar column (number, boolean,
/// string, date) with operands of the column's type. Every other condition — the `like` family,
/// `regexp`, `near`, dotted paths, undeclared properties, JSON columns, operands of another type —
/// becomes a call of `lbrun_match`, which evaluates it with `WhereEvaluator` on the row (see
/// `PredicateRegistry`). Neighbouring such conditions share one call.
///
/// A NULL column means "absent" or "kept in the extra object" (`null`, or a value of another
/// type); a plain-SQL condition therefore reads `CASE WHEN col IS NOT NULL THEN <sql> WHEN extra
/// IS NULL THEN <answer for an absent value> ELSE lbrun_match(…) END`, the answer for an absent
/// value being computed once with `WhereEvaluator`.
///
/// Identifiers come from the plan and are quoted; every value is a bound parameter. Binds are
/// appended in the order their `?` appear, so callers translate the parts of a statement in
/// textual order.
struct QueryTranslator {
    let schema: TableSchema
    let model: ModelPlan
    let registry: PredicateRegistry
    /// The values of the `?`s produced so far, in order.
    private(set) var binds: [SQLiteData] = []
    /// Tokens of conditions registered with `registry`; release them after the statement.
    private(set) var tokens: [Int] = []

    init(schema: TableSchema, model: ModelPlan, registry: PredicateRegistry) {
        self.schema = schema
        self.model = model
        self.registry = registry
    }

    // MARK: where

    /// ` WHERE <condition>`, or nothing when there is no condition (so that SQLite can count or
    /// scan a table without evaluating a constant per row).
    mutating func whereClause(_ condition: Where?) -> String {
        guard let condition else { return "" }
        return " WHERE " + sql(condition)
    }

    private mutating func sql(_ condition: Where) -> String {
        guard containsPushable(condition) else { return call(condition) }
        switch condition {
        case .condition:
            return leaf(condition)
        case .and(let children), .or(let children):
            let isAnd = if case .and = condition { true } else { false }
            var parts: [String] = []
            var rest: [Where] = []
            for child in children {
                if containsPushable(child) { parts.append(sql(child)) } else { rest.append(child) }
            }
            if !rest.isEmpty { parts.append(call(isAnd ? .and(rest) : .or(rest))) }
            return "(" + parts.joined(separator: isAnd ? " AND " : " OR ") + ")"
        }
    }

    /// True when some condition in `condition` can be plain SQL.
    private func containsPushable(_ condition: Where) -> Bool {
        switch condition {
        case .condition: pushableColumn(condition) != nil
        case .and(let children), .or(let children): children.contains { containsPushable($0) }
        }
    }

    /// The column a condition can be plain SQL on, if it can.
    private func pushableColumn(_ condition: Where) -> ColumnSchema? {
        guard case .condition(let path, let op, let value) = condition, let column = schema.column(path),
            column.kind.isScalar
        else { return nil }
        switch op {
        case .eq, .neq:
            return value == .null || Self.fits(value, column.kind, ordered: false) ? column : nil
        case .gt, .gte, .lt, .lte:
            return Self.fits(value, column.kind, ordered: true) ? column : nil
        case .between:
            guard let bounds = value.arrayValue, bounds.count == 2,
                bounds.allSatisfy({ Self.fits($0, column.kind, ordered: true) })
            else { return nil }
            return column
        case .inq, .nin:
            guard let items = value.arrayValue,
                items.allSatisfy({ $0 == .null || Self.fits($0, column.kind, ordered: false) })
            else { return nil }
            return column
        case .exists:
            return column
        case .like, .nlike, .ilike, .nilike, .regexp, .near:
            return nil
        }
    }

    /// True when `value` has the column's type, so SQL compares it as the memory connector does:
    /// numbers (finite for ordered comparisons, where the memory connector's `∞ − ∞` is NaN),
    /// booleans, ISO dates in a date column, strings in a text column. An ordered comparison of
    /// text also needs a `plain` operand (`isPlain`) without NUL, which is bound as TEXT.
    static func fits(_ value: JSONValue, _ kind: ColumnKind, ordered: Bool) -> Bool {
        switch (kind, value) {
        case (.real, .number(let n)), (.integerId, .number(let n)): return ordered ? n.isFinite : !n.isNaN
        case (.boolean, .bool): return true
        case (.text, .string(let s)): return !ordered || (isPlain(s) && !s.utf8.contains(0))
        case (.date, .string(let s)): return RowCodec.isCanonicalDate(s)
        default: return false
        }
    }

    /// True for ASCII text without `K`, `;` and `` ` ``: no other string is canonically equivalent
    /// to it (only U+212A, U+037E and U+1FEF decompose to ASCII), so Swift's string equality, which
    /// the memory connector uses, is byte equality; and comparing code points (SQLite) or UTF-16
    /// code units (JavaScript) against it agree. Other text compares for equality through
    /// `lbrun_nfd` (normalization form D), and for order through `lbrun_match`.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "K") && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "`") }
    }

    /// A plain-SQL condition on one column.
    private mutating func leaf(_ condition: Where) -> String {
        guard case .condition(let path, let op, let value) = condition, let column = pushableColumn(condition) else {
            return call(condition)
        }
        let c = column.quoted
        let present: String
        if op == .exists || ((op == .eq || op == .neq) && value == .null) {
            // The answer does not depend on the value once there is one.
            present = constant(WhereEvaluator.matches([path: Self.sample(column.kind)], condition, model: model))
        } else {
            // Text equality: bytes for plain operands, else canonical equivalence.
            let operands = op == .inq || op == .nin ? (value.arrayValue ?? []) : [value]
            let normalized = column.kind == .text && !operands.allSatisfy { $0.stringValue.map(Self.isPlain) ?? true }
            let e = normalized ? "lbrun_nfd(\(c))" : c
            // Ordered text comparisons read a stored BLOB (text holding a NUL) as the text it is.
            let o = column.kind == .text ? "CAST(\(c) AS TEXT)" : c
            switch op {
            case .eq: present = "\(e) = \(bind(value, column.kind, normalized: normalized))"
            case .neq: present = "\(e) <> \(bind(value, column.kind, normalized: normalized))"
            case .gt: present = "\(o) > \(bind(value, column.kind))"
            case .gte: present = "\(o) >= \(bind(value, column.kind))"
            case .lt: present = "\(o) < \(bind(value, column.kind))"
            case .lte: present = "\(o) <= \(bind(value, column.kind))"
            case .between:
                let bounds = value.arrayValue ?? []
                present = "\(o) BETWEEN \(bind(bounds[0], column.kind)) AND \(bind(bounds[1], column.kind))"
            case .inq, .nin:
                // A null element never equals a present value.
                let items = (value.arrayValue ?? []).filter { $0 != .null }
                if items.isEmpty {
                    present = op == .inq ? "0" : "1"
                } else {
                    let list = items.map { bind($0, column.kind, normalized: normalized) }.joined(separator: ", ")
                    present = "\(e) \(op == .inq ? "IN" : "NOT IN") (\(list))"
                }
            case .exists, .like, .nlike, .ilike, .nilike, .regexp, .near:
                return call(condition)
            }
        }
        // Id columns are never NULL.
        if column.isId { return "(\(present))" }
        let absent = constant(WhereEvaluator.matches([:], condition, model: model))
        return "(CASE WHEN \(c) IS NOT NULL THEN (\(present)) WHEN \(TableSchema.quotedExtra) IS NULL THEN \(absent) ELSE \(call(condition)) END)"
    }

    /// `lbrun_match(?, column…, extra)` for `condition`.
    private mutating func call(_ condition: Where) -> String {
        let columns = schema.columns.filter { column in paths(in: condition).contains { Self.path($0, reaches: column.property) } }
        let token = registry.register(.init(condition: condition, model: model, columns: columns))
        tokens.append(token)
        binds.append(.integer(SQLiteInt64(token)))
        let arguments = ["?"] + columns.map(\.quoted) + [TableSchema.quotedExtra]
        return "lbrun_match(" + arguments.joined(separator: ", ") + ")"
    }

    private func paths(in condition: Where) -> [String] {
        switch condition {
        case .condition(let path, _, _): [path]
        case .and(let children), .or(let children): children.flatMap { paths(in: $0) }
        }
    }

    /// True when `path` reads property `property` (itself or a dotted path into it).
    static func path(_ path: String, reaches property: String) -> Bool {
        path == property || path.hasPrefix(property + ".")
    }

    private mutating func bind(_ value: JSONValue, _ kind: ColumnKind, normalized: Bool = false) -> String {
        if normalized, case .string(let text) = value {
            binds.append(RowCodec.text(text.decomposedStringWithCanonicalMapping))
        } else {
            binds.append(RowCodec.columnValue(value, kind: kind == .integerId ? .real : kind) ?? .null)
        }
        return "?"
    }

    private func constant(_ flag: Bool) -> String { flag ? "1" : "0" }

    /// Some present value of a column kind.
    private static func sample(_ kind: ColumnKind) -> JSONValue {
        switch kind {
        case .real, .integerId: .number(1)
        case .boolean: .bool(false)
        case .text: .string("")
        case .date: .string("1970-01-01T00:00:00.000Z")
        case .json: .null
        }
    }

    // MARK: order

    /// `ORDER BY` terms for `order`, then the first id and the rowid (the memory connector sorts
    /// by id first and its sort is stable), or `nil` when some item needs the in-memory sorter.
    mutating func order(_ order: [OrderItem]) -> String? {
        guard order.allSatisfy({ schema.column($0.path)?.kind.isScalar == true }) else { return nil }
        var terms: [String] = []
        for item in order {
            guard let column = schema.column(item.path), column.kind.isScalar else { return nil }
            let direction = item.descending ? " DESC" : ""
            if !column.isId {
                // Absent before null before values (ascending).
                binds.append(.text(column.property))
                terms.append(
                    "(CASE WHEN \(column.quoted) IS NOT NULL THEN 2 WHEN \(TableSchema.quotedExtra) IS NULL THEN 0 ELSE lbrun_has(\(TableSchema.quotedExtra), ?) END)\(direction)"
                )
            }
            terms.append(Self.sortKey(column) + direction)
        }
        terms.append(contentsOf: defaultOrder)
        return terms.joined(separator: ", ")
    }

    /// The ids ascending, then insertion order (`RecordSorter`'s tie-breaks).
    var defaultOrder: [String] {
        schema.idColumns.map(Self.sortKey) + [schema.rowid]
    }

    /// The expression a column sorts by: text in UTF-16 code-unit order, as JavaScript compares.
    static func sortKey(_ column: ColumnSchema) -> String {
        column.kind == .text ? "lbrun_utf16(\(column.quoted))" : column.quoted
    }
}
