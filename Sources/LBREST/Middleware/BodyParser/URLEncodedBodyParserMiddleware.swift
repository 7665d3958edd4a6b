public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime

/// `body-parser#urlencoded` (also `loopback#urlencoded`): reads form bodies up to `limit` and at most
/// `parameterLimit` fields (default 1000; 413 beyond either).
public struct URLEncodedBodyParserMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "body-parser.urlencoded"), aliases: ["body-parser#urlencoded", "loopback#urlencoded"],
        summary: "Form request bodies.", checkSettings: SettingsProblem.check(Options.init))

    struct Options {
        let body: BodyParserOptions
        let parameterLimit: Int

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let options = try MiddlewareArguments(params).options(at: 0)
            body = try BodyParserOptions(options, defaultType: "application/x-www-form-urlencoded")
            parameterLimit = try options.int("parameterLimit", default: 1000, in: 1...Int.max)
            _ = try options.bool("extended", default: true)
        }
    }

    let options: Options

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        var request = request
        guard let buffer = try await options.body.read(&request) else { return try await next(request) }
        let fields = buffer.readableBytesView.reduce(1) { $0 + ($1 == UInt8(ascii: "&") ? 1 : 0) }
        if fields > options.parameterLimit {
            throw BodyParserOptions.error(413, "PayloadTooLargeError", "too many parameters", type: "parameters.too.many")
        }
        return try await next(request)
    }
}
