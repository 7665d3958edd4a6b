import Foundation
import LBCore
import Testing

@testable import LBRunKit
import LBTesting

/// Whatever lands in a config folder, lbrun answers with a diagnostic at the right file and never crashes.
@Suite("Garbage config files get a diagnostic, never a crash")
struct GarbageInputTests {
    /// Compiles an app whose `common/models/note.<ext>` holds `bytes`; returns the diagnostics for that file.
    func diagnostics(forModelFile bytes: Data, ext: String = "json") throws -> [Diagnostic] {
        var files = minimalApp()
        files.removeValue(forKey: "common/models/note.json")
        let app = try TemporaryApp(files)
        try app.write("common/models/note.\(ext)", bytes)
        return compile(app.path).diagnostics.all.filter { $0.location?.file == "common/models/note.\(ext)" }
    }

    @Test("a truncated JSON file", arguments: [10, 25, 40])
    func truncatedJSON(_ length: Int) throws {
        let text = #"{ "name": "Note", "properties": { "title": { "type": "string", "required": true } } }"#
        let found = try diagnostics(forModelFile: Data(text.utf8.prefix(length)))
        #expect(found.contains { $0.code == "syntax.json" && $0.severity == .error })
    }

    @Test("a truncated YAML file")
    func truncatedYAML() throws {
        let found = try diagnostics(forModelFile: Data("name: Note\nproperties:\n  title: { type: str".utf8), ext: "yaml")
        #expect(found.contains { $0.code == "syntax.yaml" })
    }

    @Test("a binary file")
    func binary() throws {
        var bytes = Data("{\"name\": \"Note\"".utf8)
        bytes.append(contentsOf: [0x00, 0xFF, 0xFE, 0x00, 0x13, 0x37])
        let found = try diagnostics(forModelFile: bytes)
        let problem = try #require(found.first)
        #expect(problem.code == "file.binary")
        #expect(problem.location?.line == 1)
    }

    @Test("invalid UTF-8")
    func invalidUTF8() throws {
        let found = try diagnostics(forModelFile: Data([0x7B, 0x0A, 0x22, 0xC3, 0x28, 0x22, 0x7D]), ext: "yaml")
        #expect(found.first?.code == "file.encoding")
        #expect(found.first?.location?.line == 2)
    }

    @Test("a file over 16 MiB")
    func huge() throws {
        let found = try diagnostics(forModelFile: Data(repeating: UInt8(ascii: " "), count: 17 * 1024 * 1024))
        #expect(found.first?.code == "file.too-large")
    }

    @Test("10,000 levels of JSON nesting")
    func deepJSON() throws {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let found = try diagnostics(forModelFile: Data(text.utf8))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("nested more than") == true)
    }

    @Test("10,000 levels of YAML nesting, flow and block")
    func deepYAML() throws {
        let flow = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(try diagnostics(forModelFile: Data(flow.utf8), ext: "yaml").first?.code == "syntax.yaml")
        // Compact nested block sequences: `- - - - x` is 10,000 levels on one line.
        let block = String(repeating: "- ", count: 10_000) + "x\n"
        #expect(try diagnostics(forModelFile: Data(block.utf8), ext: "yaml").first?.code == "syntax.yaml")
    }

    @Test("a YAML alias bomb")
    func aliasBomb() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let found = try diagnostics(forModelFile: Data(text.utf8), ext: "yaml")
        #expect(found.first?.message.contains("expands to more than") == true)
    }

    @Test("every prefix of a real model file is handled")
    func everyPrefix() throws {
        let text = #"{ "name": "Note", "base": "PersistedModel", "properties": { "title": { "type": "string" } }, "acls": [] }"#
        let bytes = Array(text.utf8)
        for length in stride(from: 0, through: bytes.count, by: 3) {
            _ = try diagnostics(forModelFile: Data(bytes.prefix(length)))
        }
    }

    @Test("a config file that is a list, a number or a string")
    func wrongTopLevel() throws {
        for text in ["[1, 2]", "42", "\"text\""] {
            let app = try TemporaryApp(minimalApp(["server/datasources.json": text]))
            let found = compile(app.path).diagnostics.all.filter { $0.location?.file == "server/datasources.json" }
            #expect(found.first?.code == "config.not-an-object", "for \(text)")
        }
    }
}
