public import Hummingbird
public import LBCore
public import LBPlan
public import Logging

/// `strong-error-handler`: renders errors as LoopBack's error envelope (JSON, HTML or XML),
/// hiding 5xx details unless `debug` is set, and logging each error unless `log` is false.
public struct ErrorHandlerMiddleware: ErrorHandlingModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "error-handler"), aliases: ["strong-error-handler"],
        summary: "Renders errors as LoopBack error bodies (JSON, HTML, XML).")

    let renderer: ErrorRenderer
    let logger: Logger

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        renderer = ErrorRenderer(options: ErrorRenderer.Options(plan.params))
        logger = context.logger
    }

    public func response(for error: any Error, request: Request) -> Response {
        if renderer.options.log {
            let failure = ErrorRenderer.loopBackError(error)
            logger.log(
                level: failure.statusCode >= 500 ? .error : .notice,
                "\(request.method.rawValue) \(request.uri.path): \(failure.statusCode) \(failure.name): \(failure.message)")
        }
        return renderer.response(for: error, request: request)
    }
}
