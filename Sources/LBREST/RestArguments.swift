import Foundation
public import HTTPTypes
public import Hummingbird
import LBConfig
public import LBCore
public import LBRuntime
import NIOCore

/// The arguments of one REST call: path parameters, the parsed query string, and the body.
struct RestArguments {
    var parameters: [String: String]
    let query: [String: JSONValue]
    let headers: HTTPFields
    /// The parsed body, `nil` when the request has none.
    private(set) var body: JSONValue?

    /// Applies the `ReadOnly` mixin to the body: refuses the write, or strips read-only properties.
    mutating func restrict(with guardian: ReadOnlyGuard, for action: RestAction) throws {
        switch body {
        case .object(let object)?: body = .object(try guardian.filter(object, for: action))
        case .array(let items)?: body = .array(try items.map { try $0.objectValue.map { .object(try guardian.filter($0, for: action)) } ?? $0 })
        default: _ = try guardian.filter([:], for: action)
        }
    }

    init(request: Request, parameters: [String: String], bodyLimit: Int) async throws {
        self.parameters = parameters
        self.query = request.uri.query.map(QueryString.parse) ?? [:]
        self.headers = request.headers
        self.body = try await Self.readBody(request, limit: bodyLimit)
    }

    /// The `id` path parameter, coerced as `any`, and as received (for messages).
    func id() throws -> (JSONValue, String) {
        guard let text = parameters["id"], let value = ArgumentCoercion.any(text) else {
            throw LoopBackError.badRequest("id is a required argument")
        }
        return (value, text)
    }

    /// An object argument from the query string, else a header of the same name.
    func object(_ name: String) throws -> JSONValue? {
        if let value = query[name] { return try QueryString.decodeObjectArgument(value) }
        if let field = HTTPField.Name(name), let header = headers[field] { return try QueryString.decodeObjectArgument(.string(header)) }
        return nil
    }

    /// The body as parsed, `nil` when the request has none.
    var rawBody: JSONValue? { body }

    /// The body as one object (the `data` argument of every write but `create`).
    func data() throws -> Record {
        guard let body else { return [:] }
        guard let object = body.objectValue else { throw LoopBackError.badRequest("Value is not an object.") }
        return object
    }

    /// The body for `create`, which also takes an array.
    func body(allowArray: Bool) throws -> JSONValue {
        guard let body else { return .object([:]) }
        if body.objectValue != nil || (allowArray && body.arrayValue != nil) { return body }
        throw LoopBackError.badRequest("Value is not an object.")
    }

    /// Reads a JSON or urlencoded body up to `limit` bytes (413 beyond; 400 for malformed JSON).
    static func readBody(_ request: Request, limit: Int) async throws -> JSONValue? {
        guard [.post, .put, .patch, .delete].contains(request.method) else { return nil }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge()
        }
        let buffer: ByteBuffer
        do {
            var request = request
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw tooLarge()
        }
        let bytes = Array(buffer.readableBytesView)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let isForm = contentType.hasPrefix("application/x-www-form-urlencoded")
        let isJSON = MediaType.mentionsJSON(contentType)
        if isForm || contentType.isEmpty || isJSON { try RequestBodyEncoding.checkUTF8(bytes) }
        if isForm {
            return .object(.init(uniqueKeysWithValues: QueryString.parse(String(decoding: bytes, as: UTF8.self)).sorted { $0.key < $1.key }))
        }
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.isEmpty { return isJSON ? .object([:]) : nil }
        guard contentType.isEmpty || isJSON else { return nil }
        var diagnostics = Diagnostics()
        guard let node = JSONConfigReader.read(Array(trimmed), file: "body", diagnostics: &diagnostics) else {
            let problem = diagnostics.errors.first
            let position = problem?.location.map { " at line \($0.line) column \($0.column)" } ?? ""
            throw LoopBackError(statusCode: 400, name: "SyntaxError", message: "\(problem?.message ?? "invalid JSON")\(position)")
        }
        return node.json
    }

    static func tooLarge() -> LoopBackError {
        LoopBackError(statusCode: 413, name: "PayloadTooLargeError", message: "request entity too large")
    }
}
