public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime

/// `loopback#urlNotFound`: a 404 `Cannot <METHOD> <url>` for anything not answered before it.
public struct URLNotFoundMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "url-not-found"), aliases: ["loopback#urlNotFound", "loopback#url-not-found"],
        summary: "404 for anything not handled before it.")

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {}

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        throw LoopBackError.notFound("Cannot \(request.method.rawValue) \(request.uri.description)")
    }
}
