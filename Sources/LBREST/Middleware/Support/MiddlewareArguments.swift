public import LBCore

/// A middleware entry's `params` as LoopBack passes them to the factory: an array is spread as
/// positional arguments, any other value is the single first argument.
public struct MiddlewareArguments: Sendable {
    public let values: [JSONValue]

    public init(_ params: JSONValue?) {
        switch params {
        case .array(let items)?: values = items
        case let value?: values = [value]
        case nil: values = []
        }
    }

    public subscript(position: Int) -> JSONValue? {
        position < values.count ? values[position] : nil
    }

    /// The options object at `position`; missing or `null` is empty, anything else is a problem.
    public func options(at position: Int) throws(SettingsProblem) -> MiddlewareOptions {
        switch self[position] {
        case nil, .null?: return MiddlewareOptions([:])
        case .object(let members)?: return MiddlewareOptions(Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) }))
        case let other?: throw SettingsProblem("options must be an object, not \(other.typeName)")
        }
    }
}

/// Typed reads of a middleware's options object; a value of the wrong type is a `SettingsProblem`.
public struct MiddlewareOptions: Sendable {
    public let members: [String: JSONValue]

    public init(_ members: [String: JSONValue]) {
        self.members = members
    }

    public subscript(key: String) -> JSONValue? {
        members[key].flatMap { $0.isNull ? nil : $0 }
    }

    public func bool(_ key: String, default value: Bool) throws(SettingsProblem) -> Bool {
        guard let raw = self[key] else { return value }
        guard let flag = raw.boolValue else { throw mismatch(key, raw, "true or false") }
        return flag
    }

    public func string(_ key: String) throws(SettingsProblem) -> String? {
        guard let raw = self[key] else { return nil }
        guard let text = raw.stringValue else { throw mismatch(key, raw, "a string") }
        return text
    }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int> = 0...Int.max) throws(SettingsProblem) -> Int {
        guard let raw = self[key] else { return value }
        guard let number = raw.numberValue, number.rounded() == number, number >= Double(range.lowerBound), number <= Double(range.upperBound)
        else { throw mismatch(key, raw, "a whole number from \(range.lowerBound)\(range.upperBound == .max ? " up" : " to \(range.upperBound)")") }
        return Int(number)
    }

    /// A string or a list of strings (`"GET,POST"` stays one string: callers split if they need to).
    public func strings(_ key: String) throws(SettingsProblem) -> [String]? {
        switch self[key] {
        case nil: return nil
        case .string(let text)?: return [text]
        case .array(let items)? where items.allSatisfy({ $0.stringValue != nil }): return items.compactMap(\.stringValue)
        case let other?: throw mismatch(key, other, "a string or a list of strings")
        }
    }

    /// A size such as `100kb` or a number of bytes.
    public func bytes(_ key: String, default value: Int) throws(SettingsProblem) -> Int {
        guard let raw = self[key] else { return value }
        guard let size = ByteSize.parse(raw) else { throw mismatch(key, raw, "a size such as \"100kb\" or a number of bytes") }
        return size
    }

    /// A duration such as `"5s"` or a number of milliseconds.
    public func milliseconds(_ key: String, default value: Int) throws(SettingsProblem) -> Int {
        guard let raw = self[key] else { return value }
        guard let duration = Milliseconds.parse(raw) else { throw mismatch(key, raw, "a duration such as \"5s\" or a number of milliseconds") }
        return duration
    }

    func mismatch(_ key: String, _ value: JSONValue, _ expected: String) -> SettingsProblem {
        SettingsProblem("'\(key)' must be \(expected), not \(value.jsonText)")
    }
}
