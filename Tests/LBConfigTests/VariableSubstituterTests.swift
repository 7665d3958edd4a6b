import LBCore
import Testing

@testable import LBConfig

@Suite("${VAR} substitution (§2.5)")
struct VariableSubstituterTests {
    struct Run {
        var node: ConfigNode?
        var diagnostics: Diagnostics
        var substituter: VariableSubstituter
    }

    /// Substitutes in the JSON document `json` (file `datasources.json`).
    private func run(_ json: String, env: [String: String] = [:], settings: JSONValue = [:]) -> Run {
        var substituter = VariableSubstituter(environment: env, appSettings: settings)
        var diagnostics = Diagnostics()
        let node = substituter.substitute(parse(json, file: "datasources.json"), diagnostics: &diagnostics)
        return Run(node: node, diagnostics: diagnostics, substituter: substituter)
    }

    /// The value of `"v"` after substituting `{"v": <text>}`.
    private func value(_ text: String, env: [String: String] = [:], settings: JSONValue = [:]) -> ConfigNode? {
        run(#"{"v": "\#(text)"}"#, env: env, settings: settings).node?["v"]
    }

    @Test("a placeholder that is the whole string is replaced by the environment variable")
    func wholeString() throws {
        let run = run(#"{"db": {"url": "${DB_URL}"}}"#, env: ["DB_URL": "postgres://x"])
        #expect(run.diagnostics.isEmpty)
        let url = try #require(member(run.node, "db", "url"))
        #expect(url.string == "postgres://x")
        #expect(url.substitutedFrom == "environment variable DB_URL")
        #expect(at(url.location) == "datasources.json:1:16")
        #expect(at(url.keyLocation) == "datasources.json:1:9")
    }

    @Test("text before the placeholder is dropped, with config.partial-placeholder at the value")
    func textBeforePlaceholder() throws {
        let run = run(#"{"url": "http://${HOST}"}"#, env: ["HOST": "example.com"])
        #expect(run.node?["url"]?.string == "example.com")
        #expect(run.diagnostics.all.count == 1)
        let warning = try #require(run.diagnostics.all.first)
        #expect(warning.severity == .warning)
        #expect(warning.code == "config.partial-placeholder")
        #expect(warning.message == #"the text before ${HOST} is dropped: LoopBack 3 replaces the whole value "http://${HOST}" with the variable"#)
        #expect(at(warning.location) == "datasources.json:1:9")
    }

    @Test("${A}:${B} becomes the value of B")
    func twoPlaceholders() {
        let run = run(#"{"v": "${A}:${B}"}"#, env: ["A": "a", "B": "b"])
        #expect(run.node?["v"]?.string == "b")
        #expect(run.node?["v"]?.substitutedFrom == "environment variable B")
        #expect(run.diagnostics.all.map(\.code) == ["config.partial-placeholder"])
    }

    @Test("strings without a valid placeholder at the very end are kept verbatim", arguments: [
        "${a.b}", "${FOO}/x", "${FOO} ", "$FOO", "${FOO", "${}", "${FOO-bar}", "${É}", "${FOO}}", "{FOO}", "plain",
    ])
    func untouched(text: String) {
        let run = run(#"{"v": "\#(text)"}"#, env: ["FOO": "set", "a": "set"])
        #expect(run.diagnostics.isEmpty)
        #expect(run.node?["v"]?.string == text)
        #expect(run.node?["v"]?.substitutedFrom == nil)
        #expect(run.substituter.unresolved.isEmpty)
    }

    @Test("the environment wins over an app setting of the same name")
    func environmentBeatsSettings() {
        let node = value("${restApiRoot}", env: ["restApiRoot": "/from-env"], settings: ["restApiRoot": "/api"])
        #expect(node?.string == "/from-env")
        #expect(node?.substitutedFrom == "environment variable restApiRoot")
    }

    @Test("an environment variable set to the empty string still counts")
    func emptyEnvironmentVariable() {
        #expect(value("${EMPTY}", env: ["EMPTY": ""], settings: ["EMPTY": 1])?.string == "")
    }

    @Test("an app setting keeps its JSON type: a numeric port stays a number")
    func settingKeepsType() throws {
        let run = run(#"{"port": "${port}", "opts": "${opts}"}"#, settings: ["port": 3000, "opts": ["a": [true]]])
        #expect(run.diagnostics.isEmpty)
        let port = try #require(run.node?["port"])
        #expect(port.number == 3000)
        #expect(port.substitutedFrom == "app setting 'port'")
        #expect(at(port.location) == "datasources.json:1:10")
        #expect(at(port.keyLocation) == "datasources.json:1:2")
        #expect(run.node?["opts"]?.json == ["a": [true]])
    }

    @Test("environment values are always strings")
    func environmentValuesAreStrings() {
        #expect(value("${PORT}", env: ["PORT": "3000"])?.value == .string("3000"))
    }

    @Test("${X:-default} gives the default only when X is neither in the environment nor a setting", arguments: [
        ([String: String](), JSONValue.object([:]), ConfigNode.Value.string("3000")),
        (["PORT": "8080"], JSONValue.object([:]), .string("8080")),
        ([:], JSONValue.object(["PORT": 4000]), .number(4000)),
    ] as [([String: String], JSONValue, ConfigNode.Value)])
    func defaultValue(env: [String: String], settings: JSONValue, expected: ConfigNode.Value) {
        let run = run(#"{"v": "${PORT:-3000}"}"#, env: env, settings: settings)
        #expect(run.diagnostics.isEmpty)
        #expect(run.node?["v"]?.value == expected)
        #expect(run.substituter.unresolvedSummary() == nil)
    }

    @Test("the default is recorded as the value's source; an empty default is allowed")
    func defaultSource() {
        #expect(value("${X:-a b}")?.substitutedFrom == "the default in ${X:-a b}")
        #expect(value("${X:-}")?.string == "")
    }

    @Test("an unresolved placeholder removes its key, and becomes null inside a list")
    func unresolvedRemovesKey() throws {
        let run = run(#"{"keep": 1, "url": "${NOPE}", "paths": ["/a", "${NOPE}"], "n": null, "e": {}}"#)
        let node = try #require(run.node)
        #expect(node.json == ["keep": 1, "paths": ["/a", nil], "n": nil, "e": [:]])
        #expect(at(member(node, "paths", 1)?.location) == "datasources.json:1:47")
        #expect(run.diagnostics.isEmpty)
        #expect(run.substituter.unresolved.map(\.name) == ["NOPE", "NOPE"])
    }

    @Test("a string that is itself an unresolved placeholder substitutes to nil")
    func unresolvedTopLevel() {
        var substituter = VariableSubstituter(environment: [:], appSettings: [:])
        var diagnostics = Diagnostics()
        #expect(substituter.substitute(parse(#""${NOPE}""#, file: "x.json"), diagnostics: &diagnostics) == nil)
    }

    @Test("one summary warning names every unresolved variable once, with notes at the other uses")
    func unresolvedSummary() throws {
        let json = """
            {
              "a": "${USER}",
              "b": {"c": "${PASSWORD}"},
              "d": ["${USER}"]
            }
            """
        let run = run(json)
        let summary = try #require(run.substituter.unresolvedSummary())
        #expect(summary.severity == .warning)
        #expect(summary.code == "config.unresolved-variable")
        #expect(summary.message == "variables ${USER}, ${PASSWORD} are not set; the settings that use them are left out")
        #expect(at(summary.location) == "datasources.json:2:8")
        #expect(summary.hint == "set the environment variable, or give a default: ${USER:-value}")
        #expect(summary.notes.map(\.message) == ["${PASSWORD} is used here", "${USER} is used here"])
        #expect(summary.notes.map { at($0.location) } == ["datasources.json:3:14", "datasources.json:4:9"])
    }

    @Test("a single unresolved variable is worded in the singular")
    func unresolvedSingular() {
        let summary = run(#"{"a": "${ONLY}"}"#).substituter.unresolvedSummary()
        #expect(summary?.message == "variable ${ONLY} is not set; the setting that uses it is left out")
        #expect(summary?.notes == [])
    }

    @Test("numbers, booleans and null are left alone, at any depth")
    func nonStrings() {
        let run = run(#"{"a": [1, true, null, {"b": [2.5, {"c": "${V}"}]}]}"#, env: ["V": "x"])
        #expect(run.node?.json == ["a": [1, true, nil, ["b": [2.5, ["c": "x"]]]]])
        #expect(member(run.node, "a", 0)?.substitutedFrom == nil)
    }
}
