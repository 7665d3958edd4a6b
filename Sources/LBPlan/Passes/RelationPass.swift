import LBConfig
import LBCore
import OrderedCollections

/// Resolves every relation's target, keys and through model with LoopBack 3's defaults, and adds
/// the foreign-key and embed properties to the models that hold them.
///
/// LoopBack 3 silently skipped relations whose target was unknown or unattached; lbrun drops them
/// too (so the same app still boots) but says so in a warning. An omitted or empty `foreignKey`
/// means the default.
enum RelationPass {
    static func run(_ c: inout Compilation) {
        let appModels = Set(c.models.map(\.name))
        var pendingThrough: [ModelPlan] = []
        for index in c.models.indices {
            let source = c.models[index]
            guard let definitions = c.resolved[source.name]?.definition["relations"]?.object else { continue }
            let attached = source.dataSource != nil
            var relations: [RelationPlan] = []
            for (name, node) in definitions {
                guard node.isObject, let typeName = node["type"]?.string, let type = RelationType(rawValue: typeName) else { continue }
                var resolver = RelationResolver(
                    compilation: c, sourceIndex: index, name: name, node: node, type: type, appModels: appModels,
                    quiet: !attached || node.location.isBuiltin)
                if let relation = resolver.resolve(&pendingThrough) {
                    relations.append(relation)
                }
                c = resolver.compilation
            }
            c.models[index].relations = relations
        }
        c.models += pendingThrough
    }
}

/// Resolves one relation of one model.
struct RelationResolver {
    var compilation: Compilation
    let sourceIndex: Int
    let name: String
    let node: ConfigNode
    let type: RelationType
    let appModels: Set<String>
    /// Skip reachability warnings (unattached models, built-in definitions) that LoopBack never showed.
    let quiet: Bool

    var source: ModelPlan { compilation.models[sourceIndex] }

    mutating func resolve(_ pendingThrough: inout [ModelPlan]) -> RelationPlan? {
        if name == "trigger" {
            compilation.diagnostics.error("relation.invalid-name", "a relation may not be named 'trigger'", at: node.nameLocation)
            return nil
        }
        let polymorphic = decodePolymorphic()
        let targetName = node["model"]?.string
        if type == .belongsTo, polymorphic != nil {
            if let model = node["model"] {
                compilation.diagnostics.error(
                    "relation.polymorphic-model", "polymorphic belongsTo '\(name)' must not name a 'model': the target comes from '\(polymorphic!.discriminator)'",
                    at: model.nameLocation)
                return nil
            }
        } else if targetName == nil {
            compilation.diagnostics.error(
                "relation.missing-model", "\(type.rawValue) relation '\(name)' of model '\(source.name)' needs a 'model'",
                at: node.nameLocation, hint: "add \"model\": \"TargetModel\"")
            return nil
        }
        var target: ModelPlan?
        if let targetName {
            guard let found = reachableModel(targetName, role: "targets") else { return nil }
            target = found
        }
        var relation = RelationPlan(
            name: name, type: type, model: targetName, foreignKey: "", primaryKey: given("primaryKey"), through: nil,
            keyThrough: nil, polymorphic: polymorphic, invert: node["invert"]?.isTruthy ?? false, property: nil,
            scope: node["scope"]?.json, properties: node["properties"]?.json, options: node["options"]?.json ?? [:],
            httpPath: node["options"]?["http"]?["path"]?.string ?? name, origin: node.nameLocation)

        switch type {
        case .belongsTo:
            if let polymorphic {
                relation.foreignKey = polymorphic.foreignKey
                addProperty(polymorphic.foreignKey, type: polymorphic.idType.flatMap(PropertyType.builtin) ?? .any, to: sourceIndex)
                addProperty(polymorphic.discriminator, type: .string, to: sourceIndex)
            } else if let target {
                relation.foreignKey = given("foreignKey") ?? Naming.camelize(name, suffix: "id")
                addForeignKey(relation.foreignKey, typed: idType(of: target, key: relation.primaryKey), to: sourceIndex, retype: true)
            }
        case .hasOne, .hasMany:
            guard let target else { return nil }
            relation.foreignKey = given("foreignKey") ?? Naming.camelize(source.name, suffix: "id")
            if let throughName = given("through") {
                guard let through = reachableModel(throughName, role: "goes through") else { return nil }
                relation.through = throughName
                relation.keyThrough = given("keyThrough") ?? Naming.camelize(target.name, suffix: "id")
                if let polymorphic {
                    addProperty(polymorphic.foreignKey, type: .any, to: compilation.modelIndex(through.name))
                    addProperty(polymorphic.discriminator, type: .string, to: compilation.modelIndex(through.name))
                }
                addForeignKey(relation.foreignKey, typed: idType(of: source, key: nil), to: compilation.modelIndex(through.name), retype: false)
                addForeignKey(relation.keyThrough!, typed: idType(of: target, key: nil), to: compilation.modelIndex(through.name), retype: false)
            } else if let polymorphic {
                relation.foreignKey = polymorphic.foreignKey
                addProperty(polymorphic.foreignKey, type: idType(of: source, key: nil), to: compilation.modelIndex(target.name))
                addProperty(polymorphic.discriminator, type: .string, to: compilation.modelIndex(target.name))
            } else {
                addForeignKey(relation.foreignKey, typed: idType(of: source, key: relation.primaryKey), to: compilation.modelIndex(target.name), retype: false)
            }
        case .hasAndBelongsToMany:
            guard let target else { return nil }
            relation.foreignKey = given("foreignKey") ?? Naming.camelize(source.name, suffix: "id")
            relation.keyThrough = given("keyThrough") ?? Naming.camelize(target.name, suffix: "id")
            if let throughName = given("through") {
                guard let through = reachableModel(throughName, role: "goes through") else { return nil }
                relation.through = through.name
                addForeignKey(relation.foreignKey, typed: idType(of: source, key: nil), to: compilation.modelIndex(through.name), retype: false)
                addForeignKey(relation.keyThrough!, typed: idType(of: target, key: nil), to: compilation.modelIndex(through.name), retype: false)
            } else {
                relation.through = habtmThrough(target: target, relation: relation, pending: &pendingThrough)
            }
        case .referencesMany:
            guard let target else { return nil }
            relation.foreignKey = given("foreignKey") ?? Naming.camelize(target.name, suffix: "ids")
            addProperty(relation.foreignKey, type: .array(idType(of: target, key: nil)), default: [], to: sourceIndex)
        case .embedsOne, .embedsMany:
            guard let target else { return nil }
            let defaultProperty = type == .embedsOne ? Naming.lowerFirst(target.name) : Naming.lowerFirst(Inflection.pluralize(target.name))
            var property = given("property") ?? node["options"]?["property"]?.string ?? defaultProperty
            if property == name {
                compilation.diagnostics.warning(
                    "relation.embed-renamed", "embedded data of '\(name)' is stored in property '_\(name)', because the property may not share the relation's name",
                    at: node.nameLocation, hint: "set \"property\" to another name to choose it yourself")
                property = "_" + name
            }
            relation.property = property
            relation.foreignKey = property
            addProperty(
                property, type: type == .embedsOne ? .model(target.name) : .array(.model(target.name)),
                default: type == .embedsMany ? [] : nil, to: sourceIndex)
        }
        return relation
    }

    /// A string setting of the relation; an empty string counts as not given.
    func given(_ key: String) -> String? {
        guard let value = node[key]?.string, !value.isEmpty else { return nil }
        return value
    }

    /// The model `name` if the app builds it with a datasource; otherwise a warning and `nil`.
    mutating func reachableModel(_ modelName: String, role: String) -> ModelPlan? {
        if let index = compilation.modelIndex(modelName) {
            let model = compilation.models[index]
            if model.dataSource == nil, type != .embedsOne, type != .embedsMany, !quiet {
                compilation.diagnostics.warning(
                    "relation.unattached-model",
                    "relation '\(name)' of model '\(source.name)' \(role) model '\(modelName)', which has no datasource; the relation is not served",
                    at: node["model"]?.location ?? node.nameLocation,
                    hint: "give '\(modelName)' a dataSource in model-config")
                return nil
            }
            return model
        }
        guard !quiet else { return nil }
        let known = compilation.definitions[modelName] != nil || BuiltinModels.sources[modelName] != nil
        compilation.diagnostics.warning(
            known ? "relation.unconfigured-model" : "relation.unknown-model",
            known
                ? "relation '\(name)' of model '\(source.name)' \(role) model '\(modelName)', which is not in model-config; the relation is not served"
                : "relation '\(name)' of model '\(source.name)' \(role) unknown model '\(modelName)'; the relation is not served",
            at: (role == "targets" ? node["model"] : node["through"])?.location ?? node.nameLocation,
            hint: known ? "add '\(modelName)' to model-config" : Suggestion.hint(for: modelName, in: appModels) ?? "LoopBack 3 skipped such relations silently")
        return nil
    }

    func decodePolymorphic() -> PolymorphicPlan? {
        guard let value = node["polymorphic"], value.isTruthy else { return nil }
        var selector = name
        var foreignKey: String?
        var discriminator: String?
        var idType: String?
        switch value.value {
        case .string(let s): selector = s
        case .object:
            selector = value["selector"]?.string ?? value["as"]?.string ?? name
            foreignKey = value["foreignKey"]?.string
            discriminator = value["discriminator"]?.string
            idType = value["idType"]?.string
        default: break
        }
        return PolymorphicPlan(
            selector: selector, foreignKey: foreignKey ?? Naming.camelize(selector, suffix: "id"),
            discriminator: discriminator ?? Naming.camelize(selector, suffix: "type"), idType: idType)
    }

    /// The type of `model`'s id (or of `key`), which foreign keys pointing at it take.
    func idType(of model: ModelPlan, key: String?) -> PropertyType {
        let name = key ?? model.idProperties.first
        return name.flatMap { model.property(named: $0)?.type } ?? .any
    }

    /// Adds a foreign key; on belongsTo an existing property is retyped as LoopBack does, with a warning.
    mutating func addForeignKey(_ key: String, typed type: PropertyType, to index: Int?, retype: Bool) {
        guard let index else { return }
        if let existing = compilation.models[index].properties.firstIndex(where: { $0.name == key }) {
            let declared = compilation.models[index].properties[existing].type
            if retype, declared != type, type != .any, !quiet {
                compilation.diagnostics.warning(
                    "relation.foreign-key-type",
                    "belongsTo '\(name)' makes '\(key)' of model '\(compilation.models[index].name)' \(type), not the declared \(declared)",
                    at: compilation.models[index].properties[existing].origin,
                    hint: "declare '\(key)' as \(type), the type of the target's id")
                compilation.models[index].properties[existing].type = type
            }
            return
        }
        addProperty(key, type: type, to: index)
    }

    mutating func addProperty(_ key: String, type: PropertyType, default value: JSONValue? = nil, to index: Int?) {
        guard let index, !compilation.models[index].properties.contains(where: { $0.name == key }) else { return }
        compilation.models[index].properties.append(PropertyPlan(
            name: key, type: type, required: false, id: nil, generated: false, defaultValue: value, defaultFn: nil,
            settings: [:], origin: node.nameLocation))
    }

    /// The through model of a hasAndBelongsToMany without `through`: `<Source><Target>` or
    /// `<Target><Source>` if the app has one, else a generated `<Source><Target>` model.
    mutating func habtmThrough(target: ModelPlan, relation: RelationPlan, pending: inout [ModelPlan]) -> String {
        let candidates = [source.name + target.name, target.name + source.name].map { $0.lowercased() }
        if let existing = (compilation.models + pending).first(where: { candidates.contains($0.name.lowercased()) }) {
            if let index = compilation.modelIndex(existing.name) {
                addForeignKey(relation.foreignKey, typed: idType(of: source, key: nil), to: index, retype: false)
                addForeignKey(relation.keyThrough!, typed: idType(of: target, key: nil), to: index, retype: false)
            }
            return existing.name
        }
        let name = source.name + target.name
        let origin = node.nameLocation
        let property = { (key: String, type: PropertyType) in
            PropertyPlan(name: key, type: type, required: false, id: nil, generated: false, defaultValue: nil, defaultFn: nil, settings: [:], origin: origin)
        }
        let belongsTo = { (relationName: String, model: String, key: String) in
            RelationPlan(
                name: relationName, type: .belongsTo, model: model, foreignKey: key, primaryKey: nil, through: nil, keyThrough: nil,
                polymorphic: nil, invert: false, property: nil, scope: nil, properties: nil, options: [:], httpPath: relationName,
                origin: origin)
        }
        pending.append(ModelPlan(
            name: name, base: "PersistedModel", ancestors: ["PersistedModel", "Model"], plural: Inflection.pluralize(name),
            httpPath: "/" + Inflection.pluralize(name), isPublic: false, dataSource: source.dataSource, isBuiltin: false,
            idProperties: ["id"], forceId: true, strict: .off, replaceOnPUT: true,
            properties: [
                property("id", .number),
                property(relation.foreignKey, idType(of: source, key: nil)),
                property(relation.keyThrough!, idType(of: target, key: nil)),
            ].enumerated().map { index, p in
                var p = p
                if index == 0 { p.id = 1; p.generated = true }
                return p
            },
            hidden: [], protected: [],
            relations: [
                belongsTo(Naming.lowerFirst(source.name), source.name, relation.foreignKey),
                belongsTo(Naming.lowerFirst(target.name), target.name, relation.keyThrough!),
            ],
            acls: [], mixins: [], scope: nil, scopes: nil, indexes: nil, methods: nil, seed: nil, settings: [:], origin: node.nameLocation))
        return name
    }
}
