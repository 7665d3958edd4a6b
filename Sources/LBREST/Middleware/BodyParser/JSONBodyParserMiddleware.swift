import Foundation
import LBConfig
public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime

/// `body-parser#json` (also `loopback#json`): reads JSON bodies up to `limit` (413 beyond), rejects
/// malformed JSON (400) and, with `strict` (the default), anything but an object or array at the top.
public struct JSONBodyParserMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "body-parser.json"), aliases: ["body-parser#json", "loopback#json"], summary: "JSON request bodies.",
        checkSettings: SettingsProblem.check(Options.init))

    struct Options {
        let body: BodyParserOptions
        let strict: Bool

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let options = try MiddlewareArguments(params).options(at: 0)
            body = try BodyParserOptions(options, defaultType: "application/json")
            strict = try options.bool("strict", default: true)
        }
    }

    let options: Options

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        var request = request
        guard let buffer = try await options.body.read(&request) else { return try await next(request) }
        if let charset = Self.charset(request.headers[.contentType]), !charset.hasPrefix("utf-") {
            throw BodyParserOptions.error(415, "UnsupportedMediaTypeError", "unsupported charset \"\(charset.uppercased())\"", type: "charset.unsupported")
        }
        try RequestBodyEncoding.checkUTF8(buffer.readableBytesView)
        let bytes = Array(buffer.readableBytesView).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = bytes.first else { return try await next(request) }
        if options.strict, first != UInt8(ascii: "{"), first != UInt8(ascii: "[") {
            throw Self.syntaxError("Unexpected token \(Character(Unicode.Scalar(first))) in JSON at position 0")
        }
        var diagnostics = Diagnostics()
        guard JSONConfigReader.read(Array(bytes), file: "body", diagnostics: &diagnostics) != nil else {
            let problem = diagnostics.errors.first
            let position = problem?.location.map { " at line \($0.line) column \($0.column)" } ?? ""
            throw Self.syntaxError("\(problem?.message ?? "invalid JSON")\(position)")
        }
        return try await next(request)
    }

    static func syntaxError(_ message: String) -> LoopBackError {
        BodyParserOptions.error(400, "SyntaxError", message, type: "entity.parse.failed")
    }

    /// The `charset` parameter of a `Content-Type`, lower-cased.
    static func charset(_ contentType: String?) -> String? {
        contentType?.split(separator: ";").dropFirst().lazy
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .first { $0.hasPrefix("charset=") }
            .map { String($0.dropFirst("charset=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }
}
