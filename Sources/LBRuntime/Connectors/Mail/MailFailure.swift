/// Why a message could not be sent, before the connector names its datasource and server.
struct MailFailure: Error, Sendable {
    /// The kinds of failure, with nodemailer's error codes.
    enum Kind: String, Sendable {
        case connection = "ECONNECTION"
        case timeout = "ETIMEDOUT"
        case tls = "ETLS"
        case authentication = "EAUTH"
        case envelope = "EENVELOPE"
        case message = "EMESSAGE"
        case protocolError = "EPROTOCOL"
    }

    let kind: Kind
    let reason: String

    init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// A refusal of `command`: `the server answered RCPT TO:<bob@example.com> with "550 …"`.
    static func refused(_ kind: Kind, _ command: String, _ reply: SMTPReply) -> MailFailure {
        MailFailure(kind, "the server answered \(command) with \"\(reply.text)\"")
    }
}
