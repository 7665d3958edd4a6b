public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime

/// `loopback#token`: where access tokens are looked for (`params`, `headers`, `cookies`,
/// `searchDefaultTokenKeys`) and the `currentUserLiteral`. The REST API reads the token with these
/// options on every call when auth is on (auth-and-acl.md §2), whether or not this entry is
/// present, so the entry itself passes requests on.
public struct TokenMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "token"), aliases: ["loopback#token"], summary: "Finds the request's access token.")

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {}

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        try await next(request)
    }
}
