import ArgumentParser
import Foundation
import LBCore
import LBPlan

/// `lbrun plan ./app`: the resolved app as JSON, as `serve` would run it.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the resolved app as JSON: models after inheritance and mixins, datasources, middleware.",
        discussion: "Diagnostics go to standard error. Exit status 1 (and no plan) when the app has errors.")

    @OptionGroup var app: AppOptions

    @Option(name: .long, help: "Print only the model with this name.")
    var model: String?

    func run() throws {
        let result = app.compile()
        let renderer = DiagnosticRenderer(appDirectory: app.app)
        if !result.diagnostics.isEmpty {
            FileHandleOutput.standardError(renderer.text(result.diagnostics))
        }
        guard let plan = result.plan, !result.diagnostics.hasErrors else { throw ExitCode(LBRunExit.invalidApp) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        if let model {
            guard let found = plan.model(named: model) else {
                FileHandleOutput.standardError("error: the app has no model named '\(model)'\n")
                throw ExitCode(LBRunExit.usage)
            }
            data = try encoder.encode(found)
        } else {
            data = try encoder.encode(plan)
        }
        FileHandleOutput.standardOutput(try JSONDecoder().decode(JSONValue.self, from: data).prettyText + "\n")
    }
}
