import Foundation
public import HTTPTypes
public import Hummingbird
import NIOCore
import NIOFileSystem

/// Sends one file as the `send` package does: `ETag` (weak, from size and modification time),
/// `Last-Modified`, `Cache-Control`, conditional requests (304, 412), and single byte ranges (206,
/// 416). The file is streamed from disk in chunks.
struct FileSender: Sendable {
    var etag = true
    var lastModified = true
    /// `Cache-Control: public, max-age=…` in milliseconds; `nil` leaves it out.
    var maxAge: Int? = 0
    var immutable = false
    var acceptRanges = true

    /// The response for the regular file at `path` of `size` bytes modified at `modified`.
    func response(for request: Request, path: String, size: Int64, modified: Date) -> Response {
        var headers = HTTPFields()
        if acceptRanges { headers[.acceptRanges] = "bytes" }
        if let maxAge {
            headers[.cacheControl] = "public, max-age=\(maxAge / 1000)" + (immutable ? ", immutable" : "")
        }
        let seconds = modified.timeIntervalSince1970
        if lastModified { headers[.lastModified] = HTTPDate.format(modified) }
        let tag = "W/\"\(String(size, radix: 16))-\(String(Int64(seconds * 1000), radix: 16))\""
        if etag { headers[.eTag] = tag }
        headers[.contentType] = MediaType.forFile(extension: (path as NSString).pathExtension)

        if let failed = preconditionFailure(request, tag: etag ? tag : nil, modified: seconds) {
            return failed
        }
        if isFresh(request, tag: etag ? tag : nil, modified: lastModified ? seconds : nil) {
            for name in [HTTPField.Name.contentType, .contentLength, .contentRange] { headers[name] = nil }
            return Response(status: .notModified, headers: headers)
        }
        var range: ClosedRange<Int64>? = size > 0 ? 0...(size - 1) : nil
        var status = HTTPResponse.Status.ok
        if acceptRanges, let header = request.headers[.range], rangeApplies(request, tag: tag, modified: seconds) {
            switch ByteRange.parse(header, size: size) {
            case .unsatisfiable:
                return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(size)", .contentLength: "0"])
            case .single(let requested):
                range = requested
                status = .partialContent
                headers[.contentRange] = "bytes \(requested.lowerBound)-\(requested.upperBound)/\(size)"
            case .ignored:
                break
            }
        }
        let length = range.map { $0.upperBound - $0.lowerBound + 1 } ?? 0
        headers[.contentLength] = String(length)
        guard request.method != .head, let range else { return Response(status: status, headers: headers, body: ResponseBody()) }
        let body = ResponseBody(contentLength: Int(length)) { writer in
            try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                for try await chunk in handle.readChunks(in: range.lowerBound..<(range.upperBound + 1), chunkLength: .kibibytes(64)) {
                    try await writer.write(chunk)
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// 412 when `If-Match` or `If-Unmodified-Since` fails.
    func preconditionFailure(_ request: Request, tag: String?, modified: TimeInterval) -> Response? {
        if let match = request.headers[.ifMatch] {
            let ok = match.trimmingCharacters(in: .whitespaces) == "*"
                || (tag.map { tag in match.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == tag } } ?? false)
            if !ok { return Self.preconditionFailed }
        } else if let since = request.headers[.ifUnmodifiedSince].flatMap(HTTPDate.parse), floor(modified) > since.timeIntervalSince1970 {
            return Self.preconditionFailed
        }
        return nil
    }

    static let preconditionFailed = Response(status: .preconditionFailed, headers: [.contentLength: "0"])

    /// Whether the client's copy is current (`If-None-Match` first, else `If-Modified-Since`).
    func isFresh(_ request: Request, tag: String?, modified: TimeInterval?) -> Bool {
        if let noneMatch = request.headers[.ifNoneMatch] {
            return tag.map { EntityTag.matches(ifNoneMatch: noneMatch, $0) } ?? false
        }
        if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse), let modified {
            return floor(modified) <= since.timeIntervalSince1970
        }
        return false
    }

    /// `If-Range`: the range applies only while the tag or date still matches.
    func rangeApplies(_ request: Request, tag: String, modified: TimeInterval) -> Bool {
        guard let condition = request.headers[.ifRange] else { return true }
        if condition.contains("\"") { return condition == tag }
        return HTTPDate.parse(condition).map { floor(modified) <= $0.timeIntervalSince1970 } ?? false
    }
}

/// A `Range` header against a file size.
enum ByteRange: Equatable {
    case single(ClosedRange<Int64>)
    /// Syntactically fine but outside the file: 416.
    case unsatisfiable
    /// Malformed, not bytes, or several ranges: the whole file is sent.
    case ignored

    static func parse(_ header: String, size: Int64) -> ByteRange {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes=") else { return .ignored }
        let specs = text.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false)
        var ranges: [ClosedRange<Int64>] = []
        for spec in specs {
            let parts = spec.trimmingCharacters(in: .whitespaces).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return .ignored }
            var start: Int64
            var end: Int64
            if parts[0].isEmpty {
                guard let suffix = Int64(parts[1]) else { return .ignored }
                start = size - suffix
                end = size - 1
            } else {
                guard let first = Int64(parts[0]) else { return .ignored }
                start = first
                end = parts[1].isEmpty ? size - 1 : (Int64(parts[1]) ?? -1)
                guard parts[1].isEmpty || Int64(parts[1]) != nil else { return .ignored }
            }
            if end > size - 1 { end = size - 1 }
            if start < 0 { start = 0 }
            if start > end || start >= size { continue }
            ranges.append(start...end)
        }
        if ranges.isEmpty { return .unsatisfiable }
        return ranges.count == 1 ? .single(ranges[0]) : .ignored
    }
}

/// HTTP dates (`Tue, 15 Nov 1994 08:12:31 GMT`), always in the C locale and GMT.
enum HTTPDate {
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 40)
        let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func parse(_ text: String) -> Date? {
        let fields = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard fields.count == 6, fields[5] == "GMT", let day = Int32(fields[1]), let month = months.firstIndex(of: String(fields[2])),
            let year = Int32(fields[3])
        else { return nil }
        let clock = fields[4].split(separator: ":").compactMap { Int32($0) }
        guard clock.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = clock[0]
        parts.tm_min = clock[1]
        parts.tm_sec = clock[2]
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
