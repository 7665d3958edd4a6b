public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime
public import Logging

/// A middleware of `middleware.json`, implemented by lbrun under a LoopBack name.
///
/// One file per middleware declares its `info` and implements `handle`; `Builtins` lists it once.
/// The pipeline builds every instance once at boot, scoped to the entry's `paths` and `methods`.
public protocol MiddlewareModule: Sendable {
    static var info: ModuleInfo { get }

    /// Creates the middleware for one entry of `middleware.json`. Reads `plan.params`; no I/O.
    init(plan: MiddlewarePlan, context: MiddlewareContext) throws

    /// Handles a request: answer it, or pass it on with `next` (and adjust what comes back).
    /// `path` is the request path below the entry's mount path.
    func handle(_ request: Request, path: String, next: MiddlewareNext) async throws -> Response
}

/// A middleware that renders errors raised by the middleware before it (strong-error-handler).
public protocol ErrorHandlingModule: MiddlewareModule {
    func response(for error: any Error, request: Request) -> Response
}

extension ErrorHandlingModule {
    public func handle(_ request: Request, path: String, next: MiddlewareNext) async throws -> Response {
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
}
