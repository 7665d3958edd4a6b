import CompressNIO
public import Hummingbird
public import LBCore
public import LBRuntime
import NIOCore

/// What every body-parser middleware shares: which requests it reads (`type`), how much (`limit`),
/// and whether compressed bodies are inflated (`inflate`). It reads the body once, checks it, and
/// passes the request on with the same bytes, so the REST API behind it parses them as usual.
public struct BodyParserOptions: Sendable {
    var limit = 100 * 1024
    var types: [String]
    var inflate = true

    init(_ options: MiddlewareOptions, defaultType: String) throws(SettingsProblem) {
        limit = try options.bytes("limit", default: limit)
        types = try options.strings("type") ?? [defaultType]
        inflate = try options.bool("inflate", default: true)
    }

    /// The request's body when this parser applies to it (`nil` when it has no body or another type).
    func read(_ request: inout Request) async throws -> ByteBuffer? {
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        guard hasBody, let contentType = request.headers[.contentType] else { return nil }
        let type = MediaType.essence(contentType)
        guard types.contains(where: { MediaType.matches(type, pattern: $0) }) else { return nil }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge(length: length) }
        let encoding = request.headers[.contentEncoding]?.lowercased() ?? "identity"
        guard encoding == "identity" || (inflate && (encoding == "gzip" || encoding == "deflate")) else {
            throw Self.error(415, "UnsupportedMediaTypeError", "unsupported content encoding \"\(encoding)\"", type: "encoding.unsupported")
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: encoding == "identity" ? limit : limit * 64)
        } catch {
            throw tooLarge(length: nil)
        }
        if encoding != "identity" {
            do {
                buffer = try buffer.decompress(with: encoding == "gzip" ? .gzip() : .zlib(), maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw tooLarge(length: nil)
            } catch {
                throw Self.error(400, "BadRequestError", "invalid \(encoding) body", type: "entity.parse.failed")
            }
        }
        var head = request.head
        head.headerFields[.contentEncoding] = nil
        head.headerFields[.contentLength] = String(buffer.readableBytes)
        request = Request(head: head, body: RequestBody(buffer: buffer))
        return buffer
    }

    /// body-parser's 413, with its `type`, `limit` and (when declared) `length` properties.
    func tooLarge(length: Int?) -> LoopBackError {
        var error = Self.error(413, "PayloadTooLargeError", "request entity too large", type: "entity.too.large")
        error.properties["limit"] = .number(Double(limit))
        if let length { error.properties["length"] = .number(Double(length)) }
        return error
    }

    /// A body-parser error: an http-errors error with body-parser's `type` property.
    static func error(_ status: Int, _ name: String, _ message: String, type: String) -> LoopBackError {
        var error = LoopBackError(statusCode: status, name: name, message: message)
        error.properties["type"] = .string(type)
        return error
    }
}
