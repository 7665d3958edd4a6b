public import HTTPTypes
public import LBCore
public import LBPlan

/// `helmet#noCache`: headers that stop every cache from storing responses; `noEtag` also drops `ETag`.
public struct NoCacheMiddleware: HeaderSettingMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "helmet.no-cache"), aliases: ["helmet#noCache"], summary: "No-cache headers.",
        checkSettings: SettingsProblem.check(dropsETag))

    public let headers: [HeaderChange]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        var headers: [HeaderChange] = [
            .set("Surrogate-Control", "no-store"),
            .set("Cache-Control", "no-store, no-cache, must-revalidate, proxy-revalidate"),
            .set("Pragma", "no-cache"),
            .set("Expires", "0"),
        ]
        if try Self.dropsETag(plan.params) { headers.append(.remove(.eTag)) }
        self.headers = headers
    }

    static func dropsETag(_ params: JSONValue?) throws(SettingsProblem) -> Bool {
        try MiddlewareArguments(params).options(at: 0).bool("noEtag", default: false)
    }
}
