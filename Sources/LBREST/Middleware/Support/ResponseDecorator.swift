public import Hummingbird

/// A middleware that may answer a request itself without waiting for anything (a favicon, a CORS
/// preflight) and otherwise adjusts the response of the rest of the chain (headers, compression).
///
/// Such middleware need no suspension of their own, so the pipeline runs consecutive ones as a
/// single stage (`DecoratorGroup`): the scaffolded chain costs one step, not eight.
public protocol ResponseDecorator: MiddlewareModule {
    /// The response to send without going further, or `nil` to pass the request on.
    func answer(_ request: Request, path: String) -> Response?

    /// Adjusts the response that came back from the rest of the chain (or from a later member's
    /// `answer`).
    func decorate(_ response: inout Response, for request: Request)

    /// At most how many header fields `decorate` adds (a capacity hint; 2 unless stated).
    var addedHeaderCount: Int { get }
}

extension ResponseDecorator {
    public func answer(_ request: Request, path: String) -> Response? { nil }

    public func decorate(_ response: inout Response, for request: Request) {}

    public var addedHeaderCount: Int { 2 }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        if let response = answer(request, path: path) { return response }
        var response = try await next(request)
        decorate(&response, for: request)
        return response
    }
}
