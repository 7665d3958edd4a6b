public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime

/// `loopback#token`: where access tokens are looked for (`params`, `headers`, `cookies`,
/// `searchDefaultTokenKeys`) and the `currentUserLiteral`. The REST API reads the token with these
/// options on every call when auth is on (auth-and-acl.md §2), whether or not this entry is
/// present, so the entry itself handles nothing.
public struct TokenMiddleware: ConfigurationMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "token"), aliases: ["loopback#token"], summary: "Finds the request's access token.")

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {}
}
