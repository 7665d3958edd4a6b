public import Hummingbird
public import LBCore
public import LBPlan

/// A body parser that only reads and limits bodies of its types (`body-parser#text`, `#raw`):
/// its file names the module and the default `type`.
public protocol LimitOnlyBodyParser: MiddlewareModule {
    /// The `type` option's default (`text/plain`).
    static var defaultType: String { get }

    var options: BodyParserOptions { get }

    init(options: BodyParserOptions)
}

extension LimitOnlyBodyParser {
    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        self.init(options: try Self.options(plan.params))
    }

    /// The parser's options from `params`: `{limit, type, inflate}` (`defaultCharset` is accepted).
    static func options(_ params: JSONValue?) throws(SettingsProblem) -> BodyParserOptions {
        let options = try MiddlewareArguments(params).options(at: 0)
        _ = try options.string("defaultCharset")
        return try BodyParserOptions(options, defaultType: defaultType)
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        var request = request
        _ = try await options.read(&request)
        return try await next(request)
    }
}
