public import LBCore
import OrderedCollections
import Yams

/// Reads YAML config files into `ConfigNode`s with YAML 1.2 core-schema semantics.
///
/// Yams' `compose` keeps every node's position; plain scalars are then typed by the YAML 1.2
/// core rules, so `no`, `on` and `2024-01-01` stay strings as they would in JSON. Merge keys
/// (`<<: *defaults`) are honoured. Yams types never leave this file.
public enum YAMLConfigReader {
    /// Parses `text` from `file`. Returns `nil` after an error, which is recorded in `diagnostics`.
    /// An empty document (only comments) reads as an empty object.
    public static func read(_ text: String, file: String, diagnostics: inout Diagnostics) -> ConfigNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, Resolver.basic)
        } catch let error as YamlError {
            diagnostics.append(diagnostic(for: error, file: file, text: text))
            return nil
        } catch {
            diagnostics.error("syntax.yaml", "\(error)", at: .start(of: file))
            return nil
        }
        guard let root else { return .emptyObject(at: .start(of: file)) }
        var converter = Converter(file: file)
        do {
            return try converter.convert(root, depth: 0)
        } catch let error as Converter.Failure {
            diagnostics.error(error.code, error.message, at: error.location, hint: error.hint)
            return nil
        } catch {
            diagnostics.error("syntax.yaml", "\(error)", at: .start(of: file))
            return nil
        }
    }

    private static func diagnostic(for error: YamlError, file: String, text: String) -> Diagnostic {
        func location(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: max(mark.line, 1), column: max(mark.column, 1))
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            var notes: [Diagnostic.Note] = []
            if let context, !context.text.isEmpty {
                notes.append(.init(context.text, at: location(context.mark)))
            }
            return Diagnostic(
                .error, code: "syntax.yaml", problem, at: location(mark), hint: hint(forProblem: problem), notes: notes)
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let first = location(context.mark)
            let second = secondOccurrence(of: duplicates.first ?? "", after: first, in: text)
            return Diagnostic(
                .error, code: "syntax.duplicate-key", "key \(names) appears more than once in this mapping",
                at: second ?? first, hint: "remove or rename one of them",
                notes: second == nil ? [] : [.init("first defined here", at: first)])
        case let .reader(problem, offset, _, _):
            let location = offset.map { lineColumn(ofCharacterOffset: $0, in: text, file: file) } ?? .start(of: file)
            return Diagnostic(.error, code: "syntax.yaml", problem, at: location)
        default:
            return Diagnostic(.error, code: "syntax.yaml", "\(error)", at: .start(of: file))
        }
    }

    private static func hint(forProblem problem: String) -> String? {
        if problem.contains("mapping values are not allowed") {
            return "check the indentation of this line, or quote a value that contains ': '"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check that this line is indented like its siblings"
        }
        if problem.contains("found character that cannot start any token") {
            return "tabs cannot indent YAML, and values starting with '@' or '`' must be quoted"
        }
        if problem.contains("Maximum nesting level") {
            return "config files never need this depth; the file is probably generated or corrupt"
        }
        return nil
    }

    /// Finds the second `key:` after the first: at the same indentation in block style, or later on
    /// the line in flow style, for a better duplicate-key location.
    private static func secondOccurrence(of key: String, after first: SourceLocation, in text: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line - 1 < lines.count else { return nil }
        let firstLine = Array(lines[first.line - 1].unicodeScalars)
        if first.column - 1 < firstLine.count {
            // Flow style: `{a: 1, a: 2}` — a later `, key:` or `{key:` on the same line.
            let candidates = [key, "\"\(key)\"", "'\(key)'"].map { Array(($0 + ":").unicodeScalars) }
            var index = first.column
            while index < firstLine.count {
                let preceding = firstLine[..<index].last { $0 != " " }
                if preceding == "," || preceding == "{" {
                    for candidate in candidates where firstLine[index...].starts(with: candidate) {
                        return SourceLocation(file: first.file, line: first.line, column: index + 1)
                    }
                }
                index += 1
            }
        }
        let indent = first.column - 1
        for number in first.line..<lines.count {
            let line = lines[number]
            let leading = line.prefix { $0 == " " }.count
            let content = line.drop { $0 == " " }
            if leading < indent, !content.isEmpty, !content.hasPrefix("#") {
                return nil  // left the mapping
            }
            guard leading == indent else { continue }
            let rest = line.dropFirst(indent)
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate + ":") {
                return SourceLocation(file: first.file, line: number + 1, column: indent + 1)
            }
        }
        return nil
    }

    private static func lineColumn(ofCharacterOffset offset: Int, in text: String, file: String) -> SourceLocation {
        // Yams reports reader errors as an offset in Characters of the text.
        var line = 1
        var column = 1
        for (i, character) in text.enumerated() {
            if i >= offset { break }
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Turns Yams nodes into `ConfigNode`s, typing plain scalars and counting values.
    private struct Converter {
        struct Failure: Error {
            let code: String
            let message: String
            let location: SourceLocation
            let hint: String?
        }

        let file: String
        var count = 0

        init(file: String) { self.file = file }

        func location(_ mark: Mark?) -> SourceLocation {
            guard let mark else { return .start(of: file) }
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        }

        mutating func convert(_ node: Node, depth: Int) throws -> ConfigNode {
            count += 1
            if count > ConfigLimits.maxValues {
                throw Failure(
                    code: "syntax.yaml", message: "document expands to more than \(ConfigLimits.maxValues) values",
                    location: location(node.mark), hint: "aliases (*name) that repeat large anchors multiply the document")
            }
            if depth > ConfigLimits.maxDepth {
                throw Failure(
                    code: "syntax.yaml", message: "values are nested more than \(ConfigLimits.maxDepth) levels deep",
                    location: location(node.mark), hint: "config files never need this depth")
            }
            switch node {
            case .scalar(let scalar):
                return ConfigNode(try scalarValue(scalar), at: location(scalar.mark))
            case .sequence(let sequence):
                try checkCollectionTag(sequence.tag, expected: .seq, at: sequence.mark)
                var items: [ConfigNode] = []
                items.reserveCapacity(sequence.count)
                for item in sequence { items.append(try convert(item, depth: depth + 1)) }
                return ConfigNode(.array(items), at: location(sequence.mark))
            case .mapping(let mapping):
                try checkCollectionTag(mapping.tag, expected: .map, at: mapping.mark)
                return ConfigNode(.object(try members(of: mapping, depth: depth)), at: location(mapping.mark))
            case .alias(let alias):
                throw Failure(code: "syntax.yaml", message: "unresolved alias", location: location(alias.mark), hint: nil)
            }
        }

        mutating func members(of mapping: Node.Mapping, depth: Int) throws -> OrderedDictionary<String, ConfigNode> {
            var members = OrderedDictionary<String, ConfigNode>()
            var merged = OrderedDictionary<String, ConfigNode>()
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw Failure(
                        code: "syntax.yaml", message: "mapping keys must be plain strings", location: location(keyNode.mark),
                        hint: "complex keys (? [a, b]) have no meaning in config files")
                }
                if keyScalar.string == "<<", keyScalar.style == .plain {
                    for (key, value) in try mergeSources(valueNode, depth: depth) where merged[key] == nil {
                        merged[key] = value
                    }
                    continue
                }
                var value = try convert(valueNode, depth: depth + 1)
                value.keyLocation = location(keyScalar.mark)
                members[keyScalar.string] = value
            }
            for (key, value) in merged where members[key] == nil {
                members[key] = value
            }
            return members
        }

        /// The members a merge key (`<<: *a` or `<<: [*a, *b]`) brings in; earlier sources win.
        mutating func mergeSources(_ node: Node, depth: Int) throws -> OrderedDictionary<String, ConfigNode> {
            let sources: [Node]
            switch node {
            case .mapping: sources = [node]
            case .sequence(let sequence): sources = Array(sequence)
            default:
                throw Failure(
                    code: "syntax.yaml", message: "a merge key (<<) needs a mapping or a list of mappings",
                    location: location(node.mark), hint: nil)
            }
            var result = OrderedDictionary<String, ConfigNode>()
            for source in sources {
                guard case .mapping(let mapping) = source else {
                    throw Failure(
                        code: "syntax.yaml", message: "a merge key (<<) needs a mapping or a list of mappings",
                        location: location(source.mark), hint: nil)
                }
                for (key, value) in try members(of: mapping, depth: depth) where result[key] == nil {
                    result[key] = value
                }
            }
            return result
        }

        func checkCollectionTag(_ tag: Tag, expected: Tag.Name, at mark: Mark?) throws {
            let name = Tag.Name(rawValue: tag.description)
            guard name == .implicit || name == .nonSpecific || name == expected else {
                throw Failure(
                    code: "syntax.yaml", message: "unsupported YAML tag '\(name.rawValue)'", location: location(mark),
                    hint: "config files use plain JSON data; remove the tag")
            }
        }

        func scalarValue(_ scalar: Node.Scalar) throws -> ConfigNode.Value {
            let text = scalar.string
            let tagName = Tag.Name(rawValue: scalar.tag.description)
            switch tagName {
            case .implicit:
                return scalar.style == .plain ? Self.coreSchemaValue(text) : .string(text)
            case .nonSpecific, .str:
                return .string(text)
            case .null:
                return .null
            case .bool:
                if case .bool(let b) = Self.coreSchemaValue(text) { return .bool(b) }
            case .int, .float:
                if case .number(let n) = Self.coreSchemaValue(text) { return .number(n) }
            default:
                throw Failure(
                    code: "syntax.yaml", message: "unsupported YAML tag '\(tagName.rawValue)'",
                    location: location(scalar.mark), hint: "config files use plain JSON data; remove the tag")
            }
            throw Failure(
                code: "syntax.yaml", message: "'\(text)' is not a valid \(tagName.rawValue)",
                location: location(scalar.mark), hint: nil)
        }

        /// Types a plain scalar by the YAML 1.2 core schema.
        static func coreSchemaValue(_ text: String) -> ConfigNode.Value {
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
            case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
            case ".nan", ".NaN", ".NAN": return .number(.nan)
            default: break
            }
            let unsigned = { (digits: Substring) in digits.first.map { $0 != "+" && $0 != "-" } ?? false }
            if text.hasPrefix("0o"), unsigned(text.dropFirst(2)), let n = Int64(text.dropFirst(2), radix: 8) { return .number(Double(n)) }
            if text.hasPrefix("0x"), unsigned(text.dropFirst(2)), let n = Int64(text.dropFirst(2), radix: 16) { return .number(Double(n)) }
            if isCoreNumber(text), let n = Double(text) { return .number(n) }
            return .string(text)
        }

        /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's int and float forms,
        /// except that an integer part with a leading zero (`0755`, a file mode or zip code) stays a string.
        static func isCoreNumber(_ text: String) -> Bool {
            var chars = Substring(text)
            if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
            let intDigits = chars.prefix { $0.isASCII && $0.isNumber }
            if intDigits.count > 1, intDigits.first == "0" { return false }
            chars = chars.dropFirst(intDigits.count)
            var fracDigits = 0
            if chars.first == "." {
                chars = chars.dropFirst()
                let frac = chars.prefix { $0.isASCII && $0.isNumber }
                fracDigits = frac.count
                chars = chars.dropFirst(frac.count)
                if intDigits.isEmpty && fracDigits == 0 { return false }
            } else if intDigits.isEmpty {
                return false
            }
            if chars.first == "e" || chars.first == "E" {
                chars = chars.dropFirst()
                if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
                let exp = chars.prefix { $0.isASCII && $0.isNumber }
                if exp.isEmpty { return false }
                chars = chars.dropFirst(exp.count)
            }
            return chars.isEmpty
        }
    }
}
