import Foundation
import LBCore
import Testing

@testable import LBRunKit
import LBTesting

/// Each folder of `Tests/Fixtures/invalid` is a broken app; `expected.txt` holds exactly what
/// `lbrun validate` prints for it (paths relative to the app). Run with `LBRUN_UPDATE_GOLDEN=1`
/// to rewrite the expected files after an intended change, then review the diff.
@Suite("Invalid apps get precise diagnostics")
struct InvalidFixtureTests {
    static let cases = Repository.folders(in: Repository.invalidFixtures)

    @Test("every fixture prints its expected diagnostics", arguments: cases)
    func fixture(_ name: String) throws {
        let app = Repository.invalidFixtures + "/" + name
        let result = compile(app)
        let renderer = DiagnosticRenderer(appDirectory: "") { try? String(contentsOfFile: app + "/" + $0, encoding: .utf8) }
        let actual = renderer.text(result.diagnostics)
        let expectedPath = app + "/expected.txt"
        if ProcessInfo.processInfo.environment["LBRUN_UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected)
        #expect(!result.diagnostics.isEmpty, "a fixture must produce at least one diagnostic")
    }

    @Test("there is a fixture for every kind of mistake the docs promise to catch")
    func coverage() {
        let required = [
            "json-syntax-error", "yaml-syntax-error", "yaml-indentation-error", "duplicate-key-json", "duplicate-key-yaml",
            "wrong-value-type", "unknown-datasource", "unknown-base-model", "inheritance-cycle", "relation-unknown-model",
            "unknown-property-type", "bad-acl-enum", "unknown-connector", "unknown-middleware", "unknown-mixin",
            "overlay-type-conflict", "unresolved-variable", "two-formats",
        ]
        #expect(Set(required).subtracting(Self.cases).isEmpty)
    }
}
