import LBConfig
public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime
public import Logging

/// One stage of the HTTP pipeline: a middleware or a component's routes.
public protocol RequestStage: Sendable {
    /// Handles a request: answer it, or pass it on with `next` (and adjust what comes back).
    /// `path` is the request path below the stage's mount path.
    func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response
}

/// A middleware of `middleware.json`, implemented by lbrun under a LoopBack name.
///
/// One file per middleware declares its `info` and implements `handle`; `Builtins` lists it once.
/// The pipeline builds every instance once at boot, scoped to the entry's `paths` and `methods`.
public protocol MiddlewareModule: RequestStage {
    static var info: ModuleInfo { get }

    /// Creates the middleware for one entry of `middleware.json`. Reads `plan.params`; no I/O.
    init(plan: MiddlewarePlan, context: MiddlewareContext) throws
}

/// A component of `component-config.json` (such as `loopback-component-explorer`), implemented by
/// lbrun under its LoopBack name. Like LoopBack components, which mount their routes with a plain
/// `app.use`, it answers requests below `paths` at the start of the `routes` phase.
public protocol ComponentModule: RequestStage {
    static var info: ModuleInfo { get }

    /// Creates the component from its options in `component-config.json`; no I/O.
    init(plan: ComponentPlan, context: MiddlewareContext) throws

    /// Mount paths of its routes; empty when it serves none.
    var paths: [String] { get }
}

/// A middleware whose entry only configures another part of lbrun and handles no request itself
/// (`loopback#token`: the REST API reads its options). The pipeline gives it no stage.
public protocol ConfigurationMiddleware: MiddlewareModule {}

extension ConfigurationMiddleware {
    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        try await next(request)
    }
}

/// A middleware that renders errors raised by the middleware before it (strong-error-handler).
public protocol ErrorHandlingModule: MiddlewareModule {
    func response(for error: any Error, request: Request) -> Response
}

extension ErrorHandlingModule {
    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        try await next(request)
    }
}

/// Passes a request on to the rest of the pipeline.
public typealias MiddlewareNext = @Sendable (Request) async throws -> Response

/// What a middleware may use when it is created.
public struct MiddlewareContext: Sendable {
    public let app: RuntimeApp
    /// The REST API, shared by every `loopback#rest` entry.
    public let rest: RestAPI
    public let logger: Logger

    public init(app: RuntimeApp, rest: RestAPI, logger: Logger) {
        self.app = app
        self.rest = rest
        self.logger = logger
    }

    /// A path from the app's settings on disk: relative paths are relative to the app directory
    /// (`$!../client` params arrive relative to it).
    public func filePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : AppPath.normalize(AppPath.join(app.appDirectory, path))
    }
}
