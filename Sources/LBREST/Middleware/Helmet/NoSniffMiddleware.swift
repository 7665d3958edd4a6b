public import HTTPTypes
public import LBCore
public import LBPlan

/// `helmet#noSniff`: `X-Content-Type-Options: nosniff`.
public struct NoSniffMiddleware: HeaderSettingMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "helmet.no-sniff"), aliases: ["helmet#noSniff"], summary: "X-Content-Type-Options header.")

    public let headers: [HeaderChange] = [.set("X-Content-Type-Options", "nosniff")]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {}
}
