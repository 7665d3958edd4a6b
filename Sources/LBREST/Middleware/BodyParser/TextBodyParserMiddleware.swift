public import Hummingbird
public import LBCore
public import LBPlan

/// `body-parser#text`: reads `text/plain` bodies (or the `type` given) up to `limit`.
public struct TextBodyParserMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "body-parser.text"), aliases: ["body-parser#text"], summary: "Text request bodies.",
        checkSettings: SettingsProblem.check(options))

    let options: BodyParserOptions

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Self.options(plan.params)
    }

    static func options(_ params: JSONValue?) throws(SettingsProblem) -> BodyParserOptions {
        let options = try MiddlewareArguments(params).options(at: 0)
        _ = try options.string("defaultCharset")
        return try BodyParserOptions(options, defaultType: "text/plain")
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        var request = request
        _ = try await options.read(&request)
        return try await next(request)
    }
}
