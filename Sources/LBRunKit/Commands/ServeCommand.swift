import ArgumentParser
import Foundation
import Hummingbird
import LBConfig
import LBCore
import LBPlan
import LBREST
import LBRuntime
import Logging
import NIOCore

/// `lbrun ./app` (or `lbrun serve ./app`): the app's REST API over HTTP until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the app's REST API (the default command: `lbrun ./app`).",
        discussion: """
            The address comes from --host/--port, else the HOST/PORT environment variables (as in \
            LoopBack 3), else config.json, else port 3000 on all interfaces. SIGINT or SIGTERM stops \
            the server after in-flight requests finish.
            """)

    @OptionGroup var app: AppOptions

    @Option(name: .long, help: "Address to listen on (default: $HOST, else config.json's host, else all interfaces).")
    var host: String?

    @Option(name: .long, help: "Port to listen on; 0 picks a free port (default: $PORT, else config.json's port, else 3000).")
    var port: Int?

    @Option(
        name: .customLong("datasource"),
        help: ArgumentHelp("Serve a datasource from another connector: NAME=memory, NAME=memory:FILE or NAME=sqlite:FILE. Repeatable.",
            valueName: "NAME=CONNECTOR[:FILE]"))
    var dataSources: [String] = []

    func validate() throws {
        for argument in dataSources where DataSourceOverride(argument: argument) == nil {
            throw ValidationError("--datasource expects NAME=CONNECTOR[:FILE], got '\(argument)'")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let renderer = DiagnosticRenderer(appDirectory: app.app)
        let compiled: (plan: AppPlan, diagnostics: Diagnostics)
        do {
            compiled = try LBRun.compile(
                appDirectory: app.app, environment: app.env, variables: environment,
                dataSources: dataSources.compactMap(DataSourceOverride.init(argument:)))
        } catch let failure as CompileFailure {
            FileHandleOutput.standardError(renderer.text(failure.diagnostics))
            throw ExitCode(LBRunExit.invalidApp)
        } catch let error as BootError {
            FileHandleOutput.standardError(renderer.text(Diagnostics([error.diagnostic])))
            throw ExitCode(LBRunExit.invalidApp)
        }
        if !compiled.diagnostics.isEmpty {
            FileHandleOutput.standardError(renderer.text(compiled.diagnostics))
        }
        var logger = Logger(label: "lbrun")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        let runtime: RuntimeApp
        do {
            runtime = try await RuntimeApp.provision(
                compiled.plan, appDirectory: AppPath.absolute(app.app), connectors: Builtins.connectors, logger: logger)
        } catch let error as BootError {
            FileHandleOutput.standardError(renderer.text(Diagnostics([error.diagnostic])))
            throw ExitCode(LBRunExit.invalidApp)
        }
        let server = try HTTPServer(runtime: runtime, logger: logger)
        for skipped in server.skipped {
            FileHandleOutput.standardError(
                "warning: middleware '\(skipped.reference)' (\(renderer.displayPath(skipped.origin.file)):\(skipped.origin.line)) is not available in this lbrun build and is skipped\n")
        }
        let address = ListenAddress.resolve(flagHost: host, flagPort: port, environment: environment, config: compiled.plan.config)
        let banner = Banner(
            plan: compiled.plan, auth: (runtime.auth.enabled, runtime.auth.reason), appDirectory: app.app, address: address)
        try await server.run(host: address.host, port: address.port) { boundPort in
            FileHandleOutput.standardOutput(banner.text(port: boundPort))
        }
        await runtime.shutdown()
    }
}
