import Foundation
public import HTTPTypes
public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime
import NIOCore

/// `loopback#favicon` and `serve-favicon`: `GET`/`HEAD /favicon.ico` from the icon file given as
/// the first parameter (lbrun's icon when there is none), cached by clients for `maxAge`
/// milliseconds (default one year), with an `ETag` for conditional requests.
public struct FaviconMiddleware: ResponseDecorator {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "favicon"), aliases: ["loopback#favicon", "serve-favicon"], summary: "Serves /favicon.ico.",
        checkSettings: SettingsProblem.check(Options.init))

    struct Options {
        var iconPath: String?
        var maxAge = 31_536_000_000

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let arguments = MiddlewareArguments(params)
            switch arguments[0] {
            case nil, .null?: iconPath = nil
            case .string(let path)?: iconPath = path
            case let other?: throw SettingsProblem("the icon must be a file path, not \(other.jsonText)", hint: "write \"params\": \"$!../client/favicon.ico\"")
            }
            maxAge = min(try arguments.options(at: 1).milliseconds("maxAge", default: maxAge), 31_536_000_000)
        }
    }

    static let allow = "GET, HEAD, OPTIONS"

    let icon: [UInt8]
    let headers: HTTPFields

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        let options = try Options(plan.params)
        if let path = options.iconPath.map(context.filePath) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BootError("favicon file '\(path)' cannot be read", at: plan.origin, hint: "check the path in params (\"$!../client/favicon.ico\" is relative to middleware.json)")
            }
            icon = Array(data)
        } else {
            icon = DefaultFavicon.bytes
        }
        headers = [
            .cacheControl: "public, max-age=\(options.maxAge / 1000)",
            .eTag: EntityTag.strong(icon),
            .contentType: "image/x-icon",
        ]
    }

    public func answer(_ request: Request, path: String) -> Response? {
        guard path == "/favicon.ico" else { return nil }
        switch request.method {
        case .get, .head:
            if let condition = request.headers[.ifNoneMatch], EntityTag.matches(ifNoneMatch: condition, headers[.eTag]!) {
                var notModified = headers
                notModified[.contentType] = nil
                return Response(status: .notModified, headers: notModified)
            }
            var fields = headers
            fields[.contentLength] = String(icon.count)
            let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: icon))
            return Response(status: .ok, headers: fields, body: body)
        case .options:
            return Response(status: .ok, headers: [.allow: Self.allow, .contentLength: "0"])
        default:
            return Response(status: .methodNotAllowed, headers: [.allow: Self.allow, .contentLength: "0"])
        }
    }
}
