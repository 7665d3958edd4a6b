public import LBCore

/// One operation of the served REST API, in a form both document formats are rendered from.
public struct APIOperation: Sendable {
    /// A query or path parameter.
    public struct Parameter: Sendable {
        public var name: String
        /// `path` or `query`.
        public var location: String
        public var required: Bool
        public var description: String
        /// JSON Schema of the value (OpenAPI 3.1 form).
        public var schema: JSONValue
    }

    /// A response of the operation.
    public struct Response: Sendable {
        /// The HTTP status; 0 for the `default` response (any other error).
        public var status: Int
        public var description: String
        /// JSON Schema of the body; `nil` when there is none.
        public var schema: JSONValue?
    }

    /// Lower-case HTTP verb.
    public var verb: String
    /// The path below the REST root in OpenAPI form (`/Books/{id}/reviews`).
    public var path: String
    /// LoopBack's operation id: `Book.find`, `Book.prototype.__get__reviews`, unique in the document.
    public var operationId: String
    /// The model name, which is also the operation's tag.
    public var tag: String
    public var summary: String
    public var parameters: [Parameter]
    /// JSON Schema of the body (the `data` argument), if the operation takes one.
    public var body: JSONValue?
    public var bodyRequired: Bool
    public var responses: [Response]
}
