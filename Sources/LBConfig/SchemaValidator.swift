public import LBCore
import OrderedCollections

/// Checks a `ConfigNode` tree against a schema of a `SchemaLibrary`, reporting each problem at
/// the line it was written and returning the tree with substituted values coerced.
///
/// Values that came from `${VAR}` are strings; where the schema wants a number or a boolean and
/// the string spells one (`"3000"`, `"true"`), the value is converted instead of rejected.
public struct SchemaValidator: Sendable {
    public let library: SchemaLibrary

    public init(library: SchemaLibrary) {
        self.library = library
    }

    /// Validates `node` against the root of schema `file` (e.g. `model.schema.json`).
    public func validate(_ node: ConfigNode, against file: String, diagnostics: inout Diagnostics) -> ConfigNode {
        guard let root = library.root(file) else {
            preconditionFailure("no bundled schema named \(file)")
        }
        var outcome = check(node, root, name: nil)
        diagnostics.append(contentsOf: Diagnostics(outcome.problems))
        outcome.problems.removeAll()
        return outcome.node
    }

    struct Outcome {
        var node: ConfigNode
        var problems: [Diagnostic] = []
        var errorCount: Int { problems.filter { $0.severity == .error }.count }
        /// True when the failure is about the value's kind itself, so another branch fits better.
        var typeMismatch = false
    }

    private func check(_ node: ConfigNode, _ index: Int, name: String?) -> Outcome {
        let schema = library.nodes[index]
        var outcome = Outcome(node: node)
        if let ref = schema.ref {
            outcome = check(node, ref, name: name)
            if outcome.errorCount > 0 { return outcome }
        }
        if let types = schema.types {
            if let coerced = coerce(outcome.node, to: types) {
                outcome.node = coerced
            } else if !matches(outcome.node, types: types) {
                outcome.problems.append(typeProblem(outcome.node, expected: types, name: name, schema: schema))
                outcome.typeMismatch = true
                return outcome
            }
        }
        if let values = schema.enumValues, values.isEmpty {
            outcome.problems.append(Diagnostic(
                .error, code: "schema.not-allowed", "\(subject(name)) is not allowed here", at: outcome.node.keyLocation ?? outcome.node.location,
                hint: descriptionHint(schema)))
            return outcome
        }
        if let values = schema.enumValues, !values.contains(outcome.node.json) {
            outcome.problems.append(enumProblem(outcome.node, values: values, name: name))
            return outcome
        }
        if let constant = schema.constValue, outcome.node.json != constant {
            outcome.problems.append(Diagnostic(
                .error, code: "schema.const", "\(subject(name)) must be \(constant.jsonText)", at: outcome.node.location,
                notes: outcome.node.provenanceNotes))
            outcome.typeMismatch = true
            return outcome
        }
        if !schema.anyOf.isEmpty || !schema.oneOf.isEmpty {
            let branches = schema.anyOf.isEmpty ? schema.oneOf : schema.anyOf
            let result = checkBranches(outcome.node, branches, name: name)
            outcome.node = result.node
            outcome.problems += result.problems
            outcome.typeMismatch = result.typeMismatch
            if outcome.errorCount > 0 { return outcome }
        }
        checkScalarLimits(&outcome, schema, name: name)
        if outcome.node.isObject { checkObject(&outcome, schema) }
        if let items = outcome.node.array { checkArray(&outcome, schema, items: items, name: name) }
        if schema.deprecated {
            outcome.problems.append(Diagnostic(
                .warning, code: "schema.deprecated", "\(subject(name)) is deprecated", at: outcome.node.keyLocation ?? outcome.node.location,
                hint: descriptionHint(schema)))
        }
        return outcome
    }

    /// `anyOf` / `oneOf`: the first branch without errors wins; otherwise report the branch that
    /// accepts the value's kind, or one message listing every kind that would do.
    private func checkBranches(_ node: ConfigNode, _ branches: [Int], name: String?) -> Outcome {
        var candidates: [Outcome] = []
        for branch in branches {
            let result = check(node, branch, name: name)
            if result.errorCount == 0 { return result }
            candidates.append(result)
        }
        if let best = candidates.filter({ !$0.typeMismatch }).min(by: { $0.errorCount < $1.errorCount }) {
            return best
        }
        let expected = branches.flatMap { expectedKinds(of: $0) }
        var seen: [String] = []
        for kind in expected where !seen.contains(kind) { seen.append(kind) }
        var outcome = Outcome(node: node)
        outcome.typeMismatch = true
        outcome.problems.append(Diagnostic(
            .error, code: "schema.type",
            "\(subject(name)) must be \(list(seen)), not \(article(node.typeName))",
            at: node.location, hint: descriptionHint(branches.first.map { library.nodes[$0] }), notes: node.provenanceNotes))
        return outcome
    }

    private func expectedKinds(of index: Int) -> [String] {
        let schema = library.nodes[index]
        if let types = schema.types { return types.map(article) }
        if let values = schema.enumValues { return values.map(\.jsonText) }
        if let constant = schema.constValue { return [constant.jsonText] }
        if let ref = schema.ref { return expectedKinds(of: ref) }
        let nested = (schema.anyOf + schema.oneOf).flatMap { expectedKinds(of: $0) }
        return nested.isEmpty ? ["a valid value"] : nested
    }

    private func checkObject(_ outcome: inout Outcome, _ schema: SchemaNode) {
        guard var members = outcome.node.object else { return }
        for required in schema.required where members[required] == nil {
            outcome.problems.append(Diagnostic(
                .error, code: "schema.required", "missing required key '\(required)'", at: outcome.node.location,
                hint: descriptionHint(schema.properties[required].map { library.nodes[$0] })))
        }
        for (key, member) in members {
            var checked = false
            if let property = schema.properties[key] {
                let result = check(member, property, name: key)
                members[key] = result.node
                outcome.problems += result.problems
                checked = true
            }
            for (pattern, child) in schema.patternProperties where pattern.matches(key) {
                let result = check(members[key]!, child, name: key)
                members[key] = result.node
                outcome.problems += result.problems
                checked = true
            }
            if checked { continue }
            switch schema.additional {
            case .forbidden:
                outcome.problems.append(Diagnostic(
                    .error, code: "schema.unknown-key", "unknown key '\(key)'", at: member.nameLocation,
                    hint: Suggestion.hint(for: key, in: schema.propertyOrder) ?? knownKeysHint(schema)))
            case .schema(let child):
                let result = check(member, child, name: key)
                members[key] = result.node
                outcome.problems += result.problems
            case .allowed:
                if schema.warnUnknown {
                    outcome.problems.append(Diagnostic(
                        .warning, code: "schema.unknown-key", "unknown key '\(key)' is ignored", at: member.nameLocation,
                        hint: Suggestion.hint(for: key, in: schema.propertyOrder) ?? knownKeysHint(schema)))
                }
            }
        }
        outcome.node.value = .object(members)
    }

    private func checkArray(_ outcome: inout Outcome, _ schema: SchemaNode, items: [ConfigNode], name: String?) {
        if let minimum = schema.minItems, items.count < minimum {
            outcome.problems.append(Diagnostic(
                .error, code: "schema.range", "\(subject(name)) needs at least \(minimum) item\(minimum == 1 ? "" : "s")",
                at: outcome.node.location))
        }
        if let maximum = schema.maxItems, items.count > maximum {
            outcome.problems.append(Diagnostic(
                .error, code: "schema.range", "\(subject(name)) may have at most \(maximum) item\(maximum == 1 ? "" : "s")",
                at: outcome.node.location))
        }
        guard let itemSchema = schema.items else { return }
        var checked: [ConfigNode] = []
        for item in items {
            let result = check(item, itemSchema, name: name.map { "an item of '\($0)'" })
            checked.append(result.node)
            outcome.problems += result.problems
        }
        outcome.node.value = .array(checked)
    }

    private func checkScalarLimits(_ outcome: inout Outcome, _ schema: SchemaNode, name: String?) {
        let node = outcome.node
        if let n = node.number {
            if let minimum = schema.minimum, n < minimum {
                outcome.problems.append(Diagnostic(
                    .error, code: "schema.range", "\(subject(name)) must be at least \(JSONValue.numberText(minimum))",
                    at: node.location, notes: node.provenanceNotes))
            }
            if let maximum = schema.maximum, n > maximum {
                outcome.problems.append(Diagnostic(
                    .error, code: "schema.range", "\(subject(name)) must be at most \(JSONValue.numberText(maximum))",
                    at: node.location, notes: node.provenanceNotes))
            }
        }
        if let s = node.string {
            if let minimum = schema.minLength, s.count < minimum {
                outcome.problems.append(Diagnostic(
                    .error, code: "schema.range", minimum == 1 ? "\(subject(name)) must not be empty" : "\(subject(name)) must be at least \(minimum) characters long",
                    at: node.location, notes: node.provenanceNotes))
            }
            if let pattern = schema.pattern, !pattern.matches(s) {
                outcome.problems.append(Diagnostic(
                    .error, code: "schema.pattern", "\(subject(name)) \"\(s)\" is not in the expected form",
                    at: node.location, hint: descriptionHint(schema), notes: node.provenanceNotes))
            }
        }
    }

    // MARK: Types and coercion

    private func matches(_ node: ConfigNode, types: [String]) -> Bool {
        types.contains { type in
            switch (type, node.value) {
            case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
                ("array", .array), ("object", .object):
                return true
            case ("integer", .number(let n)):
                return n.rounded() == n
            default:
                return false
            }
        }
    }

    /// A substituted string converted to the number or boolean the schema wants, if it spells one.
    private func coerce(_ node: ConfigNode, to types: [String]) -> ConfigNode? {
        guard node.substitutedFrom != nil, let text = node.string, !types.contains("string") else { return nil }
        var coerced = node
        if types.contains("number") || types.contains("integer"), let n = Double(text.trimmingCharacters(in: .whitespaces)), n.isFinite,
            types.contains("number") || n.rounded() == n
        {
            coerced.value = .number(n)
            return coerced
        }
        if types.contains("boolean"), ["true", "false"].contains(text.lowercased()) {
            coerced.value = .bool(text.lowercased() == "true")
            return coerced
        }
        return nil
    }

    private func typeProblem(_ node: ConfigNode, expected types: [String], name: String?, schema: SchemaNode) -> Diagnostic {
        var hint = descriptionHint(schema)
        if types == ["boolean"], let s = node.string, ["yes", "no", "on", "off", "true", "false", "y", "n"].contains(s.lowercased()) {
            hint = "write true or false without quotes"
        } else if types.contains("number") || types.contains("integer"), let s = node.string, Double(s) != nil {
            hint = "write the number without quotes"
        } else if types == ["array"], node.string != nil {
            hint = "write a list: [\"\(node.string!)\"]"
        }
        return Diagnostic(
            .error, code: "schema.type", "\(subject(name)) must be \(list(types.map(article))), not \(article(node.typeName))",
            at: node.location, hint: hint, notes: node.provenanceNotes)
    }

    private func enumProblem(_ node: ConfigNode, values: [JSONValue], name: String?) -> Diagnostic {
        let options = values.map { $0.stringValue ?? $0.jsonText }
        let shown = node.string.map { "'\($0)'" } ?? node.json.jsonText
        let hint = node.string.flatMap { Suggestion.hint(for: $0, in: values.compactMap(\.stringValue)) }
        return Diagnostic(
            .error, code: "schema.enum", "\(shown) is not a valid value for \(name.map { "'\($0)'" } ?? "this setting"); expected one of \(options.joined(separator: ", "))",
            at: node.location, hint: hint, notes: node.provenanceNotes)
    }

    // MARK: Wording

    private func subject(_ name: String?) -> String {
        guard let name else { return "the value" }
        return name.hasPrefix("an item of") ? name : "'\(name)'"
    }

    private func article(_ type: String) -> String {
        switch type {
        case "array", "object", "integer": "an \(type)"
        case "null": "null"
        default: "a \(type)"
        }
    }

    private func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return "a valid value"
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " or " + items.last!
        }
    }

    private func descriptionHint(_ schema: SchemaNode?) -> String? {
        guard let description = schema?.description else { return nil }
        return firstSentence(description)
    }

    private func knownKeysHint(_ schema: SchemaNode) -> String? {
        guard !schema.propertyOrder.isEmpty else { return nil }
        return "known keys: " + schema.propertyOrder.joined(separator: ", ")
    }

    private func firstSentence(_ text: String) -> String {
        if let end = text.range(of: ". ") { return String(text[..<end.lowerBound]) }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
