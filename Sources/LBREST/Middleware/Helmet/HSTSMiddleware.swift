public import HTTPTypes
public import LBCore
public import LBPlan

/// `helmet#hsts`: `Strict-Transport-Security` with `maxAge` in seconds (default 180 days),
/// `includeSubDomains` (default true) and `preload`.
public struct HSTSMiddleware: HeaderSettingMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "helmet.hsts"), aliases: ["helmet#hsts"], summary: "Strict-Transport-Security header.",
        checkSettings: SettingsProblem.check(value))

    public let headers: [HeaderChange]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        headers = [.set("Strict-Transport-Security", try Self.value(plan.params))]
    }

    static func value(_ params: JSONValue?) throws(SettingsProblem) -> String {
        let options = try MiddlewareArguments(params).options(at: 0)
        var value = "max-age=\(try options.int("maxAge", default: 15_552_000))"
        let subdomains = try options.bool("includeSubDomains", default: try options.bool("includeSubdomains", default: true))
        if subdomains { value += "; includeSubDomains" }
        if try options.bool("preload", default: false) { value += "; preload" }
        return value
    }
}
