import Foundation
import LBTesting
import Testing

/// The documents of every example and corpus app pass openapi-spec-validator.
@Suite("OpenAPI documents validate", .enabled(if: OpenAPIValidator.available, "python3 with openapi_spec_validator is not installed"))
struct OpenAPIValidationTests {
    let cli = CommandLineTests()

    @Test("OpenAPI 3.1 and Swagger 2.0 documents are valid", arguments: Repository.exampleApps + Repository.corpusApps)
    func valid(_ app: String) throws {
        for flags in [[], ["--swagger2"]] {
            let run = try cli.lbrun(["openapi"] + flags + [app])
            #expect(run.status == 0, "\(run.stderr)")
            let file = NSTemporaryDirectory() + "lbrun-openapi-\(UUID().uuidString).json"
            try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: file))
            defer { try? FileManager.default.removeItem(atPath: file) }
            let check = try OpenAPIValidator.run(file)
            #expect(check.status == 0, "\(flags) \(app): \(check.output)")
        }
    }
}

/// `python3 -m openapi_spec_validator`.
enum OpenAPIValidator {
    static let available: Bool = (try? run("--version").status == 0) ?? false

    static func run(_ argument: String) throws -> (status: Int32, output: String) {
        let process = try ChildProcess("/usr/bin/env", ["python3", "-m", "openapi_spec_validator", argument], error: .standardOutput)
        let output = process.standardOutput!.readDataToEndOfFile()
        return (process.waitUntilExit(), String(decoding: output, as: UTF8.self))
    }
}
