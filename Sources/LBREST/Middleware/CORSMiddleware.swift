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
public struct CORSMiddleware: ResponseDecorator {
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
    /// `Access-Control-Allow-Credentials` and `-Expose-Headers`, built once.
    let fixedFields: [HTTPField]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
        var fields: [HTTPField] = []
        if options.credentials { fields.append(HTTPField(name: .accessControlAllowCredentials, value: "true")) }
        if let exposed = options.exposedHeaders, !exposed.isEmpty { fields.append(HTTPField(name: .accessControlExposeHeaders, value: exposed)) }
        fixedFields = fields
    }

    /// The preflight reply, unless `preflightContinue` passes it on.
    public func answer(_ request: Request, path: String) -> Response? {
        guard options.origin != .disabled, request.method == .options, !options.preflightContinue else { return nil }
        var headers = HTTPFields()
        addCommonHeaders(request, to: &headers)
        addPreflightHeaders(request, to: &headers)
        headers[.contentLength] = "0"
        return Response(status: HTTPResponse.Status(code: options.optionsSuccessStatus), headers: headers)
    }

    public func decorate(_ response: inout Response, for request: Request) {
        guard options.origin != .disabled else { return }
        addCommonHeaders(request, to: &response.headers)
        if request.method == .options { addPreflightHeaders(request, to: &response.headers) }
    }

    /// What a preflight reply says: allowed methods and headers, and how long to cache that.
    func addPreflightHeaders(_ request: Request, to headers: inout HTTPFields) {
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
    }

    /// The headers of every CORS response: the allowed origin, credentials and exposed headers.
    func addCommonHeaders(_ request: Request, to headers: inout HTTPFields) {
        allowOrigin(request, into: &headers)
        for field in fixedFields where !headers.contains(field.name) { headers.append(field) }
    }

    /// `Access-Control-Allow-Origin` (and `Vary: Origin` when the answer depends on the origin).
    func allowOrigin(_ request: Request, into headers: inout HTTPFields) {
        let origin = request.headers.firstValue(.origin)
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
}
