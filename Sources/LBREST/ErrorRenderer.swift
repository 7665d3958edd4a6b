import Foundation
public import HTTPTypes
public import Hummingbird
public import LBCore
public import LBRuntime
import NIOCore

/// Renders errors as strong-error-handler does (rest-api.md §5): the `{"error": …}` envelope,
/// production mode hiding 5xx details, debug mode adding every field and a stack, and content
/// negotiation between JSON, HTML and XML.
public struct ErrorRenderer: Sendable {
    /// strong-error-handler's options.
    public struct Options: Sendable {
        public var debug = false
        public var log = true
        public var safeFields: [String] = []
        public var rootProperty: String? = "error"
        public var defaultType = "json"
        public var negotiateContentType = true

        public init() {}

        /// Options from a middleware entry's `params` or `remoting.errorHandler`.
        public init(_ params: JSONValue?) {
            debug = params?["debug"]?.isTruthy ?? false
            log = params?["log"].map(\.isTruthy) ?? true
            safeFields = params?["safeFields"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let root = params?["rootProperty"] {
                rootProperty = root.boolValue == false ? nil : root.stringValue ?? "error"
            }
            defaultType = params?["defaultType"]?.stringValue ?? "json"
            negotiateContentType = params?["negotiateContentType"].map(\.isTruthy) ?? true
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The response for `error` raised while handling `request`.
    public func response(for error: any Error, request: Request) -> Response {
        let failure = Self.loopBackError(error)
        let data = body(failure)
        var headers: HTTPFields = [.init("X-Content-Type-Options")!: "nosniff"]
        let status = HTTPResponse.Status(code: failure.statusCode, reasonPhrase: Self.reasonPhrase(failure.statusCode))
        let text: String
        switch negotiate(request, headers: &headers) {
        case "html":
            headers[.contentType] = "text/html; charset=utf-8"
            text = html(data, failure: failure)
        case "xml":
            headers[.contentType] = "text/xml; charset=utf-8"
            text = xml(data)
        default:
            headers[.contentType] = "application/json; charset=utf-8"
            text = (options.rootProperty.map { JSONValue.object([$0: data]) } ?? data).jsonText
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Any error as a `LoopBackError`; unknown errors are 500s.
    public static func loopBackError(_ error: any Error) -> LoopBackError {
        if let failure = error as? LoopBackError { return failure }
        if let http = error as? HTTPError {
            return LoopBackError(statusCode: Int(http.status.code), message: http.body ?? http.status.reasonPhrase)
        }
        return LoopBackError(statusCode: 500, message: "\(error)")
    }

    /// The envelope's contents for the mode.
    func body(_ failure: LoopBackError) -> JSONValue {
        var data: [(String, JSONValue)] = [("statusCode", .number(Double(failure.statusCode)))]
        let clientError = failure.statusCode < 500
        if failure.isAggregate {
            data.append(("message", .string(failure.message)))
            if let details = failure.details { data.append(("details", details)) }
        } else if options.debug || clientError {
            data.append(("name", .string(failure.name)))
            data.append(("message", .string(failure.message)))
            if let code = failure.code { data.append(("code", .string(code))) }
            if let details = failure.details { data.append(("details", details)) }
        } else {
            data.append(("message", .string(Self.reasonPhrase(failure.statusCode))))
            if options.safeFields.contains("code"), let code = failure.code { data.append(("code", .string(code))) }
            if options.safeFields.contains("details"), let details = failure.details { data.append(("details", details)) }
        }
        for (key, value) in failure.properties where options.debug || options.safeFields.contains(key) {
            data.append((key, value))
        }
        if options.debug {
            data.append(("stack", .string("\(failure.name): \(failure.message)\n    at lbrun")))
        }
        return .object(.init(data, uniquingKeysWith: { first, _ in first }))
    }

    /// The standard reason phrase of an HTTP status, as Node's `http.STATUS_CODES` has it.
    public static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: code >= 500 ? "Internal Server Error" : "Error"
        }
    }

    /// `?_format=` first, then the `Accept` header; the default type otherwise.
    func negotiate(_ request: Request, headers: inout HTTPFields) -> String {
        guard options.negotiateContentType else { return options.defaultType }
        if let format = request.uri.queryParameters.get("_format") {
            if ["json", "html", "xml"].contains(format) { return format }
            headers[.init("X-Warning")!] = "Response _format \"\(format)\" is not supportedused \"\(options.defaultType)\" instead\""
            return options.defaultType
        }
        guard let accept = request.headers[.accept], !accept.isEmpty else { return options.defaultType }
        for item in accept.split(separator: ",") {
            let type = item.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            switch type {
            case "application/json", "json", "*/*", "application/*": return "json"
            case "text/html", "html": return "html"
            case "text/xml", "xml", "application/xml": return "xml"
            default: continue
            }
        }
        return options.defaultType
    }

    func html(_ data: JSONValue, failure: LoopBackError) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let title = escape(data["name"]?.stringValue ?? data["message"]?.stringValue ?? "Error")
        var page = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>\(title)</title></head><body>"
        page += "<h1>\(escape(data["name"]?.stringValue ?? "Error"))</h1>"
        page += "<h2><em>\(failure.statusCode)</em> \(escape(data["message"]?.stringValue ?? ""))</h2>"
        for (key, value) in data.objectValue ?? [:] where !["statusCode", "name", "message", "stack"].contains(key) && value.isTruthy {
            page += "<div><b>\(escape(key))</b>: \(escape(value.stringValue ?? value.jsonText))</div>"
        }
        if let stack = data["stack"]?.stringValue { page += "<pre>\(escape(stack))</pre>" }
        return page + "</body></html>"
    }

    func xml(_ data: JSONValue) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error>"
        for (key, value) in data.objectValue ?? [:] {
            text += "<\(key)>\(escape(value.stringValue ?? value.jsonText))</\(key)>"
        }
        return text + "</error>"
    }
}
