import LBConfig
import Foundation
public import LBCore
import OrderedCollections

/// The Express "extended" query-string parser (`qs` with Express's options), so bracket syntax
/// means what it means under LoopBack 3 (§3.1):
///
/// * `a[b][c]=v` nests objects; `a[]=x&a[]=y`, `a=x&a=y` and `a[0]=x&a[1]=y` make arrays;
///   indices above 20 make objects with numeric string keys; sparse indices are compacted;
/// * more than 5 bracket levels are not expanded: the rest becomes one literal key;
/// * at most 1000 parameters are read; `+` and `%20` decode to a space; a value or key with
///   invalid percent-encoding is kept literally (with `+` still turned into spaces);
/// * every value is a string (mixing `a[b]=1&a=c` gives `{"b": "1", "c": true}`, as in `qs`).
public enum QueryString {
    /// Bracket nesting `qs` expands.
    static let depth = 5
    /// Highest array index kept as an array.
    static let arrayLimit = 20
    /// Parameters read.
    static let parameterLimit = 1000

    /// Parses a raw query string (without the leading `?`).
    public static func parse(_ rawQuery: String) -> [String: JSONValue] {
        // Step 1: split into raw key → value(s), combining repeated raw keys.
        var raw = OrderedDictionary<String, Node>()
        let parts = rawQuery.split(separator: "&", maxSplits: parameterLimit, omittingEmptySubsequences: false)
        for part in parts.prefix(parameterLimit) {
            let key: String
            let value: String
            if let bracketEquals = bracketEquals(in: part) {
                key = decode(part[...bracketEquals])
                value = decode(part[part.index(bracketEquals, offsetBy: 2)...])
            } else if let equals = part.firstIndex(of: "=") {
                key = decode(part[..<equals])
                value = decode(part[part.index(after: equals)...])
            } else {
                key = decode(part)
                value = ""
            }
            if let existing = raw[key] {
                raw[key] = combine(existing, .string(value))
            } else {
                raw[key] = .string(value)
            }
        }
        if let simple = parseDistinctMembers(raw) { return simple }
        // Step 2: expand each key's brackets and deep-merge, in JavaScript key order.
        var result: Node = .object([:])
        for key in jsKeyOrder(Array(raw.keys)) {
            guard let expanded = expand(key: key, value: raw[key]!) else { continue }
            result = merge(result, expanded) ?? result
        }
        guard case .object(let members) = compact(result) else { return [:] }
        var output: [String: JSONValue] = [:]
        for (key, value) in members { output[key] = value.json }
        return output
    }

    /// The common case in one pass, or `nil` for the general algorithm: every key names a path of
    /// object members (`filter[where][done]`) — no `[]`, no array index or other key starting with
    /// a digit, no `__proto__`, no empty member, at most `depth` groups, nothing after the last
    /// group — and no path is a prefix of another or repeated. Then merging is plain insertion and
    /// JavaScript's key order is insertion order.
    private static func parseDistinctMembers(_ raw: OrderedDictionary<String, Node>) -> [String: JSONValue]? {
        var output = OrderedDictionary<String, JSONValue>()
        for (key, node) in raw {
            guard case .string(let value) = node, let path = memberPath(key), insert(value, at: path[...], into: &output) else { return nil }
        }
        return Dictionary(uniqueKeysWithValues: output.elements.map { ($0.key, $0.value) })
    }

    /// The member names of `key` when they qualify for `parseDistinctMembers`.
    private static func memberPath(_ key: String) -> [String]? {
        let groups = bracketGroups(in: key)
        guard groups.count <= depth, (groups.last?.upperBound ?? key.endIndex) == key.endIndex else { return nil }
        var path = [String(key[..<(groups.first?.lowerBound ?? key.endIndex)])]
        for group in groups {
            path.append(String(key[key.utf8.index(after: group.lowerBound)..<key.utf8.index(before: group.upperBound)]))
        }
        let plain = path.allSatisfy { name in
            guard let first = name.utf8.first else { return false }
            return !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) && name != "__proto__"
        }
        return plain ? path : nil
    }

    /// Puts `value` at `path` in `object`; false when the path or a prefix of it is already taken
    /// by a value, or the path already leads to an object.
    private static func insert(_ value: String, at path: ArraySlice<String>, into object: inout OrderedDictionary<String, JSONValue>) -> Bool {
        let name = path.first!
        guard path.count > 1 else {
            guard object[name] == nil else { return false }
            object[name] = .string(value)
            return true
        }
        var members: OrderedDictionary<String, JSONValue>
        switch object[name] {
        case nil: members = [:]
        case .object(let existing)?:
            members = existing
            object[name] = .null  // releases the stored copy, so `members` is mutated in place
        default: return false
        }
        guard insert(value, at: path.dropFirst(), into: &members) else { return false }
        object[name] = .object(members)
        return true
    }

    /// True when a query value is LoopBack's JSON form: a string starting with `{` and ending with `}`.
    public static func isJSONForm(_ value: JSONValue?) -> Bool {
        guard case .string(let text)? = value else { return false }
        return text.hasPrefix("{") && text.hasSuffix("}")
    }

    /// The position of the first `]=` in `part` (where a bracketed key ends), if any.
    private static func bracketEquals(in part: Substring) -> Substring.Index? {
        var previous: UInt8 = 0
        var index = part.utf8.startIndex
        while index != part.utf8.endIndex {
            let byte = part.utf8[index]
            if byte == UInt8(ascii: "="), previous == UInt8(ascii: "]") { return part.utf8.index(before: index) }
            previous = byte
            index = part.utf8.index(after: index)
        }
        return nil
    }

    /// `text` parsed as JSON, `nil` when it is not valid JSON.
    public static func parseJSON(_ text: String) -> JSONValue? {
        var diagnostics = Diagnostics()
        return JSONConfigReader.read(Array(text.utf8), file: "query", maxDepth: QuerySanitizer.maxDepth + 1, diagnostics: &diagnostics)?.json
    }

    /// strong-remoting's reading of an `object` argument such as `filter` or `where`:
    /// absent, `""`, `null` and `"null"` → `nil`; a JSON-form string is parsed (400
    /// `Cannot parse JSON-encoded object value.` when malformed); an object is returned as is;
    /// anything else → 400 `Value is not an object.`.
    ///
    /// JSON nested deeper than the filter depth limit is refused with `QUERY_OBJECT_TOO_DEEP`
    /// while parsing, so hostile input cannot exhaust the stack.
    public static func decodeObjectArgument(_ value: JSONValue?) throws(LoopBackError) -> JSONValue? {
        guard let value else { return nil }
        switch value {
        case .null, .string(""), .string("null"):
            return nil
        case .object:
            return value
        case .string(let text) where isJSONForm(value):
            // A repeated key keeps its first position and its last value, as JSON.parse does.
            var diagnostics = Diagnostics()
            let reader = JSONConfigReader.read(
                Array(text.utf8), file: "query", maxDepth: QuerySanitizer.maxDepth + 1, diagnostics: &diagnostics)
            guard let parsed = reader?.json else {
                if diagnostics.errors.contains(where: { $0.code == "syntax.too-deep" }) { throw QuerySanitizer.tooDeep }
                throw LoopBackError.badRequest("Cannot parse JSON-encoded object value.")
            }
            guard case .object = parsed else { throw LoopBackError.badRequest("Value is not an object.") }
            return parsed
        default:
            throw LoopBackError.badRequest("Value is not an object.")
        }
    }

    // MARK: - Values while parsing

    /// A `qs` value: strings, `true` (from merging a string into an object), sparse arrays, objects.
    indirect enum Node {
        case string(String)
        case bool(Bool)
        /// `nil` elements are holes (`a[3]=x` before compaction).
        case array([Node?])
        case object(OrderedDictionary<String, Node>)

        /// JavaScript truthiness, for `merge`'s `if (!source)`.
        var isTruthy: Bool {
            switch self {
            case .string(let s): !s.isEmpty
            case .bool(let b): b
            case .array, .object: true
            }
        }

        var isContainer: Bool {
            switch self {
            case .array, .object: true
            default: false
            }
        }

        var json: JSONValue {
            switch self {
            case .string(let s): return .string(s)
            case .bool(let b): return .bool(b)
            case .array(let elements): return .array(elements.compactMap { $0?.json })
            case .object(let members):
                var object = OrderedDictionary<String, JSONValue>()
                for key in jsKeyOrder(Array(members.keys)) { object[key] = members[key]!.json }
                return .object(object)
            }
        }
    }

    /// `utils.combine`: `[].concat(a, b)`.
    static func combine(_ a: Node, _ b: Node) -> Node {
        func elements(_ node: Node) -> [Node?] {
            if case .array(let items) = node { return items }
            return [node]
        }
        return .array(elements(a) + elements(b))
    }

    // MARK: - Keys

    /// `parseKeys`: splits `a[b][c]` into `a`, `[b]`, `[c]` (at most `depth` bracket groups; the
    /// rest becomes one literal key) and builds the nested value.
    static func expand(key: String, value: Node) -> Node? {
        guard !key.isEmpty else { return nil }
        let groups = bracketGroups(in: key)
        var chain: [String] = []
        let parent = groups.first.map { String(key[..<$0.lowerBound]) } ?? key
        if !parent.isEmpty { chain.append(parent) }
        for group in groups.prefix(depth) { chain.append(String(key[group])) }
        if groups.count > depth {
            chain.append("[" + String(key[groups[depth].lowerBound...]) + "]")
        }
        return build(chain: chain, leaf: value)
    }

    /// Ranges of every `[…]` group without inner brackets (`/\[[^[\]]*]/g`). Brackets are ASCII,
    /// so the UTF-8 view's indices are valid string indices.
    static func bracketGroups(in key: String) -> [Range<String.Index>] {
        var groups: [Range<String.Index>] = []
        let utf8 = key.utf8
        var index = utf8.startIndex
        var open: String.Index? = nil
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "[") {
                open = index
            } else if byte == UInt8(ascii: "]"), let start = open {
                groups.append(start..<utf8.index(after: index))
                open = nil
            }
            index = utf8.index(after: index)
        }
        return groups
    }

    /// `parseObject`: wraps `leaf` in the containers the chain describes, innermost last.
    static func build(chain: [String], leaf: Node) -> Node {
        var leaf = leaf
        for root in chain.reversed() {
            if root == "[]" {
                if case .array = leaf {} else { leaf = .array([leaf]) }
                continue
            }
            let utf8 = root.utf8
            let isBracketed = utf8.count >= 2 && utf8.first == UInt8(ascii: "[") && utf8.last == UInt8(ascii: "]")
            let clean = isBracketed ? String(root[utf8.index(after: utf8.startIndex)..<utf8.index(before: utf8.endIndex)]) : root
            if isBracketed, let index = Int(clean), String(index) == clean, index >= 0, index <= arrayLimit {
                var elements = [Node?](repeating: nil, count: index + 1)
                elements[index] = leaf
                leaf = .array(elements)
            } else if clean != "__proto__" {
                leaf = .object([clean: leaf])
            } else {
                leaf = .object([:])
            }
        }
        return leaf
    }

    // MARK: - Merging

    /// `utils.merge(target, source)`.
    static func merge(_ target: Node?, _ source: Node?) -> Node? {
        guard let source, source.isTruthy else { return target }
        if !source.isContainer {
            switch target {
            case .array(var elements)?:
                elements.append(source)
                return .array(elements)
            case .object(var members)?:
                members[jsString(source)] = .bool(true)
                return .object(members)
            default:
                return .array([target, source])
            }
        }
        guard let target, target.isContainer else {
            if case .array(let elements) = source { return .array([target] + elements) }
            return .array([target, source])
        }
        if case .array(var targetElements) = target, case .array(let sourceElements) = source {
            for (i, item) in sourceElements.enumerated() {
                guard let item else { continue }  // forEach skips holes
                if i < targetElements.count, let existing = targetElements[i] {
                    if existing.isContainer, item.isContainer {
                        targetElements[i] = merge(existing, item)
                    } else {
                        targetElements.append(item)
                    }
                } else {
                    while targetElements.count <= i { targetElements.append(nil) }
                    targetElements[i] = item
                }
            }
            return .array(targetElements)
        }
        var accumulator = objectMembers(target)
        for (key, value) in objectMembers(source) {
            if let existing = accumulator[key] {
                accumulator[key] = merge(existing, value) ?? existing
            } else {
                accumulator[key] = value
            }
        }
        return .object(accumulator)
    }

    /// An object's members, or an array's present elements keyed by index (`arrayToObject`).
    private static func objectMembers(_ node: Node) -> OrderedDictionary<String, Node> {
        switch node {
        case .object(let members):
            return members
        case .array(let elements):
            var members = OrderedDictionary<String, Node>()
            for (i, element) in elements.enumerated() {
                if let element { members[String(i)] = element }
            }
            return members
        default:
            return [:]
        }
    }

    private static func jsString(_ node: Node) -> String {
        switch node {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        default: ""
        }
    }

    /// `utils.compact`: removes array holes everywhere.
    static func compact(_ node: Node) -> Node {
        switch node {
        case .array(let elements): .array(elements.compactMap { $0.map(compact) })
        case .object(let members): .object(members.mapValues(compact))
        default: node
        }
    }

    /// JavaScript's property order: array-index keys ascending, then the others in insertion order.
    static func jsKeyOrder(_ keys: [String]) -> [String] {
        guard keys.contains(where: { $0.utf8.first.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }) else { return keys }
        func arrayIndex(_ key: String) -> UInt32? {
            guard let value = UInt32(key), value != UInt32.max, String(value) == key else { return nil }
            return value
        }
        let indexed = keys.compactMap { key in arrayIndex(key).map { ($0, key) } }.sorted { $0.0 < $1.0 }.map(\.1)
        guard !indexed.isEmpty else { return keys }
        return indexed + keys.filter { arrayIndex($0) == nil }
    }

    // MARK: - Decoding

    /// `qs`'s decoder: `+` → space, then `decodeURIComponent`; on invalid percent-encoding or
    /// invalid UTF-8 the `+`-replaced text is returned unchanged.
    static func decode<S: StringProtocol>(_ text: S) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var escaped = true
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), escaped, index != utf8.endIndex, let high = hexValue(utf8[index]),
                utf8.index(after: index) != utf8.endIndex, let low = hexValue(utf8[utf8.index(after: index)])
            {
                bytes.append(high << 4 | low)
                index = utf8.index(index, offsetBy: 2)
            } else if byte == UInt8(ascii: "%") {
                // A malformed escape leaves the whole value undecoded (only `+` becomes a space).
                escaped = false
                bytes.append(byte)
            } else {
                bytes.append(byte)
            }
        }
        if !escaped || (String(validating: bytes, as: UTF8.self) == nil) {
            return String(decoding: text.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
