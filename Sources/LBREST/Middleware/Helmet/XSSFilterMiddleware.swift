public import HTTPTypes
public import LBCore
public import LBPlan

/// `helmet#xssFilter`: `X-XSS-Protection: 1; mode=block` (`reportUri` adds a report address).
public struct XSSFilterMiddleware: HeaderSettingMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "helmet.xss-filter"), aliases: ["helmet#xssFilter"], summary: "X-XSS-Protection header.",
        checkSettings: SettingsProblem.check(value))

    public let headers: [HeaderChange]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        headers = [.set("X-XSS-Protection", try Self.value(plan.params))]
    }

    static func value(_ params: JSONValue?) throws(SettingsProblem) -> String {
        let options = try MiddlewareArguments(params).options(at: 0)
        var value = "1; mode=block"
        if let report = try options.string("reportUri") { value += "; report=\(report)" }
        return value
    }
}
