import LBConfig
import LBCore
import OrderedCollections

/// A mixin written as data: a fragment of a model definition merged into every model that names
/// it, before the model's own definition (so the model wins). `${param}` placeholders in keys and
/// string values take the model's mixin options, falling back to the defaults under
/// `parameters`; a string that is exactly `${param}` takes the value with its type, and `$${`
/// writes a literal `${`. The format is documented in `docs/MIXINS.md` and `schemas/mixin.schema.json`.
enum DeclarativeMixin {
    /// Keys of a mixin file that describe the mixin rather than the fragment.
    static let metadataKeys: Set<String> = ["name", "description", "parameters", "$schema"]

    /// The mixin file with its parameters' defaults filled in, for the schema check. Placeholders
    /// that no parameter declares are reported here, once per file.
    static func withDefaults(_ node: ConfigNode, diagnostics: inout Diagnostics) -> ConfigNode {
        var substitution = Substitution(parameters: node["parameters"]?.object ?? [:], reportUnknown: true)
        var result = node
        guard var members = node.object else { return node }
        for (key, value) in members where !metadataKeys.contains(key) {
            members[key] = substitution.apply(value)
        }
        result.value = .object(members)
        diagnostics.append(contentsOf: substitution.diagnostics)
        return result
    }

    /// The fragment of `source` for `model`, with parameters substituted and settings normalised.
    static func fragment(_ source: MixinSource, options: ConfigNode, model: String, diagnostics: inout Diagnostics) -> ConfigNode {
        var parameters = source.node["parameters"]?.object ?? [:]
        for (key, value) in options.object ?? [:] {
            if parameters[key] == nil {
                diagnostics.error(
                    "mixin.unknown-option", "mixin '\(source.name)' has no parameter '\(key)'", at: value.nameLocation,
                    hint: Suggestion.hint(for: key, in: parameters.keys) ?? "declare it under 'parameters' in '\(source.file)'")
            }
            parameters[key] = value
        }
        var fragment = source.node
        for key in metadataKeys { fragment = fragment.removing(key) }
        var substitution = Substitution(parameters: parameters, reportUnknown: false)
        return DefinitionMerger.normalize(substitution.apply(fragment))
    }

    /// Replaces placeholders in a node tree.
    struct Substitution {
        let parameters: OrderedDictionary<String, ConfigNode>
        let reportUnknown: Bool
        var diagnostics = Diagnostics()

        mutating func apply(_ node: ConfigNode) -> ConfigNode {
            switch node.value {
            case .string(let text):
                return replace(text, in: node)
            case .array(let items):
                var copy = node
                copy.value = .array(items.map { apply($0) })
                return copy
            case .object(let members):
                var result = OrderedDictionary<String, ConfigNode>()
                for (key, value) in members {
                    let keyNode = ConfigNode(.string(key), at: value.nameLocation)
                    let newKey = replace(key, in: keyNode).string ?? key
                    result[newKey] = apply(value)
                }
                var copy = node
                copy.value = .object(result)
                return copy
            default:
                return node
            }
        }

        private mutating func replace(_ text: String, in node: ConfigNode) -> ConfigNode {
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
                let whole = output.isEmpty && open.lowerBound == text.startIndex && rest.index(after: close) == text.endIndex
                guard let value = parameters[name] else {
                    if reportUnknown {
                        diagnostics.error(
                            "mixin.unknown-parameter", "placeholder ${\(name)} is not declared under 'parameters'", at: node.location,
                            hint: Suggestion.hint(for: name, in: parameters.keys) ?? "add '\(name)' under 'parameters' with a default value")
                    }
                    output += rest[..<rest.index(after: close)]
                    rest = rest[rest.index(after: close)...]
                    continue
                }
                if whole {
                    var typed = value
                    typed.location = node.location
                    typed.keyLocation = node.keyLocation
                    return typed
                }
                output += rest[..<open.lowerBound] + (value.string ?? value.json.jsonText)
                rest = rest[rest.index(after: close)...]
            }
            output += rest
            var result = node
            result.value = .string(output)
            return result
        }
    }
}
