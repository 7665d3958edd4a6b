import Foundation
import NIOCore

/// What an SMTP server did with a message.
struct SMTPDelivery {
    let accepted: [String]
    let rejected: [String]
    /// The reply to the message data.
    let response: String
}

/// Delivers one message over a new connection: greeting, EHLO (HELO when refused), STARTTLS when
/// offered, AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA, QUIT.
struct SMTPSession {
    let settings: SMTPSettings

    func deliver(_ mail: ComposedMail) async throws(MailFailure) -> SMTPDelivery {
        let implicitTLS = settings.secure ? try settings.tls.client(host: settings.host) : nil
        let connection = try await SMTPConnection.open(
            host: settings.host, port: settings.port, tls: implicitTLS, timeout: settings.connectionTimeout)
        let delivery: SMTPDelivery
        do {
            delivery = try await transfer(mail, over: connection)
        } catch {
            await connection.close()
            throw error
        }
        _ = try? await connection.command("QUIT", timeout: min(settings.socketTimeout, .seconds(5)))
        await connection.close()
        return delivery
    }

    private func transfer(_ mail: ComposedMail, over connection: SMTPConnection) async throws(MailFailure) -> SMTPDelivery {
        let greeting = try await connection.command(nil, timeout: settings.greetingTimeout)
        guard greeting.code == 220 else {
            throw MailFailure(.connection, "the server refused the connection with \"\(greeting.text)\"")
        }
        var extensions = try await hello(connection)
        if !settings.secure && !settings.ignoreTLS && (extensions.startTLS || settings.requireTLS) {
            guard extensions.startTLS else {
                throw MailFailure(.tls, "the server does not offer STARTTLS, which 'requireTLS' demands")
            }
            let reply = try await command(connection, "STARTTLS")
            guard reply.code == 220 else { throw .refused(.tls, "STARTTLS", reply) }
            try await connection.startTLS(try settings.tls.client(host: settings.host))
            extensions = try await hello(connection)
        }
        if let credentials = settings.credentials {
            try await authenticate(connection, credentials, offered: extensions.authMechanisms)
        }

        let mailFrom = "MAIL FROM:<\(mail.sender)>"
        let sender = try await command(connection, mailFrom)
        guard sender.isPositive else { throw .refused(.envelope, mailFrom, sender) }
        var accepted: [String] = []
        var refusals: [(recipient: String, reply: SMTPReply)] = []
        for recipient in mail.recipients {
            let reply = try await command(connection, "RCPT TO:<\(recipient)>")
            if reply.isPositive {
                accepted.append(recipient)
            } else {
                refusals.append((recipient, reply))
            }
        }
        if accepted.isEmpty, let first = refusals.first {
            throw .refused(.envelope, "RCPT TO:<\(first.recipient)>", first.reply)
        }

        let data = try await command(connection, "DATA")
        guard data.code == 354 else { throw .refused(.message, "DATA", data) }
        let end = try await connection.exchange(Array((Self.dotStuffed(mail.data) + ".\r\n").utf8), timeout: settings.socketTimeout)
        guard end.isPositive else { throw .refused(.message, "the message data", end) }
        return SMTPDelivery(accepted: accepted, rejected: refusals.map(\.recipient), response: end.text)
    }

    /// EHLO, or HELO when the server refuses it (then without extensions).
    private func hello(_ connection: SMTPConnection) async throws(MailFailure) -> SMTPExtensions {
        let ehlo = try await command(connection, "EHLO \(settings.clientName)")
        if ehlo.isPositive { return SMTPExtensions(ehlo) }
        let helo = try await command(connection, "HELO \(settings.clientName)")
        guard helo.isPositive else { throw .refused(.protocolError, "HELO", helo) }
        return SMTPExtensions(helo)
    }

    private func authenticate(
        _ connection: SMTPConnection, _ credentials: (user: String, password: String), offered: [String]
    ) async throws(MailFailure) {
        let method: SMTPSettings.AuthMethod
        if let chosen = settings.authMethod {
            method = chosen
        } else if offered.isEmpty || offered.contains("PLAIN") {
            method = .plain
        } else if offered.contains("LOGIN") {
            method = .login
        } else {
            throw MailFailure(
                .authentication, "the server offers AUTH \(offered.joined(separator: " ")), and lbrun speaks only PLAIN and LOGIN")
        }
        switch method {
        case .plain:
            let token = Self.base64("\0\(credentials.user)\0\(credentials.password)")
            let reply = try await command(connection, "AUTH PLAIN \(token)")
            guard reply.code == 235 else { throw .refused(.authentication, "AUTH PLAIN", reply) }
        case .login:
            let start = try await command(connection, "AUTH LOGIN")
            guard start.code == 334 else { throw .refused(.authentication, "AUTH LOGIN", start) }
            let user = try await command(connection, Self.base64(credentials.user))
            guard user.code == 334 else { throw .refused(.authentication, "the AUTH LOGIN user name", user) }
            let password = try await command(connection, Self.base64(credentials.password))
            guard password.code == 235 else { throw .refused(.authentication, "the AUTH LOGIN password", password) }
        }
    }

    private func command(_ connection: SMTPConnection, _ line: String) async throws(MailFailure) -> SMTPReply {
        try await connection.command(line, timeout: settings.socketTimeout)
    }

    /// `data` with a `.` added before every line that starts with one (RFC 5321 §4.5.2).
    static func dotStuffed(_ data: String) -> String {
        (data.hasPrefix(".") ? "." : "") + data.replacingOccurrences(of: "\r\n.", with: "\r\n..")
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}

/// What a server offers in its EHLO reply.
struct SMTPExtensions {
    var startTLS = false
    /// `AUTH` mechanisms, upper-cased.
    var authMechanisms: [String] = []

    init(_ reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            switch words.first {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms += words.dropFirst()
            default: break
            }
        }
    }
}
