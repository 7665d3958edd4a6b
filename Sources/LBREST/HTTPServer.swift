public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime
public import Logging
import NIOCore

/// The app's HTTP server: the middleware pipeline on Hummingbird, stopped gracefully by SIGINT or
/// SIGTERM (requests already received are answered; see `run`).
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

    /// Listens on `host:port` until SIGTERM or SIGINT; `onListening` receives the bound port.
    ///
    /// The stop is graceful, so that an instance behind a load balancer can be restarted without
    /// losing a request: the listening socket closes at once (new connections are refused, and a
    /// proxy sends them to another instance); idle keep-alive connections are closed; every
    /// request already received is answered in full — with `Connection: close` when its answer
    /// starts after the signal — and its connection closed once the answer has been written
    /// (`DrainingHandler`); then `run` returns.
    public func run(host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void) async throws {
        let application = Application(
            responder: pipeline,
            server: .http1(configuration: .init(additionalChannelHandlers: [DrainingHandler()])),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        try await application.runService()
    }
}
