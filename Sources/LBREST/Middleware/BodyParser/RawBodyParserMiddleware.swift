public import Hummingbird
public import LBCore
public import LBPlan

/// `body-parser#raw`: reads `application/octet-stream` bodies (or the `type` given) up to `limit`.
public struct RawBodyParserMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "body-parser.raw"), aliases: ["body-parser#raw"], summary: "Raw request bodies.",
        checkSettings: SettingsProblem.check(options))

    let options: BodyParserOptions

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Self.options(plan.params)
    }

    static func options(_ params: JSONValue?) throws(SettingsProblem) -> BodyParserOptions {
        try BodyParserOptions(MiddlewareArguments(params).options(at: 0), defaultType: "application/octet-stream")
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        var request = request
        _ = try await options.read(&request)
        return try await next(request)
    }
}
