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

    @Test(
        "a LoopBack 2 corpus app gets one error per removed middleware, each with its replacement, and validates once migrated",
        .enabled(if: Repository.corpus != nil, "../shared/corpus is not present"), arguments: Repository.loopBack2CorpusApps)
    func loopBack2Corpus(_ app: String) throws {
        let errors = compile(app).diagnostics.errors
        #expect(errors.map(\.code) == ["middleware.removed", "middleware.removed"])
        #expect(errors.map { $0.hint?.contains("compression") == true || $0.hint?.contains("strong-error-handler") == true } == [true, true])
        let migrated = try Repository.migratedCopy(of: app)
        defer { try? FileManager.default.removeItem(atPath: migrated) }
        #expect(!compile(migrated).diagnostics.hasErrors)
    }
}
