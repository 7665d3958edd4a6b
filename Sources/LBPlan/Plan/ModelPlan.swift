public import LBCore

/// A model after inheritance, mixins and model-config overrides are applied.
///
/// A value type over shared immutable storage: the runtime hands models to many small helpers
/// per request, and a copy costs one reference count instead of one per field. Fields read and
/// write as properties (`model.name`, `model.properties.append(…)`) through `Fields`.
@dynamicMemberLookup
public struct ModelPlan: Sendable, Codable, Equatable {
    /// The model's fields.
    public struct Fields: Sendable, Codable, Equatable {
        public var name: String
        /// The immediate base model (`nil` only for the root `Model`).
        public var base: String?
        /// Every ancestor, nearest first, ending with `Model`.
        public var ancestors: [String]
        /// The model's plural, used for its REST path and in messages.
        public var plural: String
        /// REST base path below `restApiRoot`, with a leading `/` (`/Notes`).
        public var httpPath: String
        /// True when model-config exposes the model over REST.
        public var isPublic: Bool
        /// The datasource it is attached to, or `nil` when not attached.
        public var dataSource: String?
        /// True for lbrun's bundled definitions (User, AccessToken, …) used as they are.
        public var isBuiltin: Bool
        /// Names of the id properties in id order; empty when the model has no id.
        public var idProperties: [String]
        /// Whether clients are refused when they send an id on create (`forceId`).
        public var forceId: Bool
        /// `strict` mode: `false`, `true` (unknown properties fail validation) or `filter` (dropped).
        public var strict: StrictMode
        /// Whether `PUT` replaces (true, the default) or patches.
        public var replaceOnPUT: Bool
        public var properties: [PropertyPlan]
        public var hidden: [String]
        public var protected: [String]
        public var relations: [RelationPlan]
        /// Static ACL entries, inherited ones first.
        public var acls: [ACLPlan]
        /// Mixins applied, in order; only `.builtin` ones have runtime behaviour (their properties,
        /// like every mixin's, are already in `properties`).
        public var mixins: [MixinUse]
        /// The default scope (a filter), if any.
        public var scope: JSONValue?
        /// Named scopes, name → filter.
        public var scopes: JSONValue?
        public var indexes: JSONValue?
        /// Remote method declarations.
        public var methods: JSONValue?
        /// Records to create at boot when the model's store is empty (model-config `seed`).
        public var seed: SeedPlan?
        /// All merged settings, for everything not lifted into a field above.
        public var settings: JSONValue
        /// The definition file, or a `<builtin>/…` name.
        public var origin: SourceLocation
    }

    /// Immutable shared storage; a mutation of a model replaces it (models change only while
    /// the compiler builds them, and are read many times per request afterwards).
    @usableFromInline final class Storage: Sendable {
        @usableFromInline let fields: Fields
        @usableFromInline init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline var storage: Storage

    /// All fields at once.
    public var fields: Fields {
        @inlinable get { storage.fields }
        set { storage = Storage(newValue) }
    }

    /// A field by name. Inlinable, so that a read such as `model.properties` compiles to a field
    /// access in every module instead of evaluating a key path at run time.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
        @inlinable get { storage.fields[keyPath: keyPath] }
        set {
            var copy = storage.fields
            copy[keyPath: keyPath] = newValue
            storage = Storage(copy)
        }
    }

    public init(
        name: String, base: String?, ancestors: [String], plural: String, httpPath: String, isPublic: Bool, dataSource: String?,
        isBuiltin: Bool, idProperties: [String], forceId: Bool, strict: StrictMode, replaceOnPUT: Bool, properties: [PropertyPlan],
        hidden: [String], protected: [String], relations: [RelationPlan], acls: [ACLPlan], mixins: [MixinUse], scope: JSONValue?,
        scopes: JSONValue?, indexes: JSONValue?, methods: JSONValue?, seed: SeedPlan? = nil, settings: JSONValue, origin: SourceLocation
    ) {
        storage = Storage(Fields(
            name: name, base: base, ancestors: ancestors, plural: plural, httpPath: httpPath, isPublic: isPublic,
            dataSource: dataSource, isBuiltin: isBuiltin, idProperties: idProperties, forceId: forceId, strict: strict,
            replaceOnPUT: replaceOnPUT, properties: properties, hidden: hidden, protected: protected, relations: relations, acls: acls,
            mixins: mixins, scope: scope, scopes: scopes, indexes: indexes, methods: methods, seed: seed, settings: settings,
            origin: origin))
    }

    public init(from decoder: any Decoder) throws {
        storage = Storage(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try storage.fields.encode(to: encoder)
    }

    public static func == (lhs: ModelPlan, rhs: ModelPlan) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// True when `ancestor` is this model or one of its bases.
    public func isA(_ ancestor: String) -> Bool {
        self.name == ancestor || self.ancestors.contains(ancestor)
    }

    /// The property named `name`.
    public func property(named name: String) -> PropertyPlan? {
        self.properties.first { $0.name == name }
    }

    /// The relation named `name`.
    public func relation(named name: String) -> RelationPlan? {
        self.relations.first { $0.name == name }
    }
}

/// A model's seed data: records read from the file a model-config entry names in `seed`.
public struct SeedPlan: Sendable, Codable, Equatable {
    /// The seed file, relative to the app directory.
    public var file: String
    public var records: [JSONValue]
    /// Where each record is written, for errors at boot.
    public var origins: [SourceLocation]
}

/// The model setting `strict`, encoded as LoopBack writes it: `false`, `true` or `"filter"`.
public enum StrictMode: Sendable, Equatable, Codable {
    /// Unknown properties are accepted and stored (LoopBack 3's default).
    case off
    /// Unknown properties make validation fail.
    case on
    /// Unknown properties are silently dropped.
    case filter

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .off: try container.encode(false)
        case .on: try container.encode(true)
        case .filter: try container.encode("filter")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = flag ? .on : .off
        } else {
            self = .filter
        }
    }
}

/// A mixin applied to a model, with its options.
public struct MixinUse: Sendable, Codable, Equatable {
    /// Where a mixin's behaviour comes from.
    public enum Kind: String, Sendable, Codable, Equatable {
        /// Implemented by lbrun (`TimeStamp`, `SoftDelete`, `ReadOnly`); has runtime behaviour.
        case builtin
        /// A declarative fragment file; fully applied at compile time.
        case declarative
        /// Another model whose properties were copied in; fully applied at compile time.
        case model
    }

    public var name: String
    public var kind: Kind
    public var options: JSONValue
    public var origin: SourceLocation
}

/// A resolved property definition.
public struct PropertyPlan: Sendable, Codable, Equatable {
    public var name: String
    public var type: PropertyType
    public var required: Bool
    /// Position among the id properties (1 for a single id), or `nil` if not an id.
    public var id: Int?
    /// The datasource generates the value (auto-increment ids).
    public var generated: Bool
    /// The literal default, if any (`"$now"` stays as written).
    public var defaultValue: JSONValue?
    /// A named generator: `uuid`, `uuidv4`, `now`, `shortid`, `guid`.
    public var defaultFn: String?
    /// Everything else the definition says (`index`, `length`, connector blocks like `postgresql`).
    public var settings: JSONValue
    public var origin: SourceLocation
}

/// A property's type, after case-insensitive resolution of LoopBack's type names.
public indirect enum PropertyType: Sendable, Equatable, Codable, CustomStringConvertible {
    case string
    case number
    case boolean
    case date
    case dateString
    case object
    case any
    case geoPoint
    case buffer
    /// A list; `nil` element type for the untyped `array`.
    case array(PropertyType?)
    /// Another model used as an embedded type.
    case model(String)
    /// An object without `type` whose keys are property definitions (an anonymous model).
    case embedded([PropertyPlan])

    public var description: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .boolean: "boolean"
        case .date: "date"
        case .dateString: "datestring"
        case .object: "object"
        case .any: "any"
        case .geoPoint: "geopoint"
        case .buffer: "buffer"
        case .array(nil): "array"
        case .array(let element?): "[\(element)]"
        case .model(let name): name
        case .embedded(let properties): "{" + properties.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + "}"
        }
    }

    private enum CodingKeys: String, CodingKey { case embedded }

    public func encode(to encoder: any Encoder) throws {
        if case .embedded(let properties) = self {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(properties, forKey: .embedded)
        } else {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CodingKeys.self),
            let properties = try? container.decode([PropertyPlan].self, forKey: .embedded)
        {
            self = .embedded(properties)
            return
        }
        let text = try decoder.singleValueContainer().decode(String.self)
        self = PropertyType.parse(text)
    }

    /// Parses the `description` form back.
    static func parse(_ text: String) -> PropertyType {
        if text.hasPrefix("["), text.hasSuffix("]") { return .array(parse(String(text.dropFirst().dropLast()))) }
        return PropertyType.builtin(text) ?? .model(text)
    }

    /// LoopBack's built-in type names, matched case-insensitively.
    public static func builtin(_ name: String) -> PropertyType? {
        switch name.lowercased() {
        case "string", "text": .string
        case "number": .number
        case "boolean": .boolean
        case "date": .date
        case "datestring": .dateString
        case "object": .object
        case "json", "any": .any
        case "array": .array(nil)
        case "geopoint": .geoPoint
        case "buffer", "binary": .buffer
        default: nil
        }
    }

    /// Every built-in type name users may write, for suggestions.
    public static let builtinNames = [
        "string", "text", "number", "boolean", "date", "datestring", "object", "json", "any", "array", "geopoint", "buffer",
        "binary",
    ]
}
