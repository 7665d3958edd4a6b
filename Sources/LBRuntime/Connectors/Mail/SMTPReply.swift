/// A server reply: a three-digit code and its text lines (`250-first`, `250 last`).
struct SMTPReply: Sendable, Equatable {
    let code: Int
    let lines: [String]

    /// 2xx.
    var isPositive: Bool { (200..<300).contains(code) }

    /// The reply as one line, for error messages: `550 5.1.1 no such user`.
    var text: String {
        ([String(code)] + lines.filter { !$0.isEmpty }).joined(separator: " ")
    }
}

/// Assembles replies from the lines a server sends.
struct SMTPReplyReader {
    /// Longest line accepted; RFC 5321 allows 512 bytes, real servers stay well under this.
    static let maximumLineLength = 4096
    /// Most lines one reply may have.
    static let maximumLines = 256

    private var pending: [UInt8] = []
    private var lines: [String] = []

    /// Adds received bytes; returns the replies they complete, or throws on a line that is not
    /// an SMTP reply.
    mutating func read(_ bytes: some Sequence<UInt8>) throws(MailFailure) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        for byte in bytes {
            guard byte == 10 else {
                pending.append(byte)
                guard pending.count <= Self.maximumLineLength else {
                    throw MailFailure(.protocolError, "the server sent a line longer than \(Self.maximumLineLength) bytes")
                }
                continue
            }
            if pending.last == 13 { pending.removeLast() }
            let line = String(decoding: pending, as: UTF8.self)
            pending = []
            if let reply = try add(line) { replies.append(reply) }
        }
        return replies
    }

    private mutating func add(_ line: String) throws(MailFailure) -> SMTPReply? {
        let utf8 = Array(line.utf8)
        guard utf8.count >= 3, utf8[0...2].allSatisfy({ $0 >= 48 && $0 <= 57 }), let code = Int(String(line.prefix(3))),
            utf8.count == 3 || utf8[3] == UInt8(ascii: " ") || utf8[3] == UInt8(ascii: "-")
        else {
            throw MailFailure(.protocolError, "the server sent \"\(line.prefix(200))\", which is not an SMTP reply")
        }
        lines.append(String(line.dropFirst(4)))
        if utf8.count > 3 && utf8[3] == UInt8(ascii: "-") {
            guard lines.count < Self.maximumLines else {
                throw MailFailure(.protocolError, "the server sent a reply of more than \(Self.maximumLines) lines")
            }
            return nil
        }
        defer { lines = [] }
        return SMTPReply(code: code, lines: lines)
    }
}
