import LBConfig
import LBCore
import OrderedCollections

/// Resolves every model's base chain and merges its definition with its base's and its mixins'.
///
/// Models to build are the model-config entries plus the custom bases they extend (LoopBack
/// builds those too, unattached). Each model is resolved once, bases first; a cycle is reported
/// at the `base` that closes it. Model-config `options`, `relations` and `acls` then apply to the
/// configured model only, as LoopBack's `configureModel` does after all classes exist.
enum InheritancePass {
    static func run(_ c: inout Compilation) {
        var resolver = Resolver(compilation: c)
        for entry in c.modelEntries {
            resolver.visit(entry.name)
        }
        c = resolver.compilation
        c.buildOrder = resolver.order
        let reached = Set(resolver.cache.keys)
        c.resolved = resolver.cache.compactMapValues { $0 }
        for entry in c.modelEntries {
            guard var model = c.resolved[entry.name] else { continue }
            model.definition = applyModelConfig(entry.node, to: model.definition)
            c.resolved[entry.name] = model
        }
        reportUnusedDefinitions(&c, reached: reached)
    }

    struct Resolver {
        var compilation: Compilation
        var cache: [String: ResolvedModel?] = [:]
        var inProgress: [String] = []
        var order: [String] = []
        var reportedMixins: Set<SourceLocation> = []

        init(compilation: Compilation) { self.compilation = compilation }

        /// Resolves `name` and, if it is a custom model, adds it to the build order after its bases.
        mutating func visit(_ name: String) {
            _ = resolve(name)
        }

        mutating func resolve(_ name: String) -> ResolvedModel? {
            if let cached = cache[name] { return cached }
            guard let source = compilation.definitions[name] ?? BuiltinModels.sources[name] else { return nil }
            if let start = inProgress.firstIndex(of: name) {
                let cycle = inProgress[start...] + [name]
                let closing = compilation.definitions[inProgress.last!]?.node
                compilation.diagnostics.error(
                    "model.inheritance-cycle", "models inherit from each other in a cycle: \(cycle.joined(separator: " → "))",
                    at: closing.flatMap { DefinitionMerger.normalize($0)["base"]?.location } ?? closing?.location,
                    hint: "one of these models must extend another base, such as PersistedModel")
                return nil
            }
            inProgress.append(name)
            defer { inProgress.removeLast() }
            let own = DefinitionMerger.normalize(source.node)
            var base: ResolvedModel?
            var baseName: String?
            if name != "Model" {
                baseName = own["base"]?.string ?? "PersistedModel"
                if let wanted = baseName, compilation.definitions[wanted] == nil, BuiltinModels.sources[wanted] == nil {
                    let known = Array(compilation.definitions.keys) + Array(BuiltinModels.sources.keys)
                    compilation.diagnostics.error(
                        "model.unknown-base", "model '\(name)' extends unknown model '\(wanted)'",
                        at: own["base"]?.location ?? own.location,
                        hint: Suggestion.hint(for: wanted, in: known) ?? "extend a built-in model such as PersistedModel or Model, or a model of this app")
                    baseName = "PersistedModel"
                }
                guard let resolvedBase = resolve(baseName!) else {
                    cache[name] = .some(nil)
                    return nil
                }
                base = resolvedBase
            }
            var model = build(name: name, source: source, own: own, base: base, baseName: baseName)
            model.definition = model.definition.setting("name", to: ConfigNode(.string(name), at: own["name"]?.location ?? own.location))
            cache[name] = model
            if !source.isBuiltin || compilation.modelEntries.contains(where: { $0.name == name }) {
                if !order.contains(name) { order.append(name) }
            }
            return model
        }

        mutating func build(name: String, source: ModelSource, own: ConfigNode, base: ResolvedModel?, baseName: String?) -> ResolvedModel {
            let baseDefinition = base?.definition ?? ConfigNode.emptyObject(at: own.location)
            // Declarative mixins merge over the base before the model's own definition.
            let mixins = DefinitionMerger.deepMerge(
                baseDefinition["mixins"] ?? .emptyObject(at: own.location), own["mixins"] ?? .emptyObject(at: own.location))
            var intermediate = baseDefinition
            var builtinUses: [(String, ConfigNode)] = []
            var declarativeUses: [MixinUse] = []
            var modelMixins: [(String, ConfigNode)] = []
            for (mixin, value) in mixins.object ?? [:] {
                for options in applications(of: value) {
                    if let declared = compilation.mixinSources[mixin] {
                        let fragment = DeclarativeMixin.fragment(declared, options: options, model: name, diagnostics: &compilation.diagnostics)
                        intermediate = DefinitionMerger.merge(base: intermediate, child: fragment)
                        declarativeUses.append(MixinUse(name: mixin, kind: .declarative, options: options.json, origin: options.nameLocation))
                    } else if BuiltinMixins.names.contains(mixin) {
                        builtinUses.append((mixin, options))
                    } else if compilation.definitions[mixin] != nil || BuiltinModels.sources[mixin] != nil {
                        modelMixins.append((mixin, options))
                    } else {
                        reportUnknownMixin(mixin, model: name, at: value)
                    }
                }
            }
            var definition = DefinitionMerger.merge(base: intermediate, child: own)
            definition = definition.setting("mixins", to: mixins)
            var uses = declarativeUses
            for (mixin, options) in builtinUses {
                if let applied = BuiltinMixins.apply(mixin, options: options, to: definition, model: name, diagnostics: &compilation.diagnostics) {
                    definition = applied
                    uses.append(MixinUse(name: mixin, kind: .builtin, options: options.json, origin: options.nameLocation))
                }
            }
            for (mixin, options) in modelMixins {
                definition = mixInModel(mixin, into: definition)
                uses.append(MixinUse(name: mixin, kind: .model, options: options.json, origin: options.nameLocation))
            }
            return ResolvedModel(
                name: name, base: baseName, ancestors: baseName.map { [$0] + (base?.ancestors ?? []) } ?? [],
                definition: definition, origin: own["name"]?.location ?? .start(of: source.file), isBuiltin: source.isBuiltin,
                mixins: uses)
        }

        /// LoopBack's "model used as a mixin": properties the model lacks are copied from it.
        mutating func mixInModel(_ mixin: String, into definition: ConfigNode) -> ConfigNode {
            guard let other = resolve(mixin) else { return definition }
            var result = definition
            let properties = definition["properties"] ?? .emptyObject(at: definition.location)
            var merged = properties
            for (key, value) in other.definition["properties"]?.object ?? [:] where properties[key] == nil {
                merged = merged.setting(key, to: value)
            }
            result = result.setting("properties", to: merged)
            return result
        }

        /// The option sets a `mixins` value applies with: `true`/`null` → `{}`, an object → itself,
        /// a list → each object or `true` in it; `false`, strings and numbers apply nothing.
        func applications(of value: ConfigNode) -> [ConfigNode] {
            switch value.value {
            case .bool(true), .null:
                var empty = ConfigNode.emptyObject(at: value.location)
                empty.keyLocation = value.keyLocation
                return [empty]
            case .object:
                return [value]
            case .array(let items):
                return items.flatMap { item -> [ConfigNode] in
                    item.bool == true || item.isObject ? applications(of: item) : []
                }
            default:
                return []
            }
        }

        mutating func reportUnknownMixin(_ mixin: String, model: String, at value: ConfigNode) {
            // A mixin file that failed to parse has already been reported.
            guard !compilation.unreadableMixins.contains(mixin), reportedMixins.insert(value.nameLocation).inserted else { return }
            let known = Array(compilation.mixinSources.keys) + BuiltinMixins.names
            if let script = compilation.scriptMixins[mixin] {
                compilation.diagnostics.error(
                    "mixin.script", "model '\(model)' uses mixin '\(mixin)', which is JavaScript ('\(script)') and cannot run in lbrun",
                    at: value.nameLocation, hint: "rewrite it as a declarative mixin (a .json or .yaml fragment), or use a built-in mixin: \(BuiltinMixins.names.joined(separator: ", "))")
                return
            }
            let searched = compilation.mixinDirectories.isEmpty ? "no mixin folders exist" : "searched \(compilation.mixinDirectories.joined(separator: ", "))"
            compilation.diagnostics.error(
                "mixin.unknown", "model '\(model)' uses unknown mixin '\(mixin)'", at: value.nameLocation,
                hint: Suggestion.hint(for: mixin, in: known) ?? "built-in mixins are \(BuiltinMixins.names.joined(separator: ", ")); \(searched)")
        }
    }

    /// model-config `options` (replacing settings), `relations` (merged per name) and `acls`
    /// (replacing entries with the same property, accessType and principal, else appended).
    static func applyModelConfig(_ entry: ConfigNode, to definition: ConfigNode) -> ConfigNode {
        var result = definition
        for (key, value) in entry["options"]?.object ?? [:] where !["base", "super", "relations", "acls", "dataSource"].contains(key) {
            result = result.setting(key, to: value)
        }
        if let relations = entry["relations"]?.object {
            var merged = result["relations"] ?? .emptyObject(at: entry.location)
            for (name, relation) in relations {
                if let existing = merged[name], existing.isObject, relation.isObject {
                    merged = merged.setting(name, to: DefinitionMerger.apply(.patch, existing, relation))
                } else {
                    merged = merged.setting(name, to: relation)
                }
            }
            result = result.setting("relations", to: merged)
        }
        if let acls = entry["acls"]?.array {
            let existing = result["acls"] ?? ConfigNode(.array([]), at: entry.location)
            var items = existing.array ?? []
            for acl in acls {
                if let index = items.firstIndex(where: { aclIdentity($0) == aclIdentity(acl) }) {
                    items[index] = acl
                } else {
                    items.append(acl)
                }
            }
            var node = existing
            node.value = .array(items)
            result = result.setting("acls", to: node)
        }
        return result
    }

    static func aclIdentity(_ acl: ConfigNode) -> [JSONValue?] {
        ["property", "accessType", "principalType", "principalId"].map { acl[$0]?.json }
    }

    static func reportUnusedDefinitions(_ c: inout Compilation, reached: Set<String>) {
        let used = reached.union(c.buildOrder)
        for (name, source) in c.definitions.sorted(by: { $0.value.file < $1.value.file }) where !used.contains(name) {
            let usedAsMixin = c.resolved.values.contains { $0.definition["mixins"]?[name] != nil }
            guard !usedAsMixin else { continue }
            c.diagnostics.warning(
                "model.unused-definition", "model '\(name)' is defined but not listed in model-config, so lbrun does not build it",
                at: source.node["name"]?.location ?? .start(of: source.file),
                hint: "add \"\(name)\": {\"dataSource\": …} to model-config, or remove the file")
        }
    }
}
