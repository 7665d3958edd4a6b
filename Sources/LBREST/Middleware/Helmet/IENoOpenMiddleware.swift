public import HTTPTypes
public import LBCore
public import LBPlan

/// `helmet#ieNoOpen`: `X-Download-Options: noopen`.
public struct IENoOpenMiddleware: HeaderSettingMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "helmet.ie-no-open"), aliases: ["helmet#ieNoOpen"], summary: "X-Download-Options header.")

    public let headers: [HeaderChange] = [.set("X-Download-Options", "noopen")]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {}
}
