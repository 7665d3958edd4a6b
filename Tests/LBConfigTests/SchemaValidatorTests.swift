import Foundation
import LBCore
import Testing

@testable import LBConfig

private let mainSchema = """
    {
      "type": "object",
      "properties": {
        "port": {"type": "integer", "minimum": 0, "maximum": 65535, "description": "Port to listen on. Default 3000."},
        "ratio": {"type": "number"},
        "debug": {"type": "boolean"},
        "either": {"type": ["integer", "null"]},
        "name": {"type": "string", "minLength": 1, "pattern": "^[a-z]*$", "description": "Lowercase name. Used in URLs."},
        "mode": {"enum": ["development", "production", "test"]},
        "kind": {"const": "memory"},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "legacy": {"type": "boolean", "deprecated": true, "description": "Old flag. Use debug instead."},
        "paths": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "short": {"$ref": "#/$defs/x"},
        "limit": {"$ref": "other.schema.json#/$defs/y"},
        "tree": {"$ref": "#/$defs/node"},
        "entry": {"type": "object", "required": ["name", "connector"],
                  "properties": {"name": {"type": "string"}, "connector": {"type": "string", "description": "Connector name. Like memory."}}},
        "strict": {"type": "object", "properties": {"host": {"type": "string"}, "port": {}}, "additionalProperties": false},
        "lenient": {"type": "object", "properties": {"enabled": {"type": "boolean"}}, "x-lbrun-warn-unknown": true},
        "headers": {"type": "object", "patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false},
        "counts": {"type": "object", "additionalProperties": {"type": "number"}},
        "gone": {"description": "Removed in LoopBack 3. Delete it.", "enum": []},
        "never": false
      },
      "$defs": {
        "x": {"type": "string", "minLength": 3},
        "node": {"type": "object", "additionalProperties": false,
                 "properties": {"value": {"type": "number"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}
      }
    }
    """
private let otherSchema = #"{"$defs": {"y": {"type": "integer", "maximum": 10}}}"#

private let library: SchemaLibrary = {
    do {
        return try SchemaLibrary(schemas: ["main.schema.json": Array(mainSchema.utf8), "other.schema.json": Array(otherSchema.utf8)])
    } catch {
        preconditionFailure("test schemas do not compile: \(error)")
    }
}()

/// Validates `node` against `main.schema.json`.
private func validate(_ node: ConfigNode) -> (node: ConfigNode, diagnostics: Diagnostics) {
    var diagnostics = Diagnostics()
    let result = SchemaValidator(library: library).validate(node, against: "main.schema.json", diagnostics: &diagnostics)
    return (result, diagnostics)
}

private func validate(_ json: String) -> (node: ConfigNode, diagnostics: Diagnostics) {
    validate(parse(json, file: "app.json"))
}

/// The only diagnostic for `json`, as `code | message | line:col`.
private func problem(_ json: String) -> String {
    let all = validate(json).diagnostics.all
    guard all.count == 1, let only = all.first else { return "\(all.count) diagnostics: \(all.map(\.message))" }
    return "\(only.code) | \(only.message) | \(only.location.map { "\($0.line):\($0.column)" } ?? "-")"
}

@Suite("Schema validator")
struct SchemaValidatorTests {
    @Test("a document that fits the schema passes unchanged")
    func valid() {
        let json = #"{"port": 3000, "name": "app", "mode": "test", "tags": ["a"], "paths": ["/x"], "tree": {"children": []}}"#
        let (node, diagnostics) = validate(json)
        #expect(diagnostics.isEmpty)
        #expect(node == parse(json, file: "app.json"))
    }

    @Test("a value of the wrong type is schema.type, worded with the expected and actual kinds", arguments: [
        (#"{"ratio": "x"}"#, "schema.type | 'ratio' must be a number, not a string | 1:11"),
        (#"{"debug": "yes"}"#, "schema.type | 'debug' must be a boolean, not a string | 1:11"),
        (#"{"port": 1.5}"#, "schema.type | 'port' must be an integer, not a number | 1:10"),
        (#"{"tags": {}}"#, "schema.type | 'tags' must be an array, not an object | 1:10"),
        (#"{"either": true}"#, "schema.type | 'either' must be an integer or null, not a boolean | 1:12"),
        (#"{"name": null}"#, "schema.type | 'name' must be a string, not null | 1:10"),
        ("[]", "schema.type | the value must be an object, not an array | 1:1"),
    ])
    func typeMismatch(json: String, expected: String) {
        #expect(problem(json) == expected)
    }

    @Test("type errors hint at the likely fix", arguments: [
        (#"{"debug": "no"}"#, "write true or false without quotes"),
        (#"{"port": "3000"}"#, "write the number without quotes"),
        (#"{"tags": "a"}"#, #"write a list: ["a"]"#),
        (#"{"port": true}"#, "Port to listen on"),
    ])
    func typeHints(json: String, hint: String) {
        #expect(validate(json).diagnostics.all.first?.hint == hint)
    }

    @Test("a value outside an enum is schema.enum with a did-you-mean hint")
    func enumValue() throws {
        let error = try #require(validate(#"{"mode": "prodution"}"#).diagnostics.all.first)
        #expect(error.code == "schema.enum")
        #expect(error.message == "'prodution' is not a valid value for 'mode'; expected one of development, production, test")
        #expect(error.hint == "did you mean 'production'?")
        #expect(problem(#"{"mode": 1}"#) == "schema.enum | 1 is not a valid value for 'mode'; expected one of development, production, test | 1:10")
    }

    @Test("const, required and additionalProperties: false")
    func constRequiredAdditional() {
        #expect(problem(#"{"kind": "mongo"}"#) == #"schema.const | 'kind' must be "memory" | 1:10"#)
        #expect(problem(#"{"entry": {"name": "db"}}"#) == "schema.required | missing required key 'connector' | 1:11")
        #expect(validate(#"{"entry": {"name": "db"}}"#).diagnostics.all.first?.hint == "Connector name")
        #expect(problem(#"{"strict": {"hostt": "x"}}"#) == "schema.unknown-key | unknown key 'hostt' | 1:13")
        #expect(validate(#"{"strict": {"hostt": "x"}}"#).diagnostics.all.first?.hint == "did you mean 'host'?")
        #expect(validate(#"{"strict": {"zzzzzz": 1}}"#).diagnostics.all.first?.hint == "known keys: host, port")
    }

    @Test("a key whose schema is false or an empty enum is schema.not-allowed at the key", arguments: [
        (#"{"gone": 1}"#, "schema.not-allowed | 'gone' is not allowed here | 1:2"),
        (#"{"never": {}}"#, "schema.not-allowed | 'never' is not allowed here | 1:2"),
    ])
    func notAllowed(json: String, expected: String) {
        #expect(problem(json) == expected)
    }

    @Test("schema.not-allowed hints with the first sentence of the description")
    func notAllowedHint() {
        #expect(validate(#"{"gone": true}"#).diagnostics.all.first?.hint == "Removed in LoopBack 3")
    }

    @Test("x-lbrun-warn-unknown turns an unknown key into a warning with a suggestion")
    func warnUnknown() throws {
        let diagnostic = try #require(validate(#"{"lenient": {"enabeld": true}}"#).diagnostics.all.first)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.code == "schema.unknown-key")
        #expect(diagnostic.message == "unknown key 'enabeld' is ignored")
        #expect(diagnostic.hint == "did you mean 'enabled'?")
        #expect(at(diagnostic.location) == "app.json:1:14")
    }

    @Test("patternProperties and an additionalProperties schema check the matching keys")
    func patternAndAdditionalSchemas() {
        let diagnostics = validate(#"{"headers": {"x-a": "s", "x-b": 1, "y": "s"}, "counts": {"a": 1, "b": "2"}}"#).diagnostics
        #expect(diagnostics.all.map(\.message) == [
            "'x-b' must be a string, not a number", "unknown key 'y'", "'b' must be a number, not a string",
        ])
    }

    @Test("items and minItems")
    func arrays() {
        #expect(problem(#"{"tags": []}"#) == "schema.range | 'tags' needs at least 1 item | 1:10")
        #expect(problem(#"{"tags": ["a", 2]}"#) == "schema.type | an item of 'tags' must be a string, not a number | 1:16")
    }

    @Test("anyOf reports the branch that fits the value's kind, or every kind that would do")
    func anyOf() {
        #expect(validate(#"{"paths": "/a"}"#).diagnostics.isEmpty)
        #expect(problem(#"{"paths": ["/a", 2]}"#) == "schema.type | an item of 'paths' must be a string, not a number | 1:18")
        #expect(problem(#"{"paths": 5}"#) == "schema.type | 'paths' must be a string or an array, not a number | 1:11")
    }

    @Test("$ref reaches #/$defs in the same file and in another file")
    func references() {
        #expect(problem(#"{"short": "ab"}"#) == "schema.range | 'short' must be at least 3 characters long | 1:11")
        #expect(problem(#"{"limit": 11}"#) == "schema.range | 'limit' must be at most 10 | 1:11")
        #expect(problem(#"{"limit": "x"}"#) == "schema.type | 'limit' must be an integer, not a string | 1:11")
    }

    @Test("a recursive $ref checks every level")
    func recursiveReference() {
        let json = #"{"tree": {"value": 1, "children": [{"children": [{"value": "deep"}, {"bad": 1}]}]}}"#
        #expect(validate(json).diagnostics.all.map(\.message) == ["'value' must be a number, not a string", "unknown key 'bad'"])
    }

    @Test("minimum, maximum, minLength and pattern", arguments: [
        (#"{"port": -1}"#, "schema.range | 'port' must be at least 0 | 1:10"),
        (#"{"port": 70000}"#, "schema.range | 'port' must be at most 65535 | 1:10"),
        (#"{"name": ""}"#, "schema.range | 'name' must not be empty | 1:10"),
        (#"{"name": "ABC"}"#, #"schema.pattern | 'name' "ABC" is not in the expected form | 1:10"#),
    ])
    func limits(json: String, expected: String) {
        #expect(problem(json) == expected)
    }

    @Test("a deprecated key is a schema.deprecated warning at the key, hinting with the description")
    func deprecated() throws {
        let warning = try #require(validate(#"{"legacy": true}"#).diagnostics.all.first)
        #expect(warning.severity == .warning)
        #expect(warning.code == "schema.deprecated")
        #expect(warning.message == "'legacy' is deprecated")
        #expect(warning.hint == "Old flag")
        #expect(at(warning.location) == "app.json:1:2")
    }

    @Test(
        "a deprecated key without a description still warns")
    func deprecatedWithoutDescription() throws {
        let schemas = ["d.schema.json": Array(#"{"properties": {"old": {"deprecated": true}}}"#.utf8)]
        var diagnostics = Diagnostics()
        _ = SchemaValidator(library: try SchemaLibrary(schemas: schemas))
            .validate(parse(#"{"old": 1}"#, file: "a.json"), against: "d.schema.json", diagnostics: &diagnostics)
        #expect(diagnostics.all.map(\.code) == ["schema.deprecated"])
    }

    // MARK: Coercion of substituted values

    private func substituted(_ json: String) -> ConfigNode {
        let node = parse(json, file: "datasources.json")
        var members = node.object ?? [:]
        for key in members.keys { members[key]?.substitutedFrom = "environment variable \(key.uppercased())" }
        var copy = node
        copy.value = .object(members)
        return copy
    }

    @Test("a substituted string that spells a number or boolean is converted where the schema wants one")
    func coercion() {
        let (node, diagnostics) = validate(substituted(#"{"port": "3000", "ratio": " 2.5 ", "debug": "TRUE", "either": "7", "name": "abc"}"#))
        #expect(diagnostics.isEmpty)
        #expect(node.json == ["port": 3000, "ratio": 2.5, "debug": true, "either": 7, "name": "abc"])
        #expect(node["port"]?.substitutedFrom == "environment variable PORT")
    }

    @Test("a converted value is still range-checked, with a note naming its source")
    func coercedRange() throws {
        let error = try #require(validate(substituted(#"{"port": "-5"}"#)).diagnostics.all.first)
        #expect(error.message == "'port' must be at least 0")
        #expect(error.notes.map(\.message) == ["value comes from environment variable PORT"])
    }

    @Test("a substituted string that does not fit stays an error, noting its source", arguments: [
        (#"{"port": "3000.5"}"#, "'port' must be an integer, not a string"),
        (#"{"debug": "yes"}"#, "'debug' must be a boolean, not a string"),
        (#"{"ratio": "nan"}"#, "'ratio' must be a number, not a string"),
    ])
    func coercionFails(json: String, message: String) throws {
        let error = try #require(validate(substituted(json)).diagnostics.all.first)
        #expect(error.code == "schema.type")
        #expect(error.message == message)
        #expect(error.notes.first?.message.hasPrefix("value comes from environment variable") == true)
    }

    @Test("a string written in the file is never converted")
    func noCoercionWithoutSubstitution() {
        let (node, diagnostics) = validate(#"{"port": "3000", "debug": "true"}"#)
        #expect(diagnostics.all.map(\.code) == ["schema.type", "schema.type"])
        #expect(node["port"]?.string == "3000")
    }
}
