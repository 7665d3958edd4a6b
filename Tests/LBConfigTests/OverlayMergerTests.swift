import LBCore
import Testing

@testable import LBConfig

/// Merges overlay JSON over master JSON with the generic rules (spec §2.3).
private func merge(_ master: String, _ overlay: String) -> (node: ConfigNode, diagnostics: Diagnostics) {
    var diagnostics = Diagnostics()
    let node = OverlayMerger.merge(parse(master, file: "config.json"), parse(overlay, file: "config.local.json"), diagnostics: &diagnostics)
    return (node, diagnostics)
}

/// Merges overlay JSON over master JSON with the middleware rules (spec §2.4).
private func mergeMiddleware(_ master: String, _ overlay: String) -> (node: ConfigNode, diagnostics: Diagnostics) {
    var diagnostics = Diagnostics()
    let node = OverlayMerger.mergeMiddleware(
        parse(master, file: "middleware.json"), parse(overlay, file: "middleware.production.json"), diagnostics: &diagnostics)
    return (node, diagnostics)
}

@Suite("Overlay merge, generic rules (§2.3)")
struct OverlayMergerTests {
    @Test("an overlay adds a new key, placed after the master's keys")
    func newKey() {
        let (node, diagnostics) = merge(#"{"a": 1}"#, #"{"b": 2}"#)
        #expect(diagnostics.isEmpty)
        #expect(node.json == ["a": 1, "b": 2])
        #expect(at(node["b"]?.location) == "config.local.json:1:7")
        #expect(node["b"]?.overrides == nil)
    }

    @Test("a scalar replaces a scalar of any type, remembering what it overrides", arguments: [
        ("1", #""x""#), (#""x""#, "true"), ("true", "3"), ("3000", #""3000""#), ("1.5", "2"),
    ])
    func scalarOverScalar(old: String, new: String) throws {
        let (node, diagnostics) = merge(#"{"v": \#(old)}"#, #"{"v": \#(new)}"#)
        #expect(diagnostics.isEmpty)
        let value = try #require(node["v"])
        #expect(value.json == parse(new, file: "x").json)
        #expect(at(value.location) == "config.local.json:1:7")
        #expect(at(value.keyLocation) == "config.local.json:1:2")
        #expect(at(value.overrides) == "config.json:1:7")
    }

    @Test("null over an object replaces it (how an env file disables a component)")
    func nullOverObject() {
        let (node, diagnostics) = merge(#"{"c": {"x": 1}}"#, #"{"c": null}"#)
        #expect(diagnostics.isEmpty)
        #expect(node.json == ["c": nil])
        #expect(at(node["c"]?.overrides) == "config.json:1:7")
    }

    @Test("a value over null is accepted whatever its type", arguments: ["1", "[1, 2]", #"{"x": 1}"#, "null"])
    func overNull(new: String) {
        let (node, diagnostics) = merge(#"{"v": null}"#, #"{"v": \#(new)}"#)
        #expect(diagnostics.isEmpty)
        #expect(node["v"]?.json == parse(new, file: "x").json)
    }

    @Test("a value of another kind is config.overlay-type-conflict at the overlay value, noting the master value", arguments: [
        ("1", "null", "a null", "a number"),
        (#""on""#, "[1]", "an array", "a string"),
        (#"{"x": 1}"#, "false", "a boolean", "an object"),
        (#"{"x": 1}"#, "[1]", "an array", "an object"),
        ("[1]", #"{"x": 1}"#, "an object", "an array"),
        ("[1]", "null", "a null", "an array"),
        ("true", #"{"x": 1}"#, "an object", "a boolean"),
    ])
    func typeConflict(old: String, new: String, newKind: String, oldKind: String) throws {
        let (node, diagnostics) = merge(#"{"v": \#(old)}"#, #"{"v": \#(new)}"#)
        #expect(node["v"]?.json == parse(old, file: "x").json)
        #expect(diagnostics.all.count == 1)
        let error = try #require(diagnostics.all.first)
        #expect(error.severity == .error)
        #expect(error.code == "config.overlay-type-conflict")
        #expect(error.message == "cannot merge values of incompatible types for the option 'v': the overlay has \(newKind), the master file \(oldKind)")
        #expect(at(error.location) == "config.local.json:1:7")
        #expect(error.notes.map(\.message) == ["the master value is defined here"])
        #expect(at(error.notes.first?.location) == "config.json:1:7")
    }

    @Test("false over an object hints that only null can replace an object")
    func falseOverObjectHint() {
        let error = merge(#"{"v": {"x": 1}}"#, #"{"v": false}"#).diagnostics.all.first
        #expect(error?.hint == "an overlay can change the settings inside an object, or replace it with null")
    }

    @Test("objects merge key by key at every depth, and errors name the full option path")
    func nestedObjects() {
        let (node, diagnostics) = merge(
            #"{"a": {"b": {"c": 1, "d": 2}, "k": "s"}, "z": 0}"#,
            #"{"a": {"b": {"c": 3, "n": null}, "e": 4, "k": {"x": 1}}}"#)
        #expect(node.json == ["a": ["b": ["c": 3, "d": 2, "n": nil], "k": "s", "e": 4], "z": 0])
        #expect(at(member(node, "a", "b", "c")?.overrides) == "config.json:1:19")
        #expect(member(node, "a", "b", "d")?.location.file == "config.json")
        #expect(diagnostics.all.map(\.code) == ["config.overlay-type-conflict"])
        #expect(diagnostics.all.first?.message.contains("for the option 'a.k':") == true)
    }

    @Test("arrays of equal length merge item by item, objects inside merged recursively")
    func equalLengthArrays() {
        let (node, diagnostics) = merge(
            #"{"l": [1, {"x": 1, "y": 2}, [true]]}"#,
            #"{"l": ["one", {"x": 9}, [false]]}"#)
        #expect(diagnostics.isEmpty)
        #expect(node.json == ["l": ["one", ["x": 9, "y": 2], [false]]])
        #expect(at(member(node, "l", 0)?.overrides) == "config.json:1:8")
        #expect(at(member(node, "l")?.location) == "config.json:1:7")
    }

    @Test("a conflict inside an array names the indexed path")
    func conflictInsideArray() {
        let diagnostics = merge(#"{"l": [{"x": {"n": 1}}]}"#, #"{"l": [{"x": 5}]}"#).diagnostics
        #expect(diagnostics.all.map(\.code) == ["config.overlay-type-conflict"])
        #expect(diagnostics.all.first?.message.contains("for the option 'l[0].x':") == true)
    }

    @Test("arrays of different length are config.overlay-array-length, and the master list is kept")
    func differentLengthArrays() throws {
        let (node, diagnostics) = merge(#"{"_meta": {"sources": ["a", "b"]}}"#, #"{"_meta": {"sources": ["a", "b", "c"]}}"#)
        #expect(node.json == ["_meta": ["sources": ["a", "b"]]])
        #expect(diagnostics.all.count == 1)
        let error = try #require(diagnostics.all.first)
        #expect(error.code == "config.overlay-array-length")
        #expect(error.message == "cannot merge array values of different length for the option '_meta.sources': 3 items here, 2 in the master file")
        #expect(at(error.location) == "config.local.json:1:23")
        #expect(error.notes == [Diagnostic.Note("the master list is defined here", at: SourceLocation(file: "config.json", line: 1, column: 23))])
        #expect(error.hint?.contains("$replace") == true)
    }

    // MARK: Directives

    @Test("{\"$replace\": …} replaces a value wholesale, whatever it was", arguments: [
        (#"[1, 2]"#, #"[3]"#), (#"{"x": 1}"#, "[]"), ("1", #"{"y": 2}"#), ("[1]", "null"),
    ])
    func replaceDirective(old: String, operand: String) throws {
        let (node, diagnostics) = merge(#"{"v": \#(old)}"#, #"{"v": {"$replace": \#(operand)}}"#)
        #expect(diagnostics.isEmpty)
        let value = try #require(node["v"])
        #expect(value.json == parse(operand, file: "x").json)
        #expect(at(value.overrides) == "config.json:1:7")
        #expect(at(value.keyLocation) == "config.local.json:1:2")
    }

    @Test("{\"$append\": […]} extends a list")
    func appendDirective() {
        let (node, diagnostics) = merge(#"{"acls": [1, 2]}"#, #"{"acls": {"$append": [3, 4]}}"#)
        #expect(diagnostics.isEmpty)
        #expect(node.json == ["acls": [1, 2, 3, 4]])
        #expect(member(node, "acls", 0)?.location.file == "config.json")
        #expect(member(node, "acls", 2)?.location.file == "config.local.json")
    }

    @Test("directives on a key the master does not have give the operand")
    func directivesOnNewKey() {
        let (node, diagnostics) = merge("{}", #"{"a": {"$append": [1]}, "r": {"$replace": {"x": 1}}}"#)
        #expect(diagnostics.isEmpty)
        #expect(node.json == ["a": [1], "r": ["x": 1]])
    }

    @Test("$append needs a list, and a list in the master file")
    func appendErrors() {
        let (node, diagnostics) = merge(#"{"a": [1], "s": "x"}"#, #"{"a": {"$append": 2}, "s": {"$append": [1]}}"#)
        #expect(node.json == ["a": [1], "s": "x"])
        #expect(diagnostics.all.map(\.code) == ["config.overlay-directive", "config.overlay-directive"])
        #expect(diagnostics.all.map(\.message) == [
            "'$append' needs a list for the option 'a'",
            "'$append' can only extend a list, but the option 's' is a string in the master file",
        ])
        #expect(at(diagnostics.all.first?.location) == "config.local.json:1:19")
    }

    @Test("an object with $replace among other keys is an ordinary object")
    func directiveWithOtherKeys() {
        let (node, diagnostics) = merge(#"{"v": {"x": 1}}"#, #"{"v": {"$replace": [1], "y": 2}}"#)
        #expect(diagnostics.isEmpty)
        #expect(node.json == ["v": ["x": 1, "$replace": [1], "y": 2]])
    }
}

@Suite("Overlay merge, middleware rules (§2.4)")
struct MiddlewareMergeTests {
    static let master = """
        {
          "initial": {"compression": {}, "cors": {"params": {"origin": true, "credentials": true}}},
          "routes:before": {"morgan": [{"name": "a", "params": {"format": "dev"}}, {"name": "b", "params": {}}]},
          "final": {"strong-error-handler": {"params": {"debug": false}}}
        }
        """

    @Test("an object entry over an object entry merges deeply")
    func objectOverObject() {
        let (node, diagnostics) = mergeMiddleware(Self.master, #"{"initial": {"cors": {"params": {"origin": false}}}}"#)
        #expect(diagnostics.isEmpty)
        #expect(member(node, "initial", "cors")?.json == ["params": ["origin": false, "credentials": true]])
        #expect(member(node, "initial", "compression")?.json == [:])
    }

    @Test("list items merge into the master item of the same name; the others are appended")
    func namedItems() {
        let overlay = #"{"routes:before": {"morgan": [{"name": "b", "params": {"x": 1}}, {"name": "c"}, {"params": {}}]}}"#
        let (node, diagnostics) = mergeMiddleware(Self.master, overlay)
        #expect(diagnostics.isEmpty)
        #expect(member(node, "routes:before", "morgan")?.json == [
            ["name": "a", "params": ["format": "dev"]], ["name": "b", "params": ["x": 1]], ["name": "c"], ["params": [:]],
        ])
    }

    @Test("an object over a list is merged as a one-item list; an empty object changes nothing")
    func objectOverList() {
        let named = mergeMiddleware(Self.master, #"{"routes:before": {"morgan": {"name": "a", "params": {"format": "tiny"}}}}"#)
        #expect(named.diagnostics.isEmpty)
        #expect(member(named.node, "routes:before", "morgan", 0, "params", "format")?.string == "tiny")
        #expect(member(named.node, "routes:before", "morgan")?.array?.count == 2)
        let empty = mergeMiddleware(Self.master, #"{"routes:before": {"morgan": {}}}"#)
        #expect(empty.node.json == parse(Self.master, file: "x").json)
    }

    @Test("a list over a non-empty object wraps the master object: without names that makes two instances")
    func listOverObject() {
        let (node, diagnostics) = mergeMiddleware(Self.master, #"{"final": {"strong-error-handler": [{"params": {"debug": true}}]}}"#)
        #expect(diagnostics.isEmpty)
        #expect(member(node, "final", "strong-error-handler")?.json == [["params": ["debug": false]], ["params": ["debug": true]]])
    }

    @Test("a list over {} replaces it")
    func listOverEmptyObject() {
        let (node, diagnostics) = mergeMiddleware(Self.master, #"{"initial": {"compression": [{"name": "gz"}]}}"#)
        #expect(diagnostics.isEmpty)
        #expect(member(node, "initial", "compression")?.json == [["name": "gz"]])
    }

    @Test("an overlay may add middleware to a phase and add a new phase (lbrun improvement)")
    func newMiddlewareAndPhase() {
        let (node, diagnostics) = mergeMiddleware(Self.master, #"{"initial": {"helmet": {}}, "auth": {"token": {"enabled": true}}}"#)
        #expect(diagnostics.isEmpty)
        #expect(node.object.map { Array($0.keys) } == ["initial", "routes:before", "final", "auth"])
        #expect(member(node, "initial")?.object.map { Array($0.keys) } == ["compression", "cors", "helmet"])
        #expect(member(node, "auth", "token", "enabled")?.bool == true)
        #expect(member(node, "auth")?.location.file == "middleware.production.json")
    }

    @Test("inside an entry the generic rules apply, with the phase and entry in the option path")
    func conflictInsideEntry() throws {
        let (node, diagnostics) = mergeMiddleware(Self.master, #"{"final": {"strong-error-handler": {"params": false}}}"#)
        #expect(member(node, "final", "strong-error-handler", "params", "debug")?.bool == false)
        let error = try #require(diagnostics.all.first)
        #expect(diagnostics.all.count == 1)
        #expect(error.code == "config.overlay-type-conflict")
        #expect(error.message.contains("for the option 'final.strong-error-handler.params':"))
    }
}
