public import HTTPTypes
public import LBCore
public import LBPlan

/// `helmet#hidePoweredBy`: no `X-Powered-By` header, or the one `setTo` names.
public struct HidePoweredByMiddleware: HeaderSettingMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "helmet.hide-powered-by"), aliases: ["helmet#hidePoweredBy"], summary: "Removes X-Powered-By.",
        checkSettings: SettingsProblem.check(value))

    public let headers: [HeaderChange]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        headers = [try Self.value(plan.params).map { .set("X-Powered-By", $0) } ?? .remove(.named("X-Powered-By"))]
    }

    static func value(_ params: JSONValue?) throws(SettingsProblem) -> String? {
        try MiddlewareArguments(params).options(at: 0).string("setTo")
    }
}
