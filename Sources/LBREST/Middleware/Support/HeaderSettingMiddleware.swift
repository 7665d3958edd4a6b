public import HTTPTypes
public import Hummingbird

/// A middleware that only sets (or removes) response headers, such as helmet's.
///
/// The headers go on whatever comes back from the rest of the pipeline, error responses included,
/// as headers an Express middleware sets before `next()` do.
public protocol HeaderSettingMiddleware: MiddlewareModule {
    /// The headers to set; a `nil` value removes the header.
    var headers: [(HTTPField.Name, String?)] { get }
}

extension HeaderSettingMiddleware {
    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        var response = try await next(request)
        for (name, value) in headers {
            response.headers[name] = value
        }
        return response
    }
}

extension HTTPField.Name {
    /// A header name known to be valid.
    static func named(_ name: String) -> HTTPField.Name {
        HTTPField.Name(name)!
    }
}
