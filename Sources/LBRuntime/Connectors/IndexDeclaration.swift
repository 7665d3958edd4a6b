public import LBCore
public import LBPlan

/// An index a model declares, as LoopBack 3 writes it: an entry of the model's `indexes` setting
/// or a property's `index`. SQL connectors turn declarations into `CREATE INDEX` statements,
/// resolving each key to a column and naming the index their own way.
public struct IndexDeclaration: Sendable, Equatable {
    /// Where the declaration comes from.
    public enum Source: Sendable, Equatable {
        /// The entry of `indexes` with this key (`"name_idx": {…}`).
        case entry(String)
        /// The `index` setting of this property.
        case property(String)
    }

    /// One key of the index: a property or column name, and its order.
    public struct Key: Sendable, Equatable {
        public let name: String
        public let descending: Bool

        public init(name: String, descending: Bool = false) {
            self.name = name
            self.descending = descending
        }
    }

    public let source: Source
    /// The keys, in index order.
    public let keys: [Key]
    public let unique: Bool

    public init(source: Source, keys: [Key], unique: Bool) {
        self.source = source
        self.keys = keys
        self.unique = unique
    }

    /// The indexes `model` declares: first the entries of `indexes`, in order, then the indexed
    /// properties, in declaration order. An entry may be `{"keys": {"a": 1, "b": -1}, "options":
    /// {"unique": true}}`, `{"columns": "a, b DESC", "kind": "unique"}` or the keys themselves
    /// (`{"a": 1, "b": -1}`); a property's `index` is `true` or `{"unique": true}`. A key whose
    /// value is `-1` (or written `DESC`) is descending. Entries without keys are left out.
    public static func of(_ model: ModelPlan) -> [IndexDeclaration] {
        var declarations: [IndexDeclaration] = []
        for (key, spec) in model.indexes?.objectValue ?? [:] {
            let keys = Self.keys(of: spec)
            guard !keys.isEmpty else { continue }
            declarations.append(IndexDeclaration(source: .entry(key), keys: keys, unique: isUnique(spec)))
        }
        for property in model.properties {
            guard let spec = property.settings["index"], spec.isTruthy else { continue }
            declarations.append(IndexDeclaration(source: .property(property.name), keys: [Key(name: property.name)], unique: isUnique(spec)))
        }
        return declarations
    }

    /// The keys an entry of `indexes` covers, in order.
    private static func keys(of spec: JSONValue) -> [Key] {
        if let text = spec["columns"]?.stringValue {
            return text.split(separator: ",").compactMap { part in
                let words = part.split(separator: " ")
                return words.first.map { Key(name: String($0), descending: words.dropFirst().first?.uppercased() == "DESC") }
            }
        }
        let settings: Set<String> = ["options", "unique", "kind", "type", "name"]
        let members = spec["keys"]?.objectValue ?? spec.objectValue?.filter { !settings.contains($0.key) } ?? [:]
        return members.map { Key(name: $0.key, descending: $0.value.numberValue == -1 || $0.value.stringValue?.lowercased() == "desc") }
    }

    private static func isUnique(_ spec: JSONValue) -> Bool {
        spec["unique"]?.boolValue == true || spec["options"]?["unique"]?.boolValue == true
            || spec["kind"]?.stringValue?.lowercased() == "unique"
    }
}
