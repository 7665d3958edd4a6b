public import LBCore
public import OrderedCollections

/// A config value with the place it was written, kept through overlays and `${VAR}` substitution.
///
/// Every value read from a JSON or YAML file becomes a `ConfigNode`; compiler passes read nodes,
/// never raw JSON, so each problem they find can point at the line the user wrote.
public struct ConfigNode: Sendable, Hashable {
    /// The shape of a node's value. Objects keep their key order.
    public indirect enum Value: Sendable, Hashable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([ConfigNode])
        case object(OrderedDictionary<String, ConfigNode>)
    }

    public var value: Value
    /// Where the value starts.
    public var location: SourceLocation
    /// Where the key naming this value is written, for members of an object.
    public var keyLocation: SourceLocation?
    /// Set when the value came from an environment variable or app setting (`${PORT}`).
    public var substitutedFrom: String?
    /// Set when an overlay file replaced a value: where the replaced value was written.
    public var overrides: SourceLocation?

    public init(_ value: Value, at location: SourceLocation, keyLocation: SourceLocation? = nil) {
        self.value = value
        self.location = location
        self.keyLocation = keyLocation
    }

    /// The location to report a problem with this member's *name*: the key if known, else the value.
    public var nameLocation: SourceLocation { keyLocation ?? location }

    /// Notes that explain where this value came from, attached to diagnostics about it.
    public var provenanceNotes: [Diagnostic.Note] {
        var notes: [Diagnostic.Note] = []
        if let variable = substitutedFrom { notes.append(.init("value comes from \(variable)")) }
        if let replaced = overrides { notes.append(.init("overrides the value written here", at: replaced)) }
        return notes
    }
}

extension ConfigNode {
    public var isNull: Bool { value == .null }

    public var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    public var number: Double? {
        if case .number(let n) = value { return n }
        return nil
    }

    public var array: [ConfigNode]? {
        if case .array(let items) = value { return items }
        return nil
    }

    public var object: OrderedDictionary<String, ConfigNode>? {
        if case .object(let members) = value { return members }
        return nil
    }

    public var isObject: Bool { object != nil }

    /// The member named `key` when this node is an object.
    public subscript(key: String) -> ConfigNode? {
        object?[key]
    }

    /// The JSON type name of the value, for messages.
    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// JavaScript truthiness of the value.
    public var isTruthy: Bool { json.isTruthy }

    /// The value without positions.
    public var json: JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(\.json))
        case .object(let members): .object(members.mapValues(\.json))
        }
    }

    /// Builds a node tree from a plain value, every node placed at `location`.
    public init(json: JSONValue, at location: SourceLocation) {
        switch json {
        case .null: self.init(.null, at: location)
        case .bool(let b): self.init(.bool(b), at: location)
        case .number(let n): self.init(.number(n), at: location)
        case .string(let s): self.init(.string(s), at: location)
        case .array(let items): self.init(.array(items.map { ConfigNode(json: $0, at: location) }), at: location)
        case .object(let members):
            var nodes = OrderedDictionary<String, ConfigNode>()
            for (key, value) in members {
                var node = ConfigNode(json: value, at: location)
                node.keyLocation = location
                nodes[key] = node
            }
            self.init(.object(nodes), at: location)
        }
    }

    /// An empty object at `location`.
    public static func emptyObject(at location: SourceLocation) -> ConfigNode {
        ConfigNode(.object([:]), at: location)
    }

    /// A copy with `key` set to `member` (this node must be an object).
    public func setting(_ key: String, to member: ConfigNode) -> ConfigNode {
        guard var members = object else { return self }
        members[key] = member
        var copy = self
        copy.value = .object(members)
        return copy
    }

    /// A copy without `key`.
    public func removing(_ key: String) -> ConfigNode {
        guard var members = object else { return self }
        members.removeValue(forKey: key)
        var copy = self
        copy.value = .object(members)
        return copy
    }
}
