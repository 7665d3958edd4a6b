import Foundation
import NIOCore
import NIOSSL

/// One connection to an `SMTPSink`: reads CRLF lines and answers them as an SMTP server does.
final class SMTPSinkSession: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Stage {
        case command
        case data
        case authPlain
        case authLoginUser
        case authLoginPassword(user: String)
    }

    private let options: SMTPSink.Options
    private let tls: NIOSSLContext?
    private let log: SinkLog
    private var pending: [UInt8] = []
    private var stage = Stage.command
    private var greeted = false
    private var tlsActive: Bool
    private var user: String?
    private var sender: String?
    private var recipients: [String] = []
    private var dataLines: [String] = []

    init(options: SMTPSink.Options, tls: NIOSSLContext?, log: SinkLog) {
        self.options = options
        self.tls = tls
        self.log = log
        tlsActive = options.tls == .implicit
    }

    func channelActive(context: ChannelHandlerContext) {
        if !options.silent { reply(context, options.greeting) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !options.silent else { return }
        pending += unwrapInboundIn(data).readableBytesView
        while let newline = pending.firstIndex(of: 10) {
            var line = Array(pending[..<newline])
            pending.removeSubrange(...newline)
            if line.last == 13 { line.removeLast() }
            handle(String(decoding: line, as: UTF8.self), context)
        }
    }

    private func handle(_ line: String, _ context: ChannelHandlerContext) {
        switch stage {
        case .data:
            receiveData(line, context)
        case .authPlain:
            stage = .command
            log.state.withLock { $0.commands.append(line) }
            checkPlain(line, context)
        case .authLoginUser:
            log.state.withLock { $0.commands.append(line) }
            stage = .authLoginPassword(user: decode(line))
            reply(context, "334 UGFzc3dvcmQ6")
        case .authLoginPassword(let name):
            stage = .command
            log.state.withLock { $0.commands.append(line) }
            check(name, decode(line), context)
        case .command:
            log.state.withLock { $0.commands.append(line) }
            command(line, context)
        }
    }

    private func command(_ line: String, _ context: ChannelHandlerContext) {
        let verb = String(line.prefix { $0 != " " }).uppercased()
        let argument = line.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
        if options.unanswered.contains(verb) { return }
        if let answer = options.replies[verb] { return reply(context, answer) }
        switch verb {
        case "EHLO":
            greeted = true
            resetEnvelope()
            var lines = ["250-localhost greets \(argument)", "250-8BITMIME"]
            if options.tls == .startTLS && !tlsActive { lines.append("250-STARTTLS") }
            lines.append("250 AUTH PLAIN LOGIN")
            reply(context, lines.joined(separator: "\r\n"))
        case "HELO":
            greeted = true
            resetEnvelope()
            reply(context, "250 localhost")
        case "STARTTLS":
            guard options.tls == .startTLS, !tlsActive, let tls else { return reply(context, "502 5.5.1 STARTTLS not available") }
            reply(context, "220 2.0.0 Ready to start TLS")
            pending = []
            tlsActive = true
            greeted = false
            resetEnvelope()
            try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
        case "AUTH":
            let parts = argument.split(separator: " ").map(String.init)
            switch parts.first?.uppercased() {
            case "PLAIN" where parts.count > 1: checkPlain(parts[1], context)
            case "PLAIN":
                stage = .authPlain
                reply(context, "334 ")
            case "LOGIN":
                stage = .authLoginUser
                reply(context, "334 VXNlcm5hbWU6")
            default: reply(context, "504 5.5.4 Unrecognized authentication type")
            }
        case "MAIL":
            guard greeted else { return reply(context, "503 5.5.1 Error: send HELO/EHLO first") }
            guard !options.requireAuth || user != nil else { return reply(context, "530 5.7.0 Authentication required") }
            guard let address = Self.address(argument, after: "FROM:") else {
                return reply(context, "501 5.5.4 Syntax: MAIL FROM:<address>")
            }
            sender = address
            recipients = []
            reply(context, "250 2.1.0 Ok")
        case "RCPT":
            guard sender != nil else { return reply(context, "503 5.5.1 Error: need MAIL command") }
            guard let address = Self.address(argument, after: "TO:") else {
                return reply(context, "501 5.5.4 Syntax: RCPT TO:<address>")
            }
            guard !options.refusedRecipients.contains(address) else {
                return reply(context, "550 5.1.1 <\(address)>: Recipient address rejected: User unknown")
            }
            recipients.append(address)
            reply(context, "250 2.1.5 Ok")
        case "DATA":
            guard !recipients.isEmpty else { return reply(context, "503 5.5.1 Error: need RCPT command") }
            stage = .data
            dataLines = []
            reply(context, "354 End data with <CR><LF>.<CR><LF>")
        case "RSET":
            resetEnvelope()
            reply(context, "250 2.0.0 Ok")
        case "NOOP":
            reply(context, "250 2.0.0 Ok")
        case "QUIT":
            reply(context, "221 2.0.0 Bye")
            context.close(promise: nil)
        default:
            reply(context, "502 5.5.2 Error: command not recognized")
        }
    }

    /// A line of message data: the end at a lone `.`, else the line without its stuffed dot.
    private func receiveData(_ line: String, _ context: ChannelHandlerContext) {
        guard line == "." else {
            dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
            return
        }
        stage = .command
        if options.unanswered.contains(".") { return }
        if let answer = options.replies["."] { return reply(context, answer) }
        let mail = ReceivedMail(
            sender: sender ?? "", recipients: recipients, data: dataLines.map { $0 + "\r\n" }.joined(), user: user)
        let number = log.state.withLock { state in
            state.messages.append(mail)
            return state.messages.count
        }
        resetEnvelope()
        reply(context, "250 2.0.0 Ok: queued as \(number)")
    }

    /// AUTH PLAIN's base64 `authzid NUL user NUL password`.
    private func checkPlain(_ token: String, _ context: ChannelHandlerContext) {
        let fields = decode(token).split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3 else { return reply(context, "501 5.5.2 Cannot decode AUTH parameter") }
        check(fields[1], fields[2], context)
    }

    private func check(_ name: String, _ password: String, _ context: ChannelHandlerContext) {
        guard options.users[name] == password else { return reply(context, "535 5.7.8 Authentication credentials invalid") }
        user = name
        reply(context, "235 2.7.0 Authentication successful")
    }

    private func decode(_ base64: String) -> String {
        Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private func resetEnvelope() {
        sender = nil
        recipients = []
    }

    private func reply(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text + "\r\n")), promise: nil)
    }

    /// The address in `FROM:<address>` (parameters after it ignored).
    private static func address(_ argument: String, after prefix: String) -> String? {
        guard argument.uppercased().hasPrefix(prefix) else { return nil }
        let rest = argument.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix("<"), let close = rest.firstIndex(of: ">") else { return nil }
        return String(rest[rest.index(after: rest.startIndex)..<close])
    }
}
