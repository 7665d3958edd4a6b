import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// An SMTP server on a loopback port that records what it receives, for tests of the mail
/// connector. It speaks the protocol: a `220` greeting, EHLO (advertising `AUTH PLAIN LOGIN`,
/// and `STARTTLS` when asked to), HELO, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA with dot-unstuffing,
/// RSET, NOOP, STARTTLS and QUIT.
///
/// ```swift
/// let sink = try await SMTPSink.start()
/// // … send to 127.0.0.1:\(sink.port) …
/// #expect(sink.messages.first?.recipients == ["ann@example.com"])
/// await sink.stop()
/// ```
public final class SMTPSink: Sendable {
    /// How the sink offers TLS.
    public enum TLSMode: Sendable {
        case none
        /// TLS from the first byte, as on port 465.
        case implicit
        /// `STARTTLS` advertised in the EHLO reply.
        case startTLS
    }

    /// How the sink behaves.
    public struct Options: Sendable {
        /// The line sent when a client connects.
        public var greeting: String
        /// Accounts AUTH accepts, user name to password.
        public var users: [String: String]
        /// Refuse MAIL with `530` until a client logs in.
        public var requireAuth: Bool
        /// Replies sent instead of handling a command, by verb (`RCPT`, `EHLO`, `AUTH`, `DATA`, …,
        /// and `.` for the end of the message data): `["RCPT": "550 5.1.1 No such user"]`.
        public var replies: [String: String]
        /// Recipients refused with `550`, others being accepted.
        public var refusedRecipients: Set<String>
        /// Verbs (and `.`) the sink never answers.
        public var unanswered: Set<String>
        /// Accept connections and never say anything, not even the greeting.
        public var silent: Bool
        public var tls: TLSMode

        public init(
            greeting: String = "220 localhost ESMTP lbrun test sink", users: [String: String] = [:], requireAuth: Bool = false,
            replies: [String: String] = [:], refusedRecipients: Set<String> = [], unanswered: Set<String> = [],
            silent: Bool = false, tls: TLSMode = .none
        ) {
            self.greeting = greeting
            self.users = users
            self.requireAuth = requireAuth
            self.replies = replies
            self.refusedRecipients = refusedRecipients
            self.unanswered = unanswered
            self.silent = silent
            self.tls = tls
        }
    }

    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    private let channel: any Channel
    let log: SinkLog

    /// Starts a sink on a free port of 127.0.0.1.
    public static func start(_ options: Options = Options()) async throws -> SMTPSink {
        let log = SinkLog()
        let tls: NIOSSLContext? =
            options.tls == .none
            ? nil
            : try NIOSSLContext(
                configuration: .makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem))))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                log.opened(channel)
                return channel.eventLoop.makeCompletedFuture {
                    if options.tls == .implicit, let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPSinkSession(options: options, tls: tls, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SMTPSink(port: channel.localAddress?.port ?? 0, channel: channel, log: log)
    }

    private init(port: Int, channel: any Channel, log: SinkLog) {
        self.port = port
        self.channel = channel
        self.log = log
    }

    /// The messages received so far, oldest first.
    public var messages: [ReceivedMail] { log.state.withLock { $0.messages } }

    /// Every command line received so far, on every connection, in order (message data excluded,
    /// AUTH exchanges included).
    public var commands: [String] { log.state.withLock { $0.commands } }

    /// Stops listening and closes every connection.
    public func stop() async {
        try? await channel.close()
        for connection in log.state.withLock({ $0.connections }) {
            try? await connection.close()
        }
    }
}

/// What every connection of a sink records.
final class SinkLog: Sendable {
    struct State {
        var messages: [ReceivedMail] = []
        var commands: [String] = []
        var connections: [any Channel] = []
    }

    let state = Mutex(State())

    func opened(_ channel: any Channel) {
        state.withLock { $0.connections.append(channel) }
    }
}
