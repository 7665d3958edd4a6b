import LBCore
public import LBPlan
import Foundation

/// Evaluates a `Where` against records in memory, with the semantics of LoopBack 3's memory
/// connector (§3.5), documented in docs/FILTERS.md:
///
/// * equality is JavaScript's loose `==` (`"5"` equals `5`, `true` equals `1`); `null` matches
///   `null` and missing values; objects and arrays compare structurally;
/// * `neq`, `nin`, `nlike`, `nilike` match missing and `null` values;
/// * `gt`/`gte`/`lt`/`lte`/`between` compare numbers numerically, strings by UTF-16 code units
///   (a string against a number numerically), never match `null`/missing;
/// * values of `date` properties compare as instants;
/// * `like`/`ilike` are unanchored regular expressions (`%` any run, `_` one character), `like`
///   is case-sensitive;
/// * an array value matches when any element matches (`neq` also matches an empty array);
/// * `a.b` looks into nested objects and into every object of an array;
/// * `near` keeps records whose location lies within `maxDistance`/`minDistance`.
public enum WhereEvaluator {
    /// True when `record` satisfies `where`.
    public static func matches(_ record: Record, _ where: Where, model: ModelPlan) -> Bool {
        CompiledWhere(`where`, model: model).matches(record)
    }
}

/// A `Where` prepared for repeated evaluation (regular expressions compiled once).
public struct CompiledWhere {
    private indirect enum Node {
        case and([Node])
        case or([Node])
        case test(Condition)
    }

    private let root: Node

    /// `where` on records of `model`.
    public init(_ where: Where, model: ModelPlan) {
        root = Self.compile(`where`, model: model)
    }

    /// True when `record` satisfies the condition, as `WhereEvaluator.matches` says.
    public func matches(_ record: Record) -> Bool {
        Self.evaluate(root, record)
    }

    private static func compile(_ where: Where, model: ModelPlan) -> Node {
        switch `where` {
        case .and(let parts): .and(parts.map { compile($0, model: model) })
        case .or(let parts): .or(parts.map { compile($0, model: model) })
        case .condition(let path, let op, let value): .test(Condition(path: path, op: op, value: value, model: model))
        }
    }

    private static func evaluate(_ node: Node, _ record: Record) -> Bool {
        switch node {
        case .and(let parts): parts.allSatisfy { evaluate($0, record) }
        case .or(let parts): parts.contains { evaluate($0, record) }
        case .test(let condition): condition.matches(record)
        }
    }
}

/// One compiled `path op value` test.
struct Condition {
    let segments: [String]
    let op: WhereOperator
    let value: JSONValue
    /// The path names a `date` (or `[date]`) property: values compare as instants.
    let isDate: Bool
    private let regex: NSRegularExpression?
    private let list: [JSONValue]

    init(path: String, op: WhereOperator, value: JSONValue, model: ModelPlan) {
        segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        self.op = op
        self.value = value
        isDate = Self.isDateType(model.property(named: path)?.type)
        list = value.arrayValue ?? [value]
        switch (op, value) {
        case (.like, .string(let pattern)), (.nlike, .string(let pattern)):
            regex = QueryRegex.compile(like: pattern, caseInsensitive: false)
        case (.ilike, .string(let pattern)), (.nilike, .string(let pattern)):
            regex = QueryRegex.compile(like: pattern, caseInsensitive: true)
        case (.regexp, .string(let text)):
            regex = QueryRegex.compile(regexpText: text)
        default:
            regex = nil
        }
    }

    static func isDateType(_ type: PropertyType?) -> Bool {
        switch type {
        case .date?: true
        case .array(let element?)?: isDateType(element)
        default: false
        }
    }

    func matches(_ record: Record) -> Bool {
        switch op {
        case .exists:
            return RecordPath.isPresent(segments, in: record) == WhereCoercion.boolean(value)
        case .near:
            return nearMatches(record)
        default:
            return RecordPath.values(segments, in: record).contains { test($0) }
        }
    }

    /// Tests one candidate value; arrays match when any element does.
    private func test(_ candidate: JSONValue?) -> Bool {
        if case .array(let elements)? = candidate {
            if op == .eq, case .array = value, JS.structurallyEqual(candidate!, value) { return true }
            if op == .neq, elements.isEmpty { return true }
            return elements.contains { test($0) }
        }
        return testScalar(candidate)
    }

    private func testScalar(_ v: JSONValue?) -> Bool {
        switch op {
        case .eq: return equal(v, value)
        case .neq: return !equal(v, value)
        case .gt: return compare(v, value).map { $0 > 0 } ?? false
        case .gte: return compare(v, value).map { $0 >= 0 } ?? false
        case .lt: return compare(v, value).map { $0 < 0 } ?? false
        case .lte: return compare(v, value).map { $0 <= 0 } ?? false
        case .between:
            guard list.count == 2 else { return false }
            return (compare(v, list[0]).map { $0 >= 0 } ?? false) && (compare(v, list[1]).map { $0 <= 0 } ?? false)
        case .inq: return list.contains { equal(v, $0) }
        case .nin: return !list.contains { equal(v, $0) }
        case .like, .ilike:
            guard let v, v != .null, let regex else { return false }
            return QueryRegex.matches(regex, JS.string(v))
        case .nlike, .nilike:
            guard let v, v != .null, let regex else { return true }
            return !QueryRegex.matches(regex, JS.string(v))
        case .regexp:
            guard let v, v.isTruthy, let regex else { return false }
            return QueryRegex.matches(regex, JS.string(v))
        case .exists, .near:
            return false  // handled in `matches`
        }
    }

    /// Loose equality; `null` matches `null` and missing; instants for date properties.
    private func equal(_ v: JSONValue?, _ x: JSONValue) -> Bool {
        if x == .null { return v == nil || v == .null }
        if isDate, let v, let a = Self.instant(v), let b = Self.instant(x) { return a == b }
        return JS.looseEquals(v, x)
    }

    /// `v − x` in JavaScript's relational sense; `nil` when incomparable (null, missing, NaN).
    private func compare(_ v: JSONValue?, _ x: JSONValue) -> Double? {
        guard let v, v != .null, x != .null else { return nil }
        if isDate, let a = Self.instant(v), let b = Self.instant(x) { return a - b }
        let result: Double
        switch (v, x) {
        case (.string(let a), .string(let b)):
            result = Self.compareUTF16(a, b)
        case (.string(let a), .array), (.string(let a), .object):
            result = Self.compareUTF16(a, JS.string(x))
        case (.string, _), (.number, _), (.bool, _):
            if case .array = x {
                // A number against an array: the array's string form, as a number.
                result = JS.number(v) - JS.number(.string(JS.string(x)))
            } else {
                result = JS.number(v) - JS.number(x)
            }
        default:
            return nil
        }
        return result.isNaN ? nil : result
    }

    static func compareUTF16(_ a: String, _ b: String) -> Double {
        if a == b { return 0 }
        return a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : 1
    }

    /// Milliseconds since the epoch of a date value (ISO strings, numbers).
    static func instant(_ value: JSONValue) -> Double? {
        switch value {
        case .string(let text): JSDate.parse(text)
        case .number(let n): JSDate.clip(n)
        default: nil
        }
    }

    private func nearMatches(_ record: Record) -> Bool {
        guard let distance = distance(of: record) else { return false }
        if let max = value["maxDistance"]?.numberValue, max > 0, distance > max { return false }
        if let min = value["minDistance"]?.numberValue, min > 0, distance < min { return false }
        return true
    }

    /// Distance of the record's location from the `near` point, `nil` without a valid location.
    func distance(of record: Record) -> Double? {
        guard op == .near, let origin = GeoDistance.point(value["point"]) else { return nil }
        guard let location = RecordPath.values(segments, in: record).lazy.compactMap({ GeoDistance.point($0) }).first
        else { return nil }
        return GeoDistance.distance(origin, location, unit: value["unit"]?.stringValue)
    }
}

/// Dotted-path lookup into records.
enum RecordPath {
    /// Every value `path` reaches: intermediate arrays of objects fan out, a numeric segment
    /// indexes an array, `nil` stands for "missing".
    static func values(_ segments: [String], in record: Record) -> [JSONValue?] {
        guard let first = segments.first else { return [nil] }
        var current: [JSONValue?] = [record[first]]
        for segment in segments.dropFirst() {
            var next: [JSONValue?] = []
            for value in current {
                switch value {
                case .object(let members)?:
                    next.append(members[segment])
                case .array(let elements)?:
                    if let index = Int(segment), index >= 0, String(index) == segment {
                        next.append(index < elements.count ? elements[index] : nil)
                        continue
                    }
                    let objects = elements.compactMap(\.objectValue)
                    if objects.isEmpty {
                        next.append(nil)
                    } else {
                        next.append(contentsOf: objects.map { $0[segment] })
                    }
                default:
                    next.append(nil)
                }
            }
            current = next
        }
        return current
    }

    /// True when the last key of `path` is present (even with `null`) somewhere along the path.
    static func isPresent(_ segments: [String], in record: Record) -> Bool {
        values(segments, in: record).contains { $0 != nil }
    }

    /// The single value at `path` without fanning out into arrays (for sorting).
    static func value(_ segments: [String], in record: Record) -> JSONValue? {
        guard let first = segments.first else { return nil }
        var current = record[first]
        for segment in segments.dropFirst() {
            switch current {
            case .object(let members)?:
                current = members[segment]
            case .array(let elements)?:
                guard let index = Int(segment), index >= 0, index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
