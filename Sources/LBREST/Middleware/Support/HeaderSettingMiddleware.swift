public import HTTPTypes
public import Hummingbird

/// A middleware that only sets (or removes) response headers, such as helmet's.
///
/// Express middleware set such headers before calling `next()`, so whatever runs later (another
/// middleware, the REST API) may overwrite them: here a header is set only when the response does
/// not already carry it. The headers go on error responses too.
public protocol HeaderSettingMiddleware: ResponseDecorator {
    /// What it does to the response's headers.
    var headers: [HeaderChange] { get }
}

/// A header to set (built once, so requests do not validate it again) or to remove.
public enum HeaderChange: Sendable {
    case set(HTTPField)
    case remove(HTTPField.Name)

    /// Sets `name` to `value`, when the response lacks it.
    static func set(_ name: String, _ value: String) -> HeaderChange {
        .set(HTTPField(name: .named(name), value: value))
    }
}

extension HeaderSettingMiddleware {
    public var addedHeaderCount: Int { headers.count }

    public func decorate(_ response: inout Response, for request: Request) {
        for change in headers {
            switch change {
            case .set(let field): if !response.headers.contains(field.name) { response.headers.append(field) }
            case .remove(let name): response.headers[name] = nil
            }
        }
    }
}

extension HTTPField.Name {
    /// A header name known to be valid.
    static func named(_ name: String) -> HTTPField.Name {
        HTTPField.Name(name)!
    }
}
