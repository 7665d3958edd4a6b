import ArgumentParser
import Foundation
import LBCore
import LBPlan

/// Options shared by the commands that read an app directory.
struct AppOptions: ParsableArguments {
    @Argument(help: "The app directory: the folder holding server/config.json, or one holding config.json.")
    var app: String

    @Option(name: .long, help: "The environment whose overlays apply (default: $LBRUN_ENV, else $NODE_ENV, else development).")
    var env: String?

    /// Compiles the app with the process environment and the shipped modules.
    func compile() -> CompileResult {
        let variables = ProcessInfo.processInfo.environment
        let options = BootOptions(
            environment: BootOptions.environmentName(explicit: env, variables: variables), variables: variables,
            catalog: Builtins.catalog)
        return BootCompiler.compile(appDirectory: app, options: options)
    }

    /// The compiled plan; diagnostics go to standard error, and errors exit with status 1.
    func plan() throws -> AppPlan {
        let result = compile()
        if !result.diagnostics.isEmpty {
            FileHandleOutput.standardError(DiagnosticRenderer(appDirectory: app).text(result.diagnostics))
        }
        guard let plan = result.plan, !result.diagnostics.hasErrors else { throw ExitCode(LBRunExit.invalidApp) }
        return plan
    }
}

/// How diagnostics are printed.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Writes to standard output and standard error without buffering surprises.
enum FileHandleOutput {
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
