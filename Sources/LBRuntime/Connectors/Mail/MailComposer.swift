import Foundation

/// A message ready for a transport: the SMTP envelope and the RFC 5322 text.
struct ComposedMail {
    /// The `MAIL FROM` address.
    let sender: String
    /// The `RCPT TO` addresses: to, cc and bcc, each once, in that order.
    let recipients: [String]
    let messageID: String
    /// The message: CRLF lines, ASCII only, ending with CRLF; not dot-stuffed.
    let data: String
}

/// Turns a `MailMessage` into headers and MIME body parts.
enum MailComposer {
    /// Headers lbrun writes itself and a message's own headers may not set.
    static let reservedHeaders: Set<String> = ["mime-version", "content-type", "content-transfer-encoding"]

    /// Composes `message`, or throws what is wrong with it (a message without a sender or a
    /// recipient, an address that is not usable, a header lbrun writes itself).
    static func compose(_ message: MailMessage) throws(MailFailure) -> ComposedMail {
        let from: [MailAddress]
        let to: [MailAddress]
        let cc: [MailAddress]
        let bcc: [MailAddress]
        do {
            from = try MailAddress.parseList([message.from])
            to = try MailAddress.parseList(message.to)
            cc = try MailAddress.parseList(message.cc)
            bcc = try MailAddress.parseList(message.bcc)
        } catch {
            throw MailFailure(.envelope, "'\(error.text)' is not an email address")
        }
        guard let sender = from.first else { throw MailFailure(.envelope, "the message has no sender ('from')") }
        var recipients: [String] = []
        for mailbox in to + cc + bcc where !recipients.contains(mailbox.address) {
            recipients.append(mailbox.address)
        }
        guard !recipients.isEmpty else { throw MailFailure(.envelope, "the message has no recipients ('to', 'cc' or 'bcc')") }

        var headers: [(name: String, value: String)] = [
            ("Date", rfc5322Date(Date())),
            ("Message-ID", "<\(UUID().uuidString.lowercased())@\(sender.domain)>"),
            ("From", from.map(\.headerText).joined(separator: ", ")),
        ]
        if !to.isEmpty { headers.append(("To", addressList(to))) }
        if !cc.isEmpty { headers.append(("Cc", addressList(cc))) }
        headers.append(("Subject", HeaderEncoding.unstructured(message.subject)))
        for (name, value) in message.headers {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }) else {
                throw MailFailure(.message, "'\(name)' is not a header name")
            }
            guard !reservedHeaders.contains(name.lowercased()) else {
                throw MailFailure(.message, "the header '\(name)' is written by lbrun and cannot be set")
            }
            let encoded = HeaderEncoding.unstructured(value)
            if let index = headers.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
                headers[index] = (headers[index].name, encoded)
            } else {
                headers.append((name, encoded))
            }
        }
        let messageID = headers.first { $0.name == "Message-ID" }?.value ?? ""

        var lines = headers.map { "\($0.name): \($0.value)" }
        lines.append("MIME-Version: 1.0")
        switch (message.text, message.html) {
        case (let text?, let html?):
            let boundary = "----=_lbrun_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            for (type, body) in [("text/plain", text), ("text/html", html)] {
                lines.append("--" + boundary)
                lines += part(type, body)
            }
            lines.append("--" + boundary + "--")
        case (nil, let html?):
            lines += part("text/html", html)
        case (let text, nil):
            lines += part("text/plain", text ?? "")
        }
        return ComposedMail(
            sender: sender.address, recipients: recipients, messageID: messageID,
            data: lines.joined(separator: "\r\n") + "\r\n")
    }

    /// A body part's headers, blank line and encoded body.
    private static func part(_ type: String, _ body: String) -> [String] {
        let encoding = BodyEncoding(body)
        return ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: \(encoding.name)", ""] + encoding.lines
    }

    /// Mailboxes joined by commas, folded onto continuation lines before 78 characters.
    private static func addressList(_ mailboxes: [MailAddress]) -> String {
        var text = ""
        var lineLength = 4
        for (index, mailbox) in mailboxes.enumerated() {
            let item = mailbox.headerText + (index < mailboxes.count - 1 ? "," : "")
            if index > 0 {
                if lineLength + 1 + item.utf8.count > 78 {
                    text += "\r\n "
                    lineLength = 1
                } else {
                    text += " "
                    lineLength += 1
                }
            }
            text += item
            lineLength += item.utf8.count
        }
        return text
    }

    /// `Tue, 02 Jan 2024 15:04:05 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
