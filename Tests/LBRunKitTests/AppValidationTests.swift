import Foundation
import LBCore
import Testing

@testable import LBRunKit
import LBTesting

@Suite("Example and corpus apps validate")
struct AppValidationTests {
    @Test("every example app has no errors and no warnings", arguments: Repository.exampleApps)
    func example(_ app: String) {
        let result = compile(app)
        let renderer = DiagnosticRenderer(appDirectory: app)
        #expect(result.diagnostics.isEmpty, "\(renderer.text(result.diagnostics))")
        #expect(result.plan?.models.isEmpty == false)
    }

    @Test("every example app has no errors in production either", arguments: Repository.exampleApps)
    func exampleInProduction(_ app: String) {
        let result = compile(app, environment: "production")
        #expect(!result.diagnostics.hasErrors, "\(DiagnosticRenderer(appDirectory: app).text(result.diagnostics))")
    }

    @Test(
        "every corpus app has no errors", .enabled(if: Repository.corpus != nil, "../shared/corpus is not present"),
        arguments: Repository.corpusApps)
    func corpus(_ app: String) {
        let result = compile(app)
        #expect(!result.diagnostics.hasErrors, "\(DiagnosticRenderer(appDirectory: app).text(result.diagnostics))")
        #expect(result.plan?.models.contains { $0.isPublic } == true)
    }
}
