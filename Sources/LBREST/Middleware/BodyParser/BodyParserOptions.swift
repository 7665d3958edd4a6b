import CompressNIO
public import Hummingbird
public import LBCore
public import LBRuntime
import NIOCore

/// What every body-parser middleware shares: which requests it reads (`type`), how much (`limit`),
/// and whether compressed bodies are inflated (`inflate`). It reads the body once, checks it, and
/// passes the request on with the same bytes, so the REST API behind it parses them as usual.
struct BodyParserOptions {
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
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw Self.tooLarge() }
        let encoding = request.headers[.contentEncoding]?.lowercased() ?? "identity"
        guard encoding == "identity" || (inflate && (encoding == "gzip" || encoding == "deflate")) else {
            throw LoopBackError(
                statusCode: 415, name: "UnsupportedMediaTypeError", message: "unsupported content encoding \"\(encoding)\"",
                code: "encoding.unsupported")
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: encoding == "identity" ? limit : limit * 64)
        } catch {
            throw Self.tooLarge()
        }
        if encoding != "identity" {
            do {
                buffer = try buffer.decompress(with: encoding == "gzip" ? .gzip() : .zlib(), maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw Self.tooLarge()
            } catch {
                throw LoopBackError(statusCode: 400, name: "BadRequestError", message: "invalid \(encoding) body", code: "entity.parse.failed")
            }
        }
        var head = request.head
        head.headerFields[.contentEncoding] = nil
        head.headerFields[.contentLength] = String(buffer.readableBytes)
        request = Request(head: head, body: RequestBody(buffer: buffer))
        return buffer
    }

    static func tooLarge() -> LoopBackError {
        LoopBackError(statusCode: 413, name: "PayloadTooLargeError", message: "request entity too large", code: "entity.too.large")
    }
}
