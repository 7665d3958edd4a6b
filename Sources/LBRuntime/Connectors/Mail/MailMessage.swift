public import LBCore

/// An email to send through a `mail` datasource (`MailConnector.send`).
///
/// Addresses are written as in a header: `ann@example.com`, `Ann Lee <ann@example.com>` or
/// `"Lee, Ann" <ann@example.com>`; one entry may hold several, separated by commas. Names may be
/// any Unicode text; addresses must be ASCII.
///
/// ```swift
/// let message = MailMessage(
///     from: "noreply@example.com", to: ["ann@example.com"],
///     subject: "Thanks for Registering", text: "Please verify your email: …")
/// let receipt = try await mail.send(message)
/// ```
public struct MailMessage: Sendable {
    public var from: String
    public var to: [String]
    public var cc: [String]
    /// Recipients that get the message without being named in its headers.
    public var bcc: [String]
    public var subject: String
    /// The plain-text body.
    public var text: String?
    /// The HTML body. With `text` too, the message is `multipart/alternative` with both.
    public var html: String?
    /// Extra headers, written after the standard ones. One named `Date`, `Message-ID`, `From`,
    /// `To`, `Cc` or `Subject` replaces the standard header; `MIME-Version` and `Content-*` are
    /// lbrun's to write and are refused.
    public var headers: [(name: String, value: String)]

    public init(
        from: String, to: [String], cc: [String] = [], bcc: [String] = [], subject: String,
        text: String? = nil, html: String? = nil, headers: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
    }

    /// A message from LoopBack's `Email.send(options)` object: `from`, `to`, `cc`, `bcc` (each a
    /// string or an array of strings), `subject`, `text`, `html` and `headers` (an object). Other
    /// keys are ignored; a value of the wrong type is a 500 naming the key.
    public init(options: JSONValue) throws(LoopBackError) {
        func addresses(_ key: String) throws(LoopBackError) -> [String] {
            switch options[key] {
            case nil, .null?: return []
            case .string(let list)?: return [list]
            case .array(let items)?:
                var list: [String] = []
                for item in items {
                    guard let address = item.stringValue else { throw Self.invalid(key, "a string or an array of strings") }
                    list.append(address)
                }
                return list
            default: throw Self.invalid(key, "a string or an array of strings")
            }
        }
        func string(_ key: String) throws(LoopBackError) -> String? {
            switch options[key] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            default: throw Self.invalid(key, "a string")
            }
        }
        var headers: [(name: String, value: String)] = []
        switch options["headers"] {
        case nil, .null?: break
        case .object(let members)?:
            for (name, value) in members {
                guard let text = value.stringValue ?? value.numberValue.map(JSONValue.numberText) else {
                    throw Self.invalid("headers", "an object of strings")
                }
                headers.append((name, text))
            }
        default: throw Self.invalid("headers", "an object of strings")
        }
        self.init(
            from: try string("from") ?? "", to: try addresses("to"), cc: try addresses("cc"), bcc: try addresses("bcc"),
            subject: try string("subject") ?? "", text: try string("text"), html: try string("html"), headers: headers)
    }

    static func invalid(_ key: String, _ expected: String) -> LoopBackError {
        LoopBackError(statusCode: 500, message: "the email option '\(key)' must be \(expected)")
    }
}

/// What a transport did with a message.
public struct MailReceipt: Sendable, Equatable {
    /// The `Message-ID` header, angle brackets included.
    public var messageID: String
    /// Recipient addresses the server accepted (every recipient, for a stub transport).
    public var accepted: [String]
    /// Recipient addresses the server refused while accepting others. When it refuses them all,
    /// `send` throws instead.
    public var rejected: [String]
    /// The server's reply to the message data (`250 OK queued as …`); empty for a stub transport.
    public var response: String
    /// The alias (or type) of the transport that handled the message; `nil` when the datasource
    /// has no transport, in which case nothing was sent, as in LoopBack.
    public var transport: String?
}
