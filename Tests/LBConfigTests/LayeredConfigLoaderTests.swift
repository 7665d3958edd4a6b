import Foundation
import LBCore
import Testing

@testable import LBConfig

@Suite("Layered config loader")
struct LayeredConfigLoaderTests {
    struct Loaded {
        var result: LayeredConfigLoader.Result
        var diagnostics: Diagnostics
    }

    /// Writes `files` into a fresh app directory and loads `stem` from `server/`.
    private func load(
        _ files: [String: String], stem: String = "config", in directory: String = "server", environment: String = "production",
        rules: LayeredConfigLoader.MergeRules = .generic
    ) throws -> Loaded {
        let app = try TemporaryDirectory()
        for (path, contents) in files { try app.write(path, contents) }
        var diagnostics = Diagnostics()
        let result = LayeredConfigLoader(appDirectory: app.path, environment: environment)
            .load(stem: stem, in: directory, rules: rules, diagnostics: &diagnostics)
        return Loaded(result: result, diagnostics: diagnostics)
    }

    @Test("layers merge in order master ← local ← env, whatever their formats")
    func layeringOrder() throws {
        let loaded = try load([
            "server/config.json": #"{"a": "master", "b": "master", "c": "master", "list": [1, 2]}"#,
            "server/config.local.yaml": "b: local\nc: local\n",
            "server/config.production.yml": "c: env\nlist: [3, 4]\n",
            "server/config.development.json": #"{"a": "not this environment"}"#,
        ])
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.result.files == ["server/config.json", "server/config.local.yaml", "server/config.production.yml"])
        #expect(loaded.result.incomplete == false)
        let node = try #require(loaded.result.node)
        #expect(node.json == ["a": "master", "b": "local", "c": "env", "list": [3, 4]])
        #expect(at(node["c"]?.location) == "server/config.production.yml:1:4")
        #expect(at(node["c"]?.overrides) == "server/config.local.yaml:2:4")
        #expect(at(node["a"]?.location) == "server/config.json:1:7")
    }

    @Test("a YAML master takes JSON overlays")
    func yamlMaster() throws {
        let loaded = try load(["server/config.yaml": "port: 3000\nhost: localhost\n", "server/config.local.json": #"{"port": 4000}"#])
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.result.node?.json == ["port": 4000, "host": "localhost"])
    }

    @Test("the app directory itself is addressed as \"\"")
    func appDirectoryItself() throws {
        let loaded = try load(["datasources.json": #"{"db": {"connector": "memory"}}"#], stem: "datasources", in: "")
        #expect(loaded.result.files == ["datasources.json"])
        #expect(loaded.result.node?["db"]?.location.file == "datasources.json")
    }

    @Test("with no layer at all there is no node and nothing to report")
    func nothing() throws {
        let loaded = try load(["server/other.json": "{}"])
        #expect(loaded.result.node == nil)
        #expect(loaded.result.files == [])
        #expect(loaded.diagnostics.isEmpty)
    }

    @Test("two formats at one layer are config.duplicate-format naming both; the first of .json, .yaml, .yml is read", arguments: [
        (["server/config.json": #"{"from": "first"}"#, "server/config.yaml": "from: second\n"],
         "server/config.json", "server/config.yaml"),
        (["server/config.json": "{}", "server/config.local.yaml": "from: first\n", "server/config.local.yml": "from: second\n"],
         "server/config.local.yaml", "server/config.local.yml"),
    ])
    func duplicateFormat(files: [String: String], first: String, second: String) throws {
        let loaded = try load(files)
        #expect(loaded.diagnostics.all.count == 1)
        let error = try #require(loaded.diagnostics.all.first)
        #expect(error.severity == .error)
        #expect(error.code == "config.duplicate-format")
        #expect(error.message == "'\(first)' and '\(second)' are two formats of the same file")
        #expect(at(error.location) == "\(second):1:1")
        #expect(error.notes == [Diagnostic.Note("the file lbrun reads", at: .start(of: first))])
        #expect(loaded.result.node?["from"]?.string == "first")
        #expect(!loaded.result.files.contains(second))
    }

    @Test("a .js overlay is file.script-ignored; the other layers still apply")
    func scriptOverlay() throws {
        let loaded = try load([
            "server/config.json": #"{"a": 1}"#, "server/config.local.js": "module.exports = {a: 2};",
            "server/config.production.json": #"{"b": 3}"#,
        ])
        #expect(loaded.result.node?.json == ["a": 1, "b": 3])
        #expect(loaded.diagnostics.all.count == 1)
        let warning = try #require(loaded.diagnostics.all.first)
        #expect(warning.severity == .warning)
        #expect(warning.code == "file.script-ignored")
        #expect(warning.message == "'server/config.local.js' is JavaScript, which lbrun does not run; its settings are ignored")
        #expect(at(warning.location) == "server/config.local.js:1:1")
        #expect(warning.hint == "write the same settings as config.local.json or config.local.yaml")
    }

    @Test("overlays without a master are applied over {}, with one config.overlay-without-master warning")
    func overlayWithoutMaster() throws {
        let loaded = try load(["server/config.local.json": #"{"a": 1, "b": 1}"#, "server/config.production.json": #"{"b": 2}"#])
        #expect(loaded.result.node?.json == ["a": 1, "b": 2])
        #expect(loaded.diagnostics.all.count == 1)
        let warning = try #require(loaded.diagnostics.all.first)
        #expect(warning.severity == .warning)
        #expect(warning.code == "config.overlay-without-master")
        #expect(warning.message == "'server/config.local.json' is an overlay but there is no config.json, config.yaml or config.yml; lbrun applies it over an empty config")
        #expect(at(warning.location) == "server/config.local.json:1:1")
    }

    @Test("a top level that is not an object is config.not-an-object and leaves the result incomplete", arguments: [
        ("[1, 2]", "an array"), (#""text""#, "a string"), ("null", "a null"),
    ])
    func notAnObject(json: String, kind: String) throws {
        let loaded = try load(["server/config.json": json])
        #expect(loaded.result.node == nil)
        #expect(loaded.result.incomplete)
        #expect(loaded.diagnostics.all.count == 1)
        let error = try #require(loaded.diagnostics.all.first)
        #expect(error.code == "config.not-an-object")
        #expect(error.message == "the top level of 'server/config.json' must be an object, not \(kind)")
        #expect(at(error.location) == "server/config.json:1:1")
    }

    @Test("a layer that cannot be read sets incomplete; the readable layers still merge")
    func unreadableLayer() throws {
        let loaded = try load(["server/config.json": #"{"a": 1}"#, "server/config.local.json": #"{"a": 2,}"#, "server/config.production.json": #"{"b": 3}"#])
        #expect(loaded.result.incomplete)
        #expect(loaded.result.files == ["server/config.json", "server/config.local.json", "server/config.production.json"])
        #expect(loaded.result.node?.json == ["a": 1, "b": 3])
        #expect(loaded.diagnostics.all.map(\.code) == ["syntax.json"])
        #expect(at(loaded.diagnostics.all.first?.location) == "server/config.local.json:1:9")
    }

    @Test("conflicts between layers are reported at the overlay file")
    func overlayConflict() throws {
        let loaded = try load(["server/config.json": #"{"port": 3000}"#, "server/config.local.json": #"{"port": {"n": 1}}"#])
        #expect(loaded.diagnostics.all.map(\.code) == ["config.overlay-type-conflict"])
        #expect(at(loaded.diagnostics.all.first?.location) == "server/config.local.json:1:10")
    }

    @Test("middleware layers use the middleware rules: an overlay may add a phase")
    func middlewareRules() throws {
        let loaded = try load(
            ["server/middleware.json": #"{"initial": {"compression": {}}}"#, "server/middleware.production.json": #"{"auth": {"x": {}}}"#],
            stem: "middleware", rules: .middleware)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.result.node?.json == ["initial": ["compression": [:]], "auth": ["x": [:]]])
    }

    @Test(
        "a master that exists but cannot be parsed is not reported as missing")
    func brokenMasterIsNotMissing() throws {
        let loaded = try load(["server/config.json": #"{"a": 1,}"#, "server/config.local.json": #"{"b": 2}"#])
        #expect(loaded.result.incomplete)
        #expect(loaded.diagnostics.all.map(\.code) == ["syntax.json"])
    }

    @Test(
        "with environment 'local' the local overlay is applied once")
    func localEnvironment() throws {
        let loaded = try load(
            ["server/config.json": #"{"l": [1]}"#, "server/config.local.json": #"{"l": {"$append": [2]}, "d": 1, "d": 2}"#],
            environment: "local")
        #expect(loaded.result.files == ["server/config.json", "server/config.local.json"])
        #expect(loaded.result.node?["l"]?.json == [1, 2])
        #expect(loaded.diagnostics.all.map(\.code) == ["syntax.duplicate-key"])
    }
}
