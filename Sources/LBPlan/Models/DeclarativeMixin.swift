import LBConfig
import LBCore
import OrderedCollections

/// A mixin written as data: a fragment of a model definition merged into every model that names
/// it, before the model's own definition (so the model wins). `${param}` placeholders in keys and
/// string values take the model's mixin options, falling back to the fragment's `parameters`.
/// The format is documented in `docs/MIXINS.md` and `schemas/mixin.schema.json`.
enum DeclarativeMixin {
    /// The fragment of `source` for `model`, with parameters substituted; `nil` after an error.
    static func fragment(
        _ source: MixinSource, options: ConfigNode, model: String, diagnostics: inout Diagnostics
    ) -> ConfigNode? {
        var parameters = source.node["parameters"]?.object ?? [:]
        for (key, value) in options.object ?? [:] {
            if parameters[key] == nil {
                diagnostics.error(
                    "mixin.unknown-option", "mixin '\(source.name)' has no parameter '\(key)'", at: value.nameLocation,
                    hint: Suggestion.hint(for: key, in: parameters.keys) ?? "declare it under 'parameters' in '\(source.file)'")
            }
            parameters[key] = value
        }
        var fragment = source.node.removing("name").removing("description").removing("parameters")
        var failed = false
        fragment = substitute(fragment, parameters, mixin: source.name, model: model, failed: &failed, diagnostics: &diagnostics)
        return failed ? nil : DefinitionMerger.normalize(fragment)
    }

    private static func substitute(
        _ node: ConfigNode, _ parameters: OrderedDictionary<String, ConfigNode>, mixin: String, model: String,
        failed: inout Bool, diagnostics: inout Diagnostics
    ) -> ConfigNode {
        switch node.value {
        case .string(let text):
            return substituteString(text, node, parameters, mixin: mixin, model: model, failed: &failed, diagnostics: &diagnostics)
        case .array(let items):
            var copy = node
            copy.value = .array(items.map {
                substitute($0, parameters, mixin: mixin, model: model, failed: &failed, diagnostics: &diagnostics)
            })
            return copy
        case .object(let members):
            var result = OrderedDictionary<String, ConfigNode>()
            for (key, value) in members {
                let keyNode = ConfigNode(.string(key), at: value.nameLocation)
                let newKey = substituteString(key, keyNode, parameters, mixin: mixin, model: model, failed: &failed, diagnostics: &diagnostics)
                    .string ?? key
                result[newKey] = substitute(value, parameters, mixin: mixin, model: model, failed: &failed, diagnostics: &diagnostics)
            }
            var copy = node
            copy.value = .object(result)
            return copy
        default:
            return node
        }
    }

    /// A string that is exactly `${p}` takes the parameter's value and type; other placeholders
    /// are interpolated as text; `$${` writes a literal `${`.
    private static func substituteString(
        _ text: String, _ node: ConfigNode, _ parameters: OrderedDictionary<String, ConfigNode>, mixin: String, model: String,
        failed: inout Bool, diagnostics: inout Diagnostics
    ) -> ConfigNode {
        guard text.contains("${") else { return node }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            if open.lowerBound > rest.startIndex, rest[rest.index(before: open.lowerBound)] == "$" {
                output += rest[..<rest.index(before: open.lowerBound)] + "${"
                rest = rest[open.upperBound...]
                continue
            }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[open.upperBound..<close])
            output += rest[..<open.lowerBound]
            guard let value = parameters[name] else {
                diagnostics.error(
                    "mixin.unknown-parameter", "mixin '\(mixin)' uses ${\(name)}, but neither its parameters nor model '\(model)' give a value",
                    at: node.location, hint: Suggestion.hint(for: name, in: parameters.keys) ?? "add '\(name)' under 'parameters' with a default")
                failed = true
                return node
            }
            if rest[..<open.lowerBound].isEmpty, rest[rest.index(after: close)...].isEmpty, output.isEmpty, rest.startIndex == text.startIndex {
                var typed = value
                typed.location = node.location
                typed.keyLocation = node.keyLocation
                return typed
            }
            output += value.string ?? value.json.jsonText
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        var result = node
        result.value = .string(output)
        return result
    }
}
