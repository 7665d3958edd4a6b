public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime
public import Logging
import NIOCore

/// The app's HTTP server: the middleware pipeline on Hummingbird, stopped gracefully by SIGINT or
/// SIGTERM (in-flight requests finish).
public struct HTTPServer: Sendable {
    public let pipeline: Pipeline
    /// Middleware entries of the plan that this build does not implement.
    public let skipped: [MiddlewarePlan]
    let logger: Logger

    public init(
        runtime: RuntimeApp, modules: [ModuleID: any MiddlewareModule.Type], components: [ModuleID: any ComponentModule.Type] = [:],
        logger: Logger
    ) throws {
        let context = MiddlewareContext(app: runtime, rest: RestAPI(app: runtime), logger: logger)
        (pipeline, skipped) = try Pipeline.build(plan: runtime.plan, modules: modules, components: components, context: context)
        self.logger = logger
    }

    /// Listens on `host:port` until a shutdown signal; `onListening` receives the bound port.
    public func run(host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void) async throws {
        let application = Application(
            responder: pipeline,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        try await application.runService()
    }
}
