public import LBCore
public import OrderedCollections

/// An error a client sees, with LoopBack 3's fields: rendered by the REST layer as
/// `{"error": {statusCode, name, message, code, details}}`.
public struct LoopBackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP status (`400`, `404`, `422`, …).
    public var statusCode: Int
    /// The error's name: `Error`, `ValidationError`, `SyntaxError`, `PayloadTooLargeError`, …
    public var name: String
    public var message: String
    /// LoopBack's machine-readable code (`MODEL_NOT_FOUND`), when it has one.
    public var code: String?
    /// Structured details (validation codes and messages, offending operators, …).
    public var details: JSONValue?
    /// Other properties of the error (body-parser's `type`, `limit`, `length`): shown in debug mode,
    /// or when strong-error-handler's `safeFields` lists them.
    public var properties: OrderedDictionary<String, JSONValue> = [:]
    /// A 500 that reports several failures (bulk create): strong-error-handler shows its message
    /// and details even in production.
    public var isAggregate = false

    public init(statusCode: Int, name: String = "Error", message: String, code: String? = nil, details: JSONValue? = nil) {
        self.statusCode = statusCode
        self.name = name
        self.message = message
        self.code = code
        self.details = details
    }

    /// A 400 with LoopBack's plain `Error` name.
    public static func badRequest(_ message: String, code: String? = nil, details: JSONValue? = nil) -> LoopBackError {
        LoopBackError(statusCode: 400, message: message, code: code, details: details)
    }

    /// A 404 with LoopBack's plain `Error` name.
    public static func notFound(_ message: String, code: String? = nil) -> LoopBackError {
        LoopBackError(statusCode: 404, message: message, code: code)
    }

    public var description: String { "\(statusCode) \(name): \(message)" }
}
