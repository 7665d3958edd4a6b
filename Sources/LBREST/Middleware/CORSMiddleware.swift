import Foundation
public import HTTPTypes
public import Hummingbird
public import LBCore
public import LBPlan

/// `cors`: CORS headers on every response and replies to preflight (`OPTIONS`) requests, with the
/// options and defaults of the `cors` package.
///
/// A preflight from an origin that is not allowed is still answered (204) but without
/// `Access-Control-Allow-Origin`, so the browser refuses the real request; nothing behind this
/// middleware runs for it.
public struct CORSMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "cors"), aliases: ["cors"], summary: "CORS headers and preflight replies.",
        checkSettings: SettingsProblem.check(Options.init))

    /// Which request origins are allowed.
    enum OriginRule: Equatable {
        /// `origin: false`: the middleware does nothing.
        case disabled
        /// `*` for everyone.
        case any
        /// The request's own origin (`origin: true`).
        case reflect
        /// Exactly this value (a string `origin`).
        case fixed(String)
        /// The request's origin when it is in the list.
        case list(Set<String>)
    }

    struct Options {
        var origin = OriginRule.any
        var methods = "GET,HEAD,PUT,PATCH,POST,DELETE"
        var allowedHeaders: String?
        var exposedHeaders: String?
        var credentials = false
        var maxAge: String?
        var preflightContinue = false
        var optionsSuccessStatus = 204

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let options = try MiddlewareArguments(params).options(at: 0)
            switch options["origin"] {
            case nil, .string("*")?: origin = .any
            case .bool(true)?: origin = .reflect
            case .bool(false)?: origin = .disabled
            case .string(let value)?: origin = .fixed(value)
            case .array(let items)? where items.allSatisfy({ $0.stringValue != nil }): origin = .list(Set(items.compactMap(\.stringValue)))
            case let other?:
                throw SettingsProblem("'origin' must be true, false, \"*\", an origin or a list of origins, not \(other.jsonText)")
            }
            if let list = try options.strings("methods") { methods = list.joined(separator: ",") }
            let allowed = try options.strings("allowedHeaders")
            let legacyAllowed = try options.strings("headers")
            allowedHeaders = (allowed ?? legacyAllowed)?.joined(separator: ",")
            exposedHeaders = try options.strings("exposedHeaders")?.joined(separator: ",")
            credentials = try options.bool("credentials", default: false)
            switch options["maxAge"] {
            case nil: maxAge = nil
            case .number(let seconds)?: maxAge = String(Int(seconds))
            case .string(let text)? where Int(text) != nil: maxAge = text
            case let other?: throw SettingsProblem("'maxAge' must be a number of seconds, not \(other.jsonText)")
            }
            preflightContinue = try options.bool("preflightContinue", default: false)
            optionsSuccessStatus = try options.int("optionsSuccessStatus", default: 204, in: 200...299)
        }
    }

    let options: Options

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        guard options.origin != .disabled else { return try await next(request) }
        var headers = HTTPFields()
        allowOrigin(request, into: &headers)
        if options.credentials { headers[.accessControlAllowCredentials] = "true" }
        if let exposed = options.exposedHeaders, !exposed.isEmpty { headers[.accessControlExposeHeaders] = exposed }
        guard request.method == .options else {
            var response = try await next(request)
            merge(headers, into: &response.headers)
            return response
        }
        headers[.accessControlAllowMethods] = options.methods
        if let allowed = options.allowedHeaders {
            if !allowed.isEmpty { headers[.accessControlAllowHeaders] = allowed }
        } else {
            headers.addVary("Access-Control-Request-Headers")
            if let requested = request.headers[.accessControlRequestHeaders], !requested.isEmpty {
                headers[.accessControlAllowHeaders] = requested
            }
        }
        if let maxAge = options.maxAge { headers[.accessControlMaxAge] = maxAge }
        if options.preflightContinue {
            var response = try await next(request)
            merge(headers, into: &response.headers)
            return response
        }
        headers[.contentLength] = "0"
        return Response(status: HTTPResponse.Status(code: options.optionsSuccessStatus), headers: headers)
    }

    /// `Access-Control-Allow-Origin` (and `Vary: Origin` when the answer depends on the origin).
    func allowOrigin(_ request: Request, into headers: inout HTTPFields) {
        let origin = request.headers[.origin]
        switch options.origin {
        case .disabled: return
        case .any: headers[.accessControlAllowOrigin] = "*"
        case .fixed(let value):
            headers[.accessControlAllowOrigin] = value
            headers.addVary("Origin")
        case .reflect:
            if let origin, !origin.isEmpty { headers[.accessControlAllowOrigin] = origin }
            headers.addVary("Origin")
        case .list(let allowed):
            if let origin, allowed.contains(origin) { headers[.accessControlAllowOrigin] = origin }
            headers.addVary("Origin")
        }
    }

    /// CORS headers over the response's own; `Vary` values are added to the response's.
    func merge(_ headers: HTTPFields, into target: inout HTTPFields) {
        for field in headers {
            if field.name == .vary {
                for value in field.value.split(separator: ",") { target.addVary(value.trimmingCharacters(in: .whitespaces)) }
            } else {
                target[field.name] = field.value
            }
        }
    }
}
