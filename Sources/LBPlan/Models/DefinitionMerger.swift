import LBConfig
import LBCore
import OrderedCollections

/// Merges a model definition over its base, as juggler's `ModelBuilder.extend` does.
///
/// Definitions are trees with a `properties` member and settings beside it. Properties: the
/// child's own first, then inherited ones it does not redefine; `null`/`false` or
/// `excludeBaseProperties` removes an inherited one, and a child that declares an id drops the
/// base's ids. Settings: LoopBack's legacy merge policy unless the child sets
/// `configureModelMerge`. Two departures from LoopBack 3, both documented: `plural` and
/// `http.path` are not inherited (children got their base's URL), and a relation set to `null`
/// removes the inherited relation (LoopBack crashed).
enum DefinitionMerger {
    /// How one top-level setting merges.
    enum Rule {
        case replace
        case union
        case patch
        case concatenate
        case deepMerge
    }

    /// Keys never inherited from the base.
    static let notInherited: Set<String> = ["name", "base", "super", "plural", "properties", "excludeBaseProperties"]

    /// `child` merged over `base`; both are definition trees.
    static func merge(base: ConfigNode, child: ConfigNode) -> ConfigNode {
        let recommended = child["configureModelMerge"].map { $0.isTruthy } ?? false
        var members = OrderedDictionary<String, ConfigNode>()
        members["properties"] = mergeProperties(base: base, child: child)
        for (key, value) in base.object ?? [:] where !notInherited.contains(key) {
            members[key] = key == "http" ? value.removing("path") : value
        }
        for (key, value) in child.object ?? [:] where key != "properties" {
            guard let existing = members[key], !notInherited.contains(key) else {
                members[key] = value
                continue
            }
            if recommended, value.isNull {
                members.removeValue(forKey: key)
                continue
            }
            members[key] = apply(rule(for: key, recommended: recommended), existing, value)
        }
        var result = child
        result.value = .object(members)
        return result
    }

    static func rule(for key: String, recommended: Bool) -> Rule {
        switch key {
        case "description": return .replace
        case "hidden", "protected": return .union
        case "relations": return .patch
        case "acls": return .concatenate
        case "indexes", "methods", "mixins", "scopes": return recommended ? .patch : .deepMerge
        case "options": return recommended ? .patch : .deepMerge
        case "scope": return recommended ? .replace : .deepMerge
        default: return recommended ? .replace : .deepMerge
        }
    }

    static func apply(_ rule: Rule, _ base: ConfigNode, _ child: ConfigNode) -> ConfigNode {
        switch rule {
        case .replace:
            return child
        case .union, .concatenate:
            guard let baseItems = base.array, let childItems = child.array else { return child }
            var items = baseItems
            let existing = Set(baseItems.map(\.json))
            items += childItems.filter { !existing.contains($0.json) }
            var result = child
            result.value = .array(items)
            return result
        case .patch:
            guard var members = base.object, let childMembers = child.object else { return child }
            for (key, value) in childMembers {
                if value.isNull { members.removeValue(forKey: key) } else { members[key] = value }
            }
            var result = child
            result.value = .object(members)
            return result
        case .deepMerge:
            return deepMerge(base, child)
        }
    }

    /// juggler's `deepMerge`: objects merge recursively, arrays are unions, the child wins otherwise.
    static func deepMerge(_ base: ConfigNode, _ child: ConfigNode) -> ConfigNode {
        if var members = base.object, let childMembers = child.object {
            for (key, value) in childMembers {
                members[key] = members[key].map { deepMerge($0, value) } ?? value
            }
            var result = child
            result.value = .object(members)
            return result
        }
        if base.array != nil, child.array != nil { return apply(.union, base, child) }
        return child
    }

    static func mergeProperties(base: ConfigNode, child: ConfigNode) -> ConfigNode {
        let own = child["properties"]?.object ?? [:]
        let excluded = Set(child["excludeBaseProperties"]?.array?.compactMap(\.string) ?? [])
        let childDeclaresId = own.values.contains(where: isId)
        var members = OrderedDictionary<String, ConfigNode>()
        var removed = Set<String>()
        for (name, definition) in own {
            if definition.isNull || definition.bool == false {
                removed.insert(name)
            } else {
                members[name] = definition
            }
        }
        for (name, definition) in base["properties"]?.object ?? [:]
        where members[name] == nil && !removed.contains(name) && !excluded.contains(name) {
            if childDeclaresId && isId(definition) { continue }
            members[name] = definition
        }
        let location = child["properties"]?.location ?? child.location
        var node = ConfigNode(.object(members), at: location)
        node.keyLocation = child["properties"]?.keyLocation
        return node
    }

    /// True for a full property definition marked as an id.
    static func isId(_ definition: ConfigNode) -> Bool {
        definition["id"]?.isTruthy ?? false
    }

    /// A definition file's tree in merged form: `options` folded into settings (its keys win),
    /// `super` renamed `base`, `relationships` renamed `relations`.
    static func normalize(_ definition: ConfigNode) -> ConfigNode {
        guard var members = definition.object else { return definition }
        if let options = members.removeValue(forKey: "options"), let optionMembers = options.object {
            for (key, value) in optionMembers { members[key] = value }
        }
        if members["base"] == nil, let legacy = members.removeValue(forKey: "super") { members["base"] = legacy }
        if members["relations"] == nil, let legacy = members.removeValue(forKey: "relationships") { members["relations"] = legacy }
        var result = definition
        result.value = .object(members)
        return result
    }
}
