import LBCore
import Testing

@testable import LBConfig

@Suite("JSON config reader")
struct JSONConfigReaderTests {
    // MARK: Values and positions

    @Test("keys and values carry the line and column where they are written")
    func positions() throws {
        let text = """
            {
              "name": "x",
              "nested": {"a": [1, true]}
            }
            """
        let (node, diagnostics) = readJSON(text, file: "server/config.json")
        #expect(diagnostics.isEmpty)
        let root = try #require(node)
        #expect(at(root.location) == "server/config.json:1:1")
        #expect(root.keyLocation == nil)
        #expect(at(root["name"]?.keyLocation) == "server/config.json:2:3")
        #expect(at(root["name"]?.location) == "server/config.json:2:11")
        #expect(at(member(root, "nested")?.keyLocation) == "server/config.json:3:3")
        #expect(at(member(root, "nested")?.location) == "server/config.json:3:13")
        #expect(at(member(root, "nested", "a")?.keyLocation) == "server/config.json:3:14")
        #expect(at(member(root, "nested", "a")?.location) == "server/config.json:3:19")
        #expect(at(member(root, "nested", "a", 0)?.location) == "server/config.json:3:20")
        #expect(at(member(root, "nested", "a", 1)?.location) == "server/config.json:3:23")
        #expect(root.json == ["name": "x", "nested": ["a": [1, true]]])
    }

    @Test("a multi-byte character counts as one column")
    func multiByteColumns() throws {
        let (node, diagnostics) = readJSON(#"{"é€😀": "ü", "k": 1}"#)
        #expect(diagnostics.isEmpty)
        let root = try #require(node)
        #expect(root.object?.keys.first == "é€😀")
        #expect(at(root["é€😀"]?.location) == "test.json:1:9")
        #expect(at(root["k"]?.keyLocation) == "test.json:1:14")
        #expect(at(root["k"]?.location) == "test.json:1:19")
    }

    @Test("object keys keep the order they are written in")
    func keyOrder() throws {
        let root = try #require(readJSON(#"{"z": 1, "a": 2, "m": 3}"#).node)
        #expect(root.object.map { Array($0.keys) } == ["z", "a", "m"])
    }

    @Test("every JSON escape is decoded, surrogate pairs included")
    func escapes() throws {
        let (node, diagnostics) = readJSON(#"["\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \ud83d\ude00", 1]"#)
        #expect(diagnostics.isEmpty)
        let root = try #require(node)
        #expect(member(root, 0)?.string == "\" \\ / \u{8} \u{C} \n \r \t A é 😀")
        #expect(at(member(root, 1)?.location) == "test.json:1:56")
    }

    @Test("a surrogate pair written as escapes advances the column by its twelve characters")
    func columnAfterSurrogateEscape() throws {
        let root = try #require(readJSON(#"["\ud83d\ude00", 1]"#).node)
        #expect(member(root, 0)?.string == "😀")
        #expect(at(member(root, 1)?.location) == "test.json:1:18")
    }

    @Test("numbers are read as JavaScript would", arguments: [
        ("0", 0.0), ("42", 42), ("-17", -17), ("3.25", 3.25), ("1e3", 1000), ("1E+2", 100),
        ("2.5e-3", 0.0025), ("-1.5E2", -150), ("123456789012", 123_456_789_012),
    ])
    func numbers(text: String, expected: Double) throws {
        let (node, diagnostics) = readJSON(text)
        #expect(diagnostics.isEmpty)
        #expect(try #require(node).number == expected)
    }

    @Test("-0 keeps its sign")
    func negativeZero() throws {
        let value = try #require(readJSON("-0").node?.number)
        #expect(value == 0)
        #expect(value.sign == .minus)
    }

    @Test("literals and a scalar at the top level are accepted")
    func scalarsAtTopLevel() {
        #expect(readJSON("true").node?.bool == true)
        #expect(readJSON(" false ").node?.bool == false)
        #expect(readJSON("null").node?.isNull == true)
        #expect(readJSON(#""text""#).node?.string == "text")
    }

    // MARK: Syntax errors

    @Test("syntax errors are reported once, at the offending character, with code syntax.json", arguments: [
        (#"{"a": 1,}"#, "1:9", "trailing comma before '}'"),
        ("[1, 2,]", "1:7", "trailing comma before ']'"),
        (#"{"a": 1 "b": 2}"#, "1:9", "missing ',' between object members"),
        ("[1 2]", "1:4", "unexpected '2'; expected ',' or ']'"),
        ("{\n  // note\n  \"a\": 1\n}", "2:3", "comments are not allowed in JSON"),
        (#"{"a": 1 /* c */}"#, "1:9", "comments are not allowed in JSON"),
        ("{'a': 1}", "1:2", "single-quoted strings are not allowed in JSON; expected a property name in double quotes"),
        (#"{"a": 'x'}"#, "1:7", "single-quoted strings are not allowed in JSON; expected a value"),
        (#"{"a": "abc"#, "1:7", "unterminated string"),
        ("[\"a\tb\"]", "1:4", "control character inside a string"),
        ("[\"a\nb\"]", "1:4", "line break inside a string"),
        ("[01]", "1:2", "numbers may not have leading zeros in JSON"),
        (#"{"mode": -0755}"#, "1:10", "numbers may not have leading zeros in JSON"),
        ("[1.]", "1:2", "invalid number: expected digits after '.'"),
        ("[1e]", "1:2", "invalid number: expected digits in the exponent"),
        ("[-]", "1:2", "invalid number"),
        ("[1e400]", "1:2", "number '1e400' is out of range"),
        ("[tru]", "1:2", "invalid literal; expected 'true'"),
        ("[nulls]", "1:2", "invalid literal; expected 'null'"),
        ("[True]", "1:2", "unexpected 'T'; expected a value"),
        (#"["\ud800"]"#, "1:3", "unpaired surrogate in \\u escape"),
        (#"["\udc00"]"#, "1:3", "unpaired surrogate in \\u escape"),
        (#"["\ud800\u0041"]"#, "1:3", "unpaired surrogate in \\u escape"),
        (#"["\x"]"#, "1:3", "invalid escape sequence in string"),
        (#"["\u12G4"]"#, "1:3", "invalid \\u escape: expected four hex digits"),
        ("", "1:1", "file is empty; expected a JSON value"),
        ("  \n  ", "2:3", "file is empty; expected a JSON value"),
        ("{} {}", "1:4", "unexpected '{' after the end of the JSON value"),
        ("{}\n,", "2:1", "unexpected ',' after the end of the JSON value"),
        (#"{"a": [1, 2"#, "1:12", "unexpected end of file; expected ',' or ']'"),
        (#"{"a":"#, "1:6", "unexpected end of file; expected a value"),
        (#"{"a""#, "1:5", "unexpected end of file; expected ':' after the property name"),
    ])
    func syntaxError(text: String, position: String, message: String) {
        let (node, diagnostics) = readJSON(text)
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        let error = diagnostics.all.first
        #expect(error?.severity == .error)
        #expect(error?.code == "syntax.json")
        #expect(at(error?.location) == "test.json:\(position)")
        #expect(error?.message == message)
    }

    @Test("a comment error suggests YAML, a truncated file suggests an unclosed bracket")
    func syntaxHints() {
        #expect(readJSON("// x\n{}").diagnostics.all.first?.hint?.contains("YAML") == true)
        #expect(readJSON("[").diagnostics.all.first?.hint == "the file may be truncated or a bracket left unclosed")
    }

    // MARK: Duplicate keys

    @Test("a duplicate key is an error at the second key, with a note at the first; reading goes on")
    func duplicateKey() throws {
        let text = """
            {
              "a": 1,
              "a": 2,
              "b": 3
            }
            """
        let (node, diagnostics) = readJSON(text, file: "server/datasources.json")
        let root = try #require(node)
        #expect(root.json == ["a": 2, "b": 3])
        #expect(diagnostics.all.count == 1)
        let error = try #require(diagnostics.all.first)
        #expect(error.severity == .error)
        #expect(error.code == "syntax.duplicate-key")
        #expect(error.message == "key 'a' appears more than once in this object")
        #expect(at(error.location) == "server/datasources.json:3:3")
        #expect(error.notes == [Diagnostic.Note("first defined here", at: SourceLocation(file: "server/datasources.json", line: 2, column: 3))])
    }

    @Test("a duplicate key found before a syntax error is still reported")
    func duplicateKeyThenSyntaxError() {
        let (node, diagnostics) = readJSON(#"{"a": 1, "a": 2,}"#)
        #expect(node == nil)
        #expect(diagnostics.all.map(\.code) == ["syntax.duplicate-key", "syntax.json"])
    }

    @Test("the same key in two different objects is not a duplicate")
    func sameKeyInSiblings() {
        #expect(readJSON(#"{"a": {"x": 1}, "b": {"x": 2}}"#).diagnostics.isEmpty)
    }

    // MARK: Depth

    @Test("nesting to exactly ConfigLimits.maxDepth is accepted")
    func maxDepthAccepted() {
        let depth = ConfigLimits.maxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let (node, diagnostics) = readJSON(text)
        #expect(node != nil)
        #expect(diagnostics.isEmpty)
    }

    @Test("10,000 nested arrays give one error at the first level too deep, without crashing")
    func deepArrays() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let (node, diagnostics) = readJSON(text)
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        #expect(diagnostics.all.first?.code == "syntax.too-deep")
        #expect(diagnostics.all.first?.message == "values are nested more than \(ConfigLimits.maxDepth) levels deep")
        #expect(at(diagnostics.all.first?.location) == "test.json:1:\(ConfigLimits.maxDepth + 1)")
    }

    @Test("10,000 nested objects (even unterminated) give one error, without crashing")
    func deepObjects() {
        let text = String(repeating: #"{"a":"#, count: 10_000)
        let (node, diagnostics) = readJSON(text)
        #expect(node == nil)
        #expect(diagnostics.all.count == 1)
        #expect(diagnostics.all.first?.code == "syntax.too-deep")
        #expect(diagnostics.all.first?.message.contains("nested more than") == true)
        #expect(at(diagnostics.all.first?.location) == "test.json:1:\(5 * ConfigLimits.maxDepth + 1)")
    }
}
