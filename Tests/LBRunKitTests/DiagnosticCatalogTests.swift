import Foundation
import LBTesting
import Testing

/// Every diagnostic code the sources can produce is documented in docs/DIAGNOSTICS.md.
@Suite("Diagnostic codes are documented")
struct DiagnosticCatalogTests {
    static let areas = "app|file|syntax|config|schema|datasource|model-config|model|relation|acl|mixin|middleware|component"

    @Test("every code used in Sources appears in docs/DIAGNOSTICS.md")
    func documented() throws {
        let documentation = try String(contentsOfFile: Repository.root + "/docs/DIAGNOSTICS.md", encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: "\"((?:\(Self.areas))\\.[a-z]+(?:-[a-z]+)*)\"")
        var codes = Set<String>()
        let sources = FileManager.default.enumerator(atPath: Repository.root + "/Sources")
        while let path = sources?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: Repository.root + "/Sources/" + path, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                codes.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        // File names such as "model.json" look like codes; only `syntax.json` and `syntax.yaml` are codes.
        let fileNames = codes.filter { !$0.hasPrefix("syntax.") && ($0.hasSuffix(".json") || $0.hasSuffix(".yaml")) }
        let missing = codes.subtracting(fileNames).filter { !documentation.contains("`\($0)`") }
        #expect(codes.count > 60)
        #expect(missing.isEmpty, "undocumented codes: \(missing.sorted())")
    }
}
