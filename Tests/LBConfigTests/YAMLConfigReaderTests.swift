import LBCore
import Testing

@testable import LBConfig

@Suite("YAML config reader")
struct YAMLConfigReaderTests {
    /// The value of `v` in the one-line document `v: <scalar>`.
    private func scalar(_ text: String) -> ConfigNode.Value? {
        readYAML("v: \(text)\n").node?["v"]?.value
    }

    // MARK: Core schema typing

    @Test("YAML 1.1 booleans, dates and other words stay strings", arguments: [
        "no", "on", "yes", "off", "Yes", "y", "n", "2024-01-01", "1_000", "0b101", "1:30", "12abc", "0x", "nulls",
    ])
    func yaml11WordsAreStrings(text: String) {
        #expect(scalar(text) == .string(text))
    }

    @Test("core-schema booleans and nulls", arguments: [
        ("true", ConfigNode.Value.bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)),
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null),
    ])
    func booleansAndNulls(text: String, expected: ConfigNode.Value) {
        #expect(scalar(text) == expected)
    }

    @Test("core-schema numbers", arguments: [
        ("0x1F", 31.0), ("0x1f", 31), ("0o17", 15), ("1e3", 1000), ("42", 42), ("-7", -7), ("+12", 12),
        ("1.5", 1.5), (".5", 0.5), ("2.", 2), ("-2.5E-1", -0.25), (".inf", .infinity), ("-.Inf", -.infinity),
    ])
    func numbers(text: String, expected: Double) {
        #expect(scalar(text) == .number(expected))
    }

    @Test(
        "0755 stays a string, as docs/CONFIG.md promises")
    func leadingZeroIsString() {
        #expect(scalar("0755") == .string("0755"))
    }

    @Test(
        "a sign after 0x or 0o is not a core-schema number")
    func signedHexAndOctal() {
        #expect(scalar("0o-7") == .string("0o-7"))
        #expect(scalar("0x+1F") == .string("0x+1F"))
    }

    @Test(".nan reads as a number that is not a number")
    func notANumber() {
        guard case .number(let n)? = scalar(".nan") else {
            Issue.record("expected a number")
            return
        }
        #expect(n.isNaN)
    }

    @Test("quoted and block scalars stay strings", arguments: [
        ("'true'", "true"), ("\"123\"", "123"), ("\"null\"", "null"), ("'~'", "~"), ("''", ""), ("\"0x1F\"", "0x1F"),
    ])
    func quotedScalars(text: String, expected: String) {
        #expect(scalar(text) == .string(expected))
    }

    @Test("a literal block scalar is a string with its line break")
    func blockScalar() {
        #expect(readYAML("v: |\n  123\n").node?["v"]?.string == "123\n")
    }

    // MARK: Positions

    @Test("keys and values carry their 1-based line and column")
    func positions() throws {
        let text = """
            name: x
            nested:
              a: [1, true]
              list:
                - one
            """
        let (node, diagnostics) = readYAML(text, file: "server/config.yaml")
        #expect(diagnostics.isEmpty)
        let root = try #require(node)
        #expect(at(root.location) == "server/config.yaml:1:1")
        #expect(at(root["name"]?.keyLocation) == "server/config.yaml:1:1")
        #expect(at(root["name"]?.location) == "server/config.yaml:1:7")
        #expect(at(root["nested"]?.keyLocation) == "server/config.yaml:2:1")
        #expect(at(member(root, "nested", "a")?.keyLocation) == "server/config.yaml:3:3")
        #expect(at(member(root, "nested", "a")?.location) == "server/config.yaml:3:6")
        #expect(at(member(root, "nested", "a", 0)?.location) == "server/config.yaml:3:7")
        #expect(at(member(root, "nested", "a", 1)?.location) == "server/config.yaml:3:10")
        #expect(at(member(root, "nested", "list", 0)?.location) == "server/config.yaml:5:7")
        #expect(root.json == ["name": "x", "nested": ["a": [1, true], "list": ["one"]]])
    }

    @Test("a multi-byte character counts as one column")
    func multiByteColumns() {
        let root = readYAML("é€😀: 1\nk: ü\n").node
        #expect(at(root?["é€😀"]?.location) == "test.yaml:1:6")
        #expect(at(root?["k"]?.location) == "test.yaml:2:4")
    }

    // MARK: Merge keys and tags

    @Test("a merge key brings in the anchored mapping's keys; the mapping's own keys win")
    func mergeKey() throws {
        let text = """
            base: &base
              host: localhost
              port: 3000
            dev:
              port: 4000
              <<: *base
              debug: true
            """
        let (node, diagnostics) = readYAML(text)
        #expect(diagnostics.isEmpty)
        let dev = try #require(node?["dev"])
        #expect(dev["port"]?.number == 4000)
        #expect(dev["host"]?.string == "localhost")
        #expect(dev["debug"]?.bool == true)
        #expect(dev["<<"] == nil)
        #expect(dev.object?.count == 3)
    }

    @Test("with a list of merge sources, the earlier source wins")
    func mergeKeyList() {
        let text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n"
        #expect(readYAML(text).node?["c"]?.json == ["x": 1, "y": 1, "z": 2])
    }

    @Test("a merge key over a scalar is an error")
    func mergeKeyOverScalar() {
        let (node, diagnostics) = readYAML("a: &a 1\nb:\n  <<: *a\n")
        #expect(node == nil)
        #expect(diagnostics.all.map(\.code) == ["syntax.yaml"])
        #expect(diagnostics.all.first?.message == "a merge key (<<) needs a mapping or a list of mappings")
    }

    @Test("explicit standard tags set the type", arguments: [
        ("!!str 123", ConfigNode.Value.string("123")), ("!!str true", .string("true")), ("!!int \"42\"", .number(42)),
        ("!!float 1", .number(1)), ("!!bool false", .bool(false)), ("!!null ''", .null), ("! 12", .string("12")),
    ])
    func explicitTags(text: String, expected: ConfigNode.Value) {
        #expect(scalar(text) == expected)
    }

    @Test("an unsupported tag is an error at the tagged value", arguments: [
        ("v: !custom x\n", "unsupported YAML tag '!custom'"),
        ("v: !!binary aGVsbG8=\n", "unsupported YAML tag 'tag:yaml.org,2002:binary'"),
        ("v: !!set {a: null}\n", "unsupported YAML tag 'tag:yaml.org,2002:set'"),
    ])
    func unsupportedTag(text: String, message: String) {
        let (node, diagnostics) = readYAML(text)
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        #expect(diagnostics.all.first?.code == "syntax.yaml")
        #expect(diagnostics.all.first?.message == message)
        #expect(at(diagnostics.all.first?.location) == "test.yaml:1:4")
    }

    @Test("a standard tag on a value that does not spell that type is an error")
    func mismatchedTag() {
        let diagnostics = readYAML("v: !!int abc\n").diagnostics
        #expect(diagnostics.all.map(\.code) == ["syntax.yaml"])
        #expect(diagnostics.all.first?.message == "'abc' is not a valid tag:yaml.org,2002:int")
    }

    // MARK: Errors

    @Test("syntax and indentation errors give syntax.yaml at the offending line and column", arguments: [
        ("a: b: c\n", "1:5", "mapping values are not allowed in this context"),
        ("a:\n  b: 1\n c: 2\n", "3:2", "did not find expected key"),
        ("list:\n  - a\n b: 1\n", "3:2", "did not find expected key"),
        ("a:\n  - x\n  b: 1\n", "3:3", "did not find expected '-' indicator"),
        ("a:\n\tb: 1\n", "2:1", "found character that cannot start any token"),
        ("key: [1, 2\n", "2:1", "did not find expected ',' or ']'"),
        ("key: \"open\n", "2:1", "found unexpected end of stream"),
    ])
    func syntaxError(text: String, position: String, problem: String) {
        let (node, diagnostics) = readYAML(text)
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        #expect(diagnostics.all.first?.code == "syntax.yaml")
        #expect(diagnostics.all.first?.message == problem)
        #expect(at(diagnostics.all.first?.location) == "test.yaml:\(position)")
    }

    @Test("a tab used for indentation gets a hint about tabs")
    func tabHint() {
        #expect(readYAML("a:\n\tb: 1\n").diagnostics.all.first?.hint?.contains("tabs") == true)
    }

    @Test("a duplicate key is reported at the second key with a note at the first")
    func duplicateKey() throws {
        let text = "server:\n  a: 1\n  b: 2\n  a: 3\n"
        let (node, diagnostics) = readYAML(text)
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        let error = try #require(diagnostics.all.first)
        #expect(error.code == "syntax.duplicate-key")
        #expect(error.message == "key 'a' appears more than once in this mapping")
        #expect(at(error.location) == "test.yaml:4:3")
        #expect(error.notes.map(\.message) == ["first defined here"])
        #expect(at(error.notes.first?.location) == "test.yaml:2:3")
    }

    @Test(
        "a duplicate key in a flow mapping is reported at the second key")
    func duplicateKeyInFlowMapping() {
        let error = readYAML("m: {a: 1, a: 2}\n").diagnostics.all.first
        #expect(error?.code == "syntax.duplicate-key")
        #expect(at(error?.location) == "test.yaml:1:11")
    }

    @Test("a control character is reported at its line and column")
    func controlCharacter() {
        let diagnostics = readYAML("a: x\nb: \u{7}y\n").diagnostics
        #expect(diagnostics.all.map(\.code) == ["syntax.yaml"])
        #expect(diagnostics.all.first?.message == "control characters are not allowed")
        #expect(at(diagnostics.all.first?.location) == "test.yaml:2:4")
    }

    @Test(
        "a control character after multi-byte text is reported at its column")
    func controlCharacterAfterMultiByteText() {
        #expect(at(readYAML("é: ü\nb: \u{7}y\n").diagnostics.all.first?.location) == "test.yaml:2:4")
    }

    @Test("an empty document, or one holding only comments, reads as {}", arguments: ["", "# nothing here\n", "\n\n"])
    func emptyDocument(text: String) throws {
        let (node, diagnostics) = readYAML(text)
        #expect(diagnostics.isEmpty)
        let root = try #require(node)
        #expect(root.json == [:])
        #expect(at(root.location) == "test.yaml:1:1")
    }

    @Test("several documents in one file are an error")
    func multipleDocuments() {
        let (node, diagnostics) = readYAML("a: 1\n---\nb: 2\n")
        #expect(node == nil)
        #expect(diagnostics.all.map(\.code) == ["syntax.yaml"])
        #expect(diagnostics.all.first?.severity == .error)
        #expect(diagnostics.all.first?.location?.line == 2)
    }

    @Test("10,000 nested flow sequences give one error, without crashing")
    func deepFlowNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let (node, diagnostics) = readYAML(text)
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        #expect(diagnostics.all.first?.code == "syntax.yaml")
        #expect(diagnostics.all.first?.hint == "config files never need this depth; the file is probably generated or corrupt")
    }

    @Test("nesting deeper than ConfigLimits.maxDepth but within libyaml's limit is an error too")
    func nestingOverMaxDepth() {
        let depth = ConfigLimits.maxDepth + 10
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let diagnostics = readYAML(text).diagnostics
        #expect(diagnostics.all.map(\.code) == ["syntax.yaml"])
        #expect(diagnostics.all.first?.message == "values are nested more than \(ConfigLimits.maxDepth) levels deep")
    }

    @Test("a 'billion laughs' alias bomb is refused instead of expanded")
    func billionLaughs() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...8 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let (node, diagnostics) = readYAML(text)
        #expect(node == nil)
        #expect(diagnostics.all.map(\.code) == ["syntax.yaml"])
        #expect(diagnostics.all.first?.message == "document expands to more than \(ConfigLimits.maxValues) values")
    }
}
