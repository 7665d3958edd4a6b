import ArgumentParser
import LBCore
import LBPlan

/// `lbrun validate ./app`: every diagnostic of the app, exit 0 (warnings allowed) or 1.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an app's config, model and mixin files and report every problem at its line.",
        discussion: "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors, 2 on usage errors.")

    @OptionGroup var app: AppOptions

    @Option(name: .long, help: "Output format: text (compiler style, with source lines) or json.")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Treat warnings as errors (exit 1 when there are any).")
    var strict = false

    func run() throws {
        let result = app.compile()
        let renderer = DiagnosticRenderer(appDirectory: app.app)
        switch format {
        case .text:
            let output = renderer.text(result.diagnostics)
            if result.diagnostics.isEmpty {
                FileHandleOutput.standardOutput(output)
            } else {
                FileHandleOutput.standardError(output)
            }
        case .json:
            FileHandleOutput.standardOutput(renderer.json(result.diagnostics))
        }
        let failed = result.diagnostics.hasErrors || (strict && !result.diagnostics.isEmpty)
        if failed { throw ExitCode(LBRunExit.invalidApp) }
    }
}
