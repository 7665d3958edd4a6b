public import LBCore
import OrderedCollections

/// Resolves `${NAME}` placeholders the way loopback-boot does, plus `${NAME:-default}`.
///
/// LoopBack 3 semantics are kept for compatibility: a placeholder is recognised only at the *end*
/// of a string and replaces the *whole* string (`"http://${HOST}"` becomes the value of `HOST`);
/// the name is looked up in the environment, then in the app settings (config.json keys,
/// `restApiRoot`, `host`, `port`, `env`); an unresolved placeholder removes its key. lbrun adds a
/// default (`${PORT:-3000}`), a warning when text around a placeholder is dropped, and one
/// summary warning listing every unresolved name. Values keep their location and record their
/// source, so the schema check can coerce `"3000"` to a number where a number is expected.
public struct VariableSubstituter {
    /// A placeholder that resolved to nothing, and where it was written.
    public struct Unresolved: Sendable, Hashable {
        public let name: String
        public let location: SourceLocation
    }

    public let environment: [String: String]
    public let appSettings: JSONValue
    public private(set) var unresolved: [Unresolved] = []

    public init(environment: [String: String], appSettings: JSONValue) {
        self.environment = environment
        self.appSettings = appSettings
    }

    /// Substitutes every string in `node`; `nil` when the node itself resolved to nothing.
    public mutating func substitute(_ node: ConfigNode, diagnostics: inout Diagnostics) -> ConfigNode? {
        switch node.value {
        case .string(let text):
            return substitute(string: text, in: node, diagnostics: &diagnostics)
        case .array(let items):
            var copy = node
            copy.value = .array(items.map { substitute($0, diagnostics: &diagnostics) ?? ConfigNode(.null, at: $0.location) })
            return copy
        case .object(let members):
            var result = OrderedDictionary<String, ConfigNode>()
            for (key, member) in members {
                if let resolved = substitute(member, diagnostics: &diagnostics) { result[key] = resolved }
            }
            var copy = node
            copy.value = .object(result)
            return copy
        default:
            return node
        }
    }

    private mutating func substitute(string text: String, in node: ConfigNode, diagnostics: inout Diagnostics) -> ConfigNode? {
        guard let placeholder = Placeholder(parsing: text) else { return node }
        if !placeholder.prefix.isEmpty {
            diagnostics.warning(
                "config.partial-placeholder",
                "the text before ${\(placeholder.name)} is dropped: LoopBack 3 replaces the whole value \"\(text)\" with the variable",
                at: node.location, hint: "put the whole value in the variable, e.g. ${\(placeholder.name)} = \"\(placeholder.prefix)…\"")
        }
        var result = node
        if let value = environment[placeholder.name] {
            result.value = .string(value)
            result.substitutedFrom = "environment variable \(placeholder.name)"
        } else if let setting = appSettings[placeholder.name] {
            result = ConfigNode(json: setting, at: node.location)
            result.keyLocation = node.keyLocation
            result.substitutedFrom = "app setting '\(placeholder.name)'"
        } else if let fallback = placeholder.fallback {
            result.value = .string(fallback)
            result.substitutedFrom = "the default in ${\(placeholder.name):-\(fallback)}"
        } else {
            unresolved.append(Unresolved(name: placeholder.name, location: node.location))
            return nil
        }
        return result
    }

    /// One warning naming every unresolved placeholder, at the first one; `nil` if all resolved.
    public func unresolvedSummary() -> Diagnostic? {
        guard let first = unresolved.first else { return nil }
        var names: [String] = []
        for item in unresolved where !names.contains(item.name) { names.append(item.name) }
        let list = names.map { "${\($0)}" }.joined(separator: ", ")
        return Diagnostic(
            .warning, code: "config.unresolved-variable",
            "\(names.count == 1 ? "variable" : "variables") \(list) \(names.count == 1 ? "is" : "are") not set; the \(unresolved.count == 1 ? "setting that uses it is" : "settings that use them are") left out",
            at: first.location, hint: "set the environment variable, or give a default: ${\(names[0]):-value}",
            notes: unresolved.dropFirst().map { .init("${\($0.name)} is used here", at: $0.location) })
    }

    /// A `${NAME}` or `${NAME:-default}` at the end of a string.
    struct Placeholder {
        let prefix: Substring
        let name: String
        let fallback: String?

        init?(parsing text: String) {
            guard text.hasSuffix("}"), let open = text.range(of: "${", options: .backwards) else { return nil }
            let body = text[open.upperBound..<text.index(before: text.endIndex)]
            let namePart: Substring
            if let separator = body.range(of: ":-") {
                namePart = body[..<separator.lowerBound]
                fallback = String(body[separator.upperBound...])
            } else {
                namePart = body
                fallback = nil
            }
            guard !namePart.isEmpty, namePart.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
            if let fallback, fallback.contains("}") { return nil }
            name = String(namePart)
            prefix = text[..<open.lowerBound]
        }
    }
}
