import Foundation

/// A message an `SMTPSink` accepted: its envelope and data, with readers for the headers and
/// bodies that undo MIME encodings independently of the sender's code.
public struct ReceivedMail: Sendable {
    /// The `MAIL FROM` address.
    public let sender: String
    /// The `RCPT TO` addresses the sink accepted, in order.
    public let recipients: [String]
    /// The message data after dot-unstuffing, every line ending in CRLF.
    public let data: String
    /// The user that logged in with AUTH, if one did.
    public let user: String?

    /// The value of header `name` (case-insensitive), unfolded, with RFC 2047 encoded words decoded.
    public func header(_ name: String) -> String? {
        Self.headers(of: Self.split(data).head).first { $0.name.lowercased() == name.lowercased() }.map { Self.decodeWords($0.value) }
    }

    /// The names of the top-level headers, in order.
    public var headerNames: [String] {
        Self.headers(of: Self.split(data).head).map(\.name)
    }

    /// The decoded text of the body whose type is `type` (`text/plain`, `text/html`), looking
    /// into `multipart/alternative`; line breaks as `\n`.
    public func body(_ type: String) -> String? {
        let (head, body) = Self.split(data)
        let headers = Self.headers(of: head)
        let contentType = Self.value("content-type", in: headers) ?? "text/plain"
        if contentType.lowercased().hasPrefix("multipart/") {
            guard let boundary = Self.parameter("boundary", of: contentType) else { return nil }
            for part in body.components(separatedBy: "--" + boundary + "\r\n").dropFirst() {
                let content = part.components(separatedBy: "\r\n--" + boundary).first ?? part
                let (partHead, partBody) = Self.split(content)
                let partHeaders = Self.headers(of: partHead)
                if Self.value("content-type", in: partHeaders)?.lowercased().hasPrefix(type) == true {
                    return Self.decodeBody(partBody, Self.value("content-transfer-encoding", in: partHeaders))
                }
            }
            return nil
        }
        guard contentType.lowercased().hasPrefix(type) else { return nil }
        return Self.decodeBody(body, Self.value("content-transfer-encoding", in: headers))
    }

    /// The header block and the body, split at the first empty line.
    private static func split(_ text: String) -> (head: String, body: String) {
        guard let blank = text.range(of: "\r\n\r\n") else { return (text, "") }
        return (String(text[..<blank.lowerBound]), String(text[blank.upperBound...]))
    }

    private static func headers(of head: String) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = headers.popLast() {
                headers.append((last.name, last.value + line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        return headers
    }

    private static func value(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }

    private static func parameter(_ name: String, of value: String) -> String? {
        for piece in value.components(separatedBy: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2 && pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    private static func decodeBody(_ body: String, _ encoding: String?) -> String {
        // "\r\n" is one Character: dropping the last one drops the final line break.
        var text = body.hasSuffix("\r\n") ? String(body.dropLast()) : body
        switch encoding?.lowercased() {
        case "base64"?:
            text = Data(base64Encoded: text.replacingOccurrences(of: "\r\n", with: "")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        case "quoted-printable"?:
            text = String(decoding: quotedPrintable(text.replacingOccurrences(of: "=\r\n", with: "")), as: UTF8.self)
        default:
            break
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    private static func quotedPrintable(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "="), input.count >= 2, let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }

    /// `value` with `=?charset?B|Q?…?=` words decoded (UTF-8 assumed) and the white space between
    /// adjacent ones dropped.
    private static func decodeWords(_ value: String) -> String {
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        var result = ""
        var previousWasEncoded = false
        for (index, word) in words.enumerated() {
            let parts = word.split(separator: "?", omittingEmptySubsequences: false)
            let isEncoded = parts.count == 5 && parts[0] == "=" && parts[4] == "="
            if index > 0 && !(isEncoded && previousWasEncoded) { result += " " }
            if isEncoded {
                let payload = String(parts[3])
                let bytes: [UInt8] =
                    parts[2].uppercased() == "B"
                    ? Array(Data(base64Encoded: payload) ?? Data())
                    : quotedPrintable(payload.replacingOccurrences(of: "_", with: " "))
                result += String(decoding: bytes, as: UTF8.self)
            } else {
                result += word
            }
            previousWasEncoded = isEncoded
        }
        return result
    }
}
