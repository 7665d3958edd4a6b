import Synchronization

/// A message a `stub` transport kept instead of sending.
public struct StubbedMail: Sendable {
    public let message: MailMessage
    /// The envelope an SMTP transport would have used: `MAIL FROM` and `RCPT TO` addresses.
    public let sender: String
    public let recipients: [String]
    public let messageID: String
    /// The RFC 5322 message an SMTP transport would have sent, with CRLF line breaks.
    public let data: String
}

/// The messages of one `stub` transport, oldest first, kept while the app runs.
final class StubOutbox: Sendable {
    private let messages = Mutex<[StubbedMail]>([])

    func keep(_ mail: StubbedMail) {
        messages.withLock { $0.append(mail) }
    }

    var all: [StubbedMail] {
        messages.withLock { $0 }
    }
}
