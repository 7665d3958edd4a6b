import LBConfig
import LBCore
import OrderedCollections

/// Turns each resolved definition into a `ModelPlan`: typed properties, ids, hidden lists, ACLs
/// and settings. Relations are resolved afterwards, once every model's ids are known.
enum ModelPlanPass {
    static func run(_ c: inout Compilation) {
        let entries = Dictionary(c.modelEntries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let knownModels = Set(c.definitions.keys).union(BuiltinModels.sources.keys)
        for name in c.buildOrder {
            guard let model = c.resolved[name] else { continue }
            var decoder = ModelDecoder(model: model, knownModels: knownModels)
            let plan = decoder.decode(entry: entries[name])
            c.diagnostics.append(contentsOf: decoder.diagnostics)
            c.models.append(plan)
        }
    }
}

/// Decodes one resolved definition.
struct ModelDecoder {
    let model: ResolvedModel
    let knownModels: Set<String>
    var diagnostics = Diagnostics()

    var definition: ConfigNode { model.definition }

    mutating func decode(entry: ModelConfigEntry?) -> ModelPlan {
        var hidden = definition["hidden"]?.array?.compactMap(\.string) ?? []
        var properties: [PropertyPlan] = []
        for (name, node) in definition["properties"]?.object ?? [:] {
            guard let property = decodeProperty(name, node) else { continue }
            if property.settings["hidden"]?.isTruthy == true, !hidden.contains(name) { hidden.append(name) }
            properties.append(property)
        }
        if !properties.contains(where: { $0.id != nil }), definition["idInjection"]?.bool != false {
            properties.append(PropertyPlan(
                name: "id", type: .number, required: false, id: 1, generated: true, defaultValue: nil, defaultFn: nil,
                settings: [:], origin: model.origin))
        }
        let ids = properties.filter { $0.id != nil }.sorted { $0.id! < $1.id! }
        let primary = ids.first { $0.name == "id" } ?? ids.first
        let plural = definition["plural"]?.string ?? Inflection.pluralize(model.name)
        var httpPath = definition["http"]?["path"]?.string ?? plural
        if !httpPath.hasPrefix("/") { httpPath = "/" + httpPath }
        return ModelPlan(
            name: model.name, base: model.base, ancestors: model.ancestors, plural: plural, httpPath: httpPath,
            isPublic: entry?.isPublic ?? false, dataSource: entry?.dataSource, isBuiltin: model.isBuiltin,
            idProperties: ids.map(\.name), forceId: forceId(primary: primary), strict: strictMode(),
            replaceOnPUT: definition["replaceOnPUT"]?.bool ?? true, properties: properties, hidden: hidden,
            protected: definition["protected"]?.array?.compactMap(\.string) ?? [], relations: [],
            acls: decodeACLs(), mixins: model.mixins, scope: definition["scope"]?.json, scopes: definition["scopes"]?.json,
            indexes: definition["indexes"]?.json, methods: definition["methods"]?.json,
            seed: nil, settings: settingsJSON(), origin: model.origin)
    }

    /// Settings without the members lifted into fields of the plan.
    func settingsJSON() -> JSONValue {
        var settings = definition.json.objectValue ?? [:]
        for key in ["name", "base", "properties", "relations", "acls", "hidden", "protected", "mixins", "scope", "scopes", "indexes", "methods"] {
            settings.removeValue(forKey: key)
        }
        return .object(settings)
    }

    func forceId(primary: PropertyPlan?) -> Bool {
        switch definition["forceId"]?.value {
        case .bool(let explicit)?: return explicit
        default: return primary?.generated ?? false
        }
    }

    mutating func strictMode() -> StrictMode {
        guard let node = definition["strict"] else { return .off }
        switch node.value {
        case .bool(true): return .on
        case .string("filter"): return .filter
        case .string("throw"), .string("validate"):
            diagnostics.warning(
                "model.strict-legacy", "strict: \"\(node.string!)\" is a legacy value; lbrun treats it as true", at: node.location,
                hint: "write \"strict\": true")
            return .on
        default: return .off
        }
    }

    mutating func decodeProperty(_ name: String, _ node: ConfigNode) -> PropertyPlan? {
        if name.contains(".") {
            diagnostics.error(
                "model.property-name", "property names containing dots are not supported (model '\(model.name)', property '\(name)')",
                at: node.nameLocation, hint: "use a nested object type or another name")
            return nil
        }
        switch node.value {
        case .string, .array:
            guard let type = decodeType(node, property: name) else { return nil }
            return PropertyPlan(
                name: name, type: type, required: false, id: nil, generated: false, defaultValue: nil, defaultFn: nil,
                settings: [:], origin: node.nameLocation)
        case .object(let members):
            guard let typeNode = members["type"] else {
                if looksLikeEmbeddedModel(node) {
                    let nested = members.compactMap { decodeProperty($0.key, $0.value) }
                    return PropertyPlan(
                        name: name, type: .embedded(nested), required: false, id: nil, generated: false, defaultValue: nil,
                        defaultFn: nil, settings: [:], origin: node.nameLocation)
                }
                diagnostics.error(
                    "model.property-without-type", "property '\(name)' of model '\(model.name)' has no 'type'", at: node.location,
                    hint: "add \"type\": \"string\" (or the type you mean); LoopBack 3 silently made this an embedded model")
                return nil
            }
            guard let type = decodeType(typeNode, property: name) else { return nil }
            var idOrder: Int?
            switch members["id"]?.value {
            case .bool(true)?: idOrder = 1
            case .number(let n)? where n > 0: idOrder = Int(n)
            case .string(let s)? where !s.isEmpty: idOrder = 1
            default: idOrder = nil
            }
            var settings = node.json.objectValue ?? [:]
            for key in ["type", "required", "id", "generated", "default", "defaultFn"] { settings.removeValue(forKey: key) }
            return PropertyPlan(
                name: name, type: type, required: members["required"]?.isTruthy ?? false, id: idOrder,
                generated: members["generated"]?.isTruthy ?? false, defaultValue: members["default"]?.json,
                defaultFn: members["defaultFn"]?.string, settings: .object(settings), origin: node.nameLocation)
        default:
            return nil  // null/false removals were handled by inheritance; the schema reported anything else
        }
    }

    /// True when every member of an untyped object reads as a property definition.
    func looksLikeEmbeddedModel(_ node: ConfigNode) -> Bool {
        guard let members = node.object, !members.isEmpty else { return false }
        return members.values.allSatisfy { member in
            switch member.value {
            case .string(let type): return PropertyType.builtin(type) != nil || knownModels.contains(type)
            case .array(let items): return items.count == 1 && looksLikeTypeList(items[0])
            case .object(let inner): return inner["type"] != nil || looksLikeEmbeddedModel(member)
            default: return false
            }
        }
    }

    func looksLikeTypeList(_ item: ConfigNode) -> Bool {
        if let type = item.string { return PropertyType.builtin(type) != nil || knownModels.contains(type) }
        return item.isObject
    }

    mutating func decodeType(_ node: ConfigNode, property: String) -> PropertyType? {
        switch node.value {
        case .string(let name):
            if let builtin = PropertyType.builtin(name) { return builtin }
            if knownModels.contains(name) { return .model(name) }
            diagnostics.error(
                "model.unknown-property-type", "property '\(property)' of model '\(model.name)' has unknown type '\(name)'",
                at: node.location,
                hint: Suggestion.hint(for: name, in: PropertyType.builtinNames + knownModels.sorted())
                    ?? "use one of \(PropertyType.builtinNames.joined(separator: ", ")), or the name of a model")
            return nil
        case .array(let items):
            guard let first = items.first else { return .array(nil) }
            if first.isObject {
                guard let element = decodeProperty(property, first) else { return nil }
                return .array(element.type)
            }
            guard let element = decodeType(first, property: property) else { return nil }
            return .array(element)
        default:
            return nil
        }
    }

    mutating func decodeACLs() -> [ACLPlan] {
        (definition["acls"]?.array ?? []).compactMap { node in
            guard node.isObject else { return nil }
            let property: [String]
            switch node["property"]?.value {
            case .string(let name)?: property = [name]
            case .array(let names)?: property = names.compactMap(\.string)
            default: property = ["*"]
            }
            let principalType = node["principalType"]?.string
            let principalId = node["principalId"].map { $0.string ?? $0.json.jsonText }
            if principalType == nil || principalId == nil {
                diagnostics.warning(
                    "acl.missing-principal", "this ACL entry of model '\(model.name)' names no \(principalType == nil ? "principalType" : "principalId"), so it never applies",
                    at: node.location, hint: "add \"principalType\": \"ROLE\" and \"principalId\": \"$everyone\" (or the principal you mean)")
            }
            return ACLPlan(
                property: property, accessType: node["accessType"]?.string ?? "*", principalType: principalType ?? "",
                principalId: principalId ?? "", permission: node["permission"]?.string, origin: node.location)
        }
    }
}
