public import LBCore
public import LBPlan
import Foundation

/// Parses and validates client filters (`?filter=`, `?where=`) into `Filter`/`Where` values,
/// reproducing LoopBack 3's normalisation (juggler `_normalize`, `_sanitizeQuery`, `_coerce`)
/// and its 400 messages, with lbrun's documented improvements (docs/FILTERS.md).
///
/// Checks run in this order: nesting depth (max 12), `$` keys, `limit`/`skip`/`offset`,
/// `order`, `fields`, `include`, `where`.
public enum FilterParser {
    /// Parses a `filter` argument (already JSON-decoded; `nil`/`null` = no filter).
    ///
    /// - Throws: `LoopBackError` (400) with LoopBack's message for every invalid part.
    public static func parse(_ value: JSONValue?, for model: ModelPlan) throws(LoopBackError) -> Filter {
        try parse(value, for: model, trusted: false)
    }

    /// Parses a `where` argument (`/count`, `/update`, `/upsertWithWhere`); `nil` when absent or empty.
    public static func parseWhere(_ value: JSONValue?, for model: ModelPlan) throws(LoopBackError) -> Where? {
        guard let value, value != .null else { return nil }
        try QuerySanitizer.checkDepth(value)
        try QuerySanitizer.checkOperators(value, rootIsWhere: true)
        return try WhereParser(model: model, rejectHidden: true).parse(value)
    }

    /// Parses a filter written by the app developer (a model's default `scope`, a relation's
    /// `scope`): hidden properties and `$` keys are allowed, and a `skip` without `limit` does
    /// not impose `limit: 100`. Otherwise as `parse`. Merge the result with `ScopeMerger`.
    public static func parseScope(_ value: JSONValue?, for model: ModelPlan) throws(LoopBackError) -> Filter {
        try parse(value, for: model, trusted: true)
    }

    static func parse(_ value: JSONValue?, for model: ModelPlan, trusted: Bool) throws(LoopBackError) -> Filter {
        guard let value, value.isTruthy else { return Filter() }
        guard case .object(let members) = value else {
            throw LoopBackError.badRequest("The query filter \(JS.json(value)) is not an object")
        }
        try QuerySanitizer.checkDepth(value)
        if !trusted { try QuerySanitizer.checkOperators(value, rootIsWhere: false) }

        var filter = Filter()
        try applyPaging(members["limit"], members["skip"], members["offset"], to: &filter, imposeDefaultLimit: !trusted)
        filter.order = try order(members["order"], model: model, rejectHidden: !trusted)
        filter.fields = try fields(members["fields"], model: model, rejectHidden: !trusted)
        filter.include = IncludeParser.parse(members["include"])
        if let whereValue = members["where"], whereValue != .null {
            filter.where = try WhereParser(model: model, rejectHidden: !trusted).parse(whereValue)
        }
        return filter
    }

    // MARK: limit / skip / offset

    /// §3.2 step 1. With any of the three truthy: `limit = Number(limit || 100)`,
    /// `offset = Number(skip || offset || 0)`.
    static func applyPaging(
        _ limit: JSONValue?, _ skip: JSONValue?, _ offset: JSONValue?, to filter: inout Filter, imposeDefaultLimit: Bool
    ) throws(LoopBackError) {
        guard JS.truthy(limit) || JS.truthy(skip) || JS.truthy(offset) else { return }
        if JS.truthy(limit) || imposeDefaultLimit {
            let raw = JS.truthy(limit) ? limit! : .number(100)
            let number = JS.number(raw)
            guard !number.isNaN, number > 0, number.rounded(.up) == number else {
                throw LoopBackError.badRequest("The limit parameter \(JS.json(raw)) is not valid")
            }
            filter.limit = number.isInfinite ? nil : clampedInt(number)
        }
        let rawOffset = JS.truthy(skip) ? skip! : (JS.truthy(offset) ? offset! : .number(0))
        let number = JS.number(rawOffset)
        guard !number.isNaN, number >= 0, number.rounded(.up) == number else {
            throw LoopBackError.badRequest("The offset/skip parameter \(JS.json(rawOffset)) is not valid")
        }
        filter.skip = clampedInt(number)
    }

    private static func clampedInt(_ n: Double) -> Int {
        n >= Double(Int.max) ? Int.max : Int(n)
    }

    // MARK: order

    /// §3.2 step 2: strings or arrays of strings, comma lists, `prop [ASC|DESC]`.
    static func order(_ value: JSONValue?, model: ModelPlan, rejectHidden: Bool) throws(LoopBackError) -> [OrderItem] {
        guard let value, value.isTruthy else { return [] }
        let entries: [JSONValue] = value.arrayValue ?? [value]
        var items: [OrderItem] = []
        for entry in entries {
            guard case .string(let text) = entry else {
                throw LoopBackError.badRequest("The order \(JS.json(entry)) is not valid")
            }
            for token in jsSplit(text, on: commaRun) where !token.isEmpty {
                let parts = jsSplit(token, on: whitespaceRun)
                var descending = false
                if parts.count >= 2 {
                    switch parts[1].uppercased() {
                    case "ASC": descending = false
                    case "DESC": descending = true
                    default: throw LoopBackError.badRequest("The order \(JS.json(.string(token))) has invalid direction")
                    }
                }
                let path = parts[0]
                if rejectHidden { try checkNotHidden(path, in: model) }
                items.append(OrderItem(path: path, descending: descending))
            }
        }
        return items
    }

    /// `/(?:\s*,\s*)+/`
    private static let commaRun = try! NSRegularExpression(pattern: "(?:\\s*,\\s*)+")
    /// `/\s+/`
    private static let whitespaceRun = try! NSRegularExpression(pattern: "\\s+")

    /// `String.prototype.split(regex)` for a regex that never matches the empty string.
    static func jsSplit(_ text: String, on regex: NSRegularExpression) -> [String] {
        var pieces: [String] = []
        var start = text.startIndex
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text) else { continue }
            pieces.append(String(text[start..<range.lowerBound]))
            start = range.upperBound
        }
        pieces.append(String(text[start...]))
        return pieces
    }

    // MARK: fields

    /// §3.6: a name, an array of names (empty = all), or an include/exclude object. For strict
    /// models, names that are not properties are dropped. `"false"` and `"0"` count as false.
    static func fields(_ value: JSONValue?, model: ModelPlan, rejectHidden: Bool) throws(LoopBackError) -> FieldSelection? {
        guard let value, value.isTruthy else { return nil }
        let names = model.properties.map(\.name)
        var selection: FieldSelection
        var implicit = false
        switch value {
        case .string(let name):
            selection = .only([name])
        case .array(let elements):
            if elements.isEmpty { return nil }
            selection = .only(
                elements.compactMap { element in
                    switch element {
                    case .string(let name): name
                    case .number, .bool: JS.string(element)
                    default: nil
                    }
                })
        case .object(let members):
            if members.isEmpty { return nil }
            let included = members.filter { fieldFlag($0.value) }.map(\.key)
            selection = included.isEmpty ? .except(Array(members.keys)) : .only(included)
        default:
            // `fields: true` / `fields: 5`: LoopBack lists every declared property.
            selection = .only(names)
            implicit = true
        }
        let mentioned: [String]
        switch selection {
        case .only(let list), .except(let list): mentioned = list
        }
        if rejectHidden, !implicit {
            for name in mentioned { try checkNotHidden(name, in: model) }
        }
        if model.strict != .off, case .only(let list) = selection {
            let declared = Set(names)
            selection = .only(list.filter(declared.contains))
        }
        return selection
    }

    /// Truthiness of a `fields` object value, except that the strings `"false"` and `"0"` are false.
    static func fieldFlag(_ value: JSONValue) -> Bool {
        if case .string(let text) = value, text == "false" || text == "0" { return false }
        return value.isTruthy
    }

    // MARK: hidden properties

    /// 400 `HIDDEN_PROPERTY_IN_QUERY` when `path` (or its first dotted segment) is hidden.
    static func checkNotHidden(_ path: String, in model: ModelPlan) throws(LoopBackError) {
        guard !model.hidden.isEmpty else { return }
        let head = path.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        for name in [path, head] where model.hidden.contains(name) {
            throw LoopBackError.badRequest(
                "Property \"\(name)\" is hidden and cannot be used in a query", code: "HIDDEN_PROPERTY_IN_QUERY"
            )
        }
    }
}
