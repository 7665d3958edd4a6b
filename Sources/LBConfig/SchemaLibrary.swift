public import LBCore
import Foundation

/// A set of JSON Schemas compiled once into a graph of `SchemaNode`s, with every `$ref` resolved.
///
/// Supports the keywords lbrun's schemas use (see `docs/CONFIG.md`): `$ref` (within a file or
/// to `other.schema.json#/...`), `$defs`, `type`, `properties`, `patternProperties`,
/// `additionalProperties`, `required`, `items`, `minItems`, `maxItems`, `enum`, `const`,
/// `anyOf`, `oneOf`, `minimum`, `maximum`, `minLength`, `pattern`, `deprecated`, `description`,
/// and lbrun's `x-lbrun-warn-unknown` (unknown keys are warned about, not rejected).
public final class SchemaLibrary: Sendable {
    let nodes: [SchemaNode]
    private let roots: [String: Int]

    /// Compiles `schemas` (file name → JSON text). Fails with a message on a malformed schema,
    /// which is a bug in lbrun, never a user error.
    public init(schemas: [String: [UInt8]]) throws {
        var compiler = SchemaCompiler()
        for (name, bytes) in schemas {
            var diagnostics = Diagnostics()
            guard let node = JSONConfigReader.read(bytes, file: name, diagnostics: &diagnostics) else {
                throw SchemaError(message: "schema \(name) is not valid JSON: \(diagnostics.all.map(\.message))")
            }
            compiler.documents[name] = node.json
        }
        var roots: [String: Int] = [:]
        for name in schemas.keys.sorted() {
            roots[name] = try compiler.compile(file: name, pointer: "")
        }
        self.nodes = compiler.nodes
        self.roots = roots
    }

    /// The index of the root node of schema `file`.
    func root(_ file: String) -> Int? { roots[file] }

    public var schemaNames: [String] { roots.keys.sorted() }

    struct SchemaError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// One compiled schema object. Child schemas are indices into `SchemaLibrary.nodes`.
struct SchemaNode: Sendable {
    enum Additional: Sendable {
        case allowed
        case forbidden
        case schema(Int)
    }

    var ref: Int?
    var types: [String]?
    var properties: [String: Int] = [:]
    var propertyOrder: [String] = []
    var patternProperties: [(pattern: Pattern, schema: Int)] = []
    var additional: Additional = .allowed
    var warnUnknown = false
    var required: [String] = []
    var items: Int?
    var minItems: Int?
    var maxItems: Int?
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    var minimum: Double?
    var maximum: Double?
    var minLength: Int?
    var pattern: Pattern?
    var deprecated = false
    var description: String?
}

/// A compiled regular expression. `NSRegularExpression` is immutable and documented thread-safe.
struct Pattern: @unchecked Sendable {
    let source: String
    let regex: NSRegularExpression

    init(_ source: String) throws {
        self.source = source
        self.regex = try NSRegularExpression(pattern: source)
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Turns schema JSON into `SchemaNode`s, compiling each (file, JSON pointer) once so that
/// recursive references terminate.
struct SchemaCompiler {
    var documents: [String: JSONValue] = [:]
    var nodes: [SchemaNode] = []
    var compiled: [String: Int] = [:]

    mutating func compile(file: String, pointer: String) throws -> Int {
        let key = "\(file)#\(pointer)"
        if let index = compiled[key] { return index }
        guard let document = documents[file] else { throw SchemaLibrary.SchemaError(message: "unknown schema \(file)") }
        guard let schema = resolve(pointer, in: document) else {
            throw SchemaLibrary.SchemaError(message: "\(key) does not exist")
        }
        let index = nodes.count
        nodes.append(SchemaNode())
        compiled[key] = index
        nodes[index] = try compileNode(schema, file: file, pointer: pointer)
        return index
    }

    private mutating func compileNode(_ schema: JSONValue, file: String, pointer: String) throws -> SchemaNode {
        var node = SchemaNode()
        if case .bool(let allowed) = schema {
            if !allowed { node.enumValues = [] }
            return node
        }
        guard let object = schema.objectValue else {
            throw SchemaLibrary.SchemaError(message: "\(file)#\(pointer) is not a schema object")
        }
        if let ref = object["$ref"]?.stringValue {
            let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let targetFile = parts[0].isEmpty ? file : String(parts[0])
            let targetPointer = parts.count > 1 ? String(parts[1]) : ""
            node.ref = try compile(file: targetFile, pointer: targetPointer)
        }
        switch object["type"] {
        case .string(let type)?: node.types = [type]
        case .array(let types)?: node.types = types.compactMap(\.stringValue)
        default: break
        }
        if let properties = object["properties"]?.objectValue {
            for name in properties.keys {
                node.properties[name] = try compile(file: file, pointer: "\(pointer)/properties/\(escape(name))")
                node.propertyOrder.append(name)
            }
        }
        if let patterns = object["patternProperties"]?.objectValue {
            for source in patterns.keys {
                let child = try compile(file: file, pointer: "\(pointer)/patternProperties/\(escape(source))")
                node.patternProperties.append((try Pattern(source), child))
            }
        }
        switch object["additionalProperties"] {
        case .bool(false)?: node.additional = .forbidden
        case .object?: node.additional = .schema(try compile(file: file, pointer: "\(pointer)/additionalProperties"))
        default: break
        }
        node.warnUnknown = object["x-lbrun-warn-unknown"]?.boolValue ?? false
        node.required = object["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if object["items"] != nil { node.items = try compile(file: file, pointer: "\(pointer)/items") }
        node.minItems = object["minItems"]?.numberValue.map { Int($0) }
        node.maxItems = object["maxItems"]?.numberValue.map { Int($0) }
        node.enumValues = object["enum"]?.arrayValue
        node.constValue = object["const"]
        for (keyword, count) in [("anyOf", object["anyOf"]?.arrayValue?.count ?? 0), ("oneOf", object["oneOf"]?.arrayValue?.count ?? 0)] {
            for i in 0..<count {
                let child = try compile(file: file, pointer: "\(pointer)/\(keyword)/\(i)")
                if keyword == "anyOf" { node.anyOf.append(child) } else { node.oneOf.append(child) }
            }
        }
        node.minimum = object["minimum"]?.numberValue
        node.maximum = object["maximum"]?.numberValue
        node.minLength = object["minLength"]?.numberValue.map { Int($0) }
        if let source = object["pattern"]?.stringValue { node.pattern = try Pattern(source) }
        node.deprecated = object["deprecated"]?.boolValue ?? false
        node.description = object["description"]?.stringValue
        return node
    }

    private func resolve(_ pointer: String, in document: JSONValue) -> JSONValue? {
        var current = document
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members[key] else { return nil }
                current = next
            case .array(let items):
                guard let i = Int(key), items.indices.contains(i) else { return nil }
                current = items[i]
            default:
                return nil
            }
        }
        return current
    }

    private func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
