import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to an SMTP server: writes commands and waits, each time with a deadline,
/// for the reply. Every failure is a `MailFailure`; nothing waits longer than its timeout.
struct SMTPConnection: Sendable {
    let channel: any Channel
    /// The pipeline's reply handler, reachable even after a failure removed it from the pipeline.
    let replies: NIOLoopBoundBox<SMTPReplyHandler>

    /// Connects to `host:port`, through TLS from the first byte when `tls` is given.
    static func open(host: String, port: Int, tls: TLSClient?, timeout: TimeAmount) async throws(MailFailure) -> SMTPConnection {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let replies = NIOLoopBoundBox.makeBoxSendingValue(SMTPReplyHandler(), eventLoop: eventLoop)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(try tls.handler())
                    }
                    try channel.pipeline.syncOperations.addHandler(replies.value)
                }
            }
        do {
            return SMTPConnection(channel: try await bootstrap.connect(host: host, port: port).get(), replies: replies)
        } catch ChannelError.connectTimeout {
            throw MailFailure(.timeout, "no connection within \(milliseconds(timeout)) ms")
        } catch let error as NIOConnectionError {
            guard let first = error.connectionErrors.first else {
                throw MailFailure(.connection, "cannot resolve the host name")
            }
            throw MailFailure(.connection, "cannot connect: \(describe(first.error))")
        } catch {
            throw MailFailure(.connection, "cannot connect: \(describe(error))")
        }
    }

    /// Sends `line` (CRLF added) and returns the reply; with `nil`, waits for a reply the server
    /// sends on its own (the greeting).
    func command(_ line: String?, timeout: TimeAmount) async throws(MailFailure) -> SMTPReply {
        try await exchange(line.map { Array(($0 + "\r\n").utf8) }, timeout: timeout)
    }

    /// Sends raw bytes (the message data and its terminating `.`) and returns the reply.
    func exchange(_ bytes: [UInt8]?, timeout: TimeAmount) async throws(MailFailure) -> SMTPReply {
        let channel = self.channel
        let replies = self.replies
        let reply = channel.eventLoop.flatSubmit { () -> EventLoopFuture<SMTPReply> in
            let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
            let handler = replies.value
            handler.awaitReply(promise, timeout: timeout, on: channel.eventLoop)
            if let bytes {
                channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).assumeIsolated().whenFailure { error in
                    handler.fail(MailFailure(.connection, "cannot write to the server: \(describe(error))"))
                }
            }
            return promise.futureResult
        }
        do {
            return try await reply.get()
        } catch let failure as MailFailure {
            throw failure
        } catch {
            throw MailFailure(.connection, describe(error))
        }
    }

    /// Puts TLS under the SMTP exchange (after the server's `220` to `STARTTLS`); the handshake
    /// runs before the next reply can arrive.
    func startTLS(_ tls: TLSClient) async throws(MailFailure) {
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(try tls.handler(), position: .first)
            }.get()
        } catch {
            throw MailFailure(.tls, "cannot start TLS: \(describe(error))")
        }
    }

    /// Closes the connection; never fails.
    func close() async {
        try? await channel.close()
    }
}

/// An error as a short sentence: `Connection refused` for a socket error.
func describe(_ error: any Error) -> String {
    if let error = error as? IOError {
        return String(cString: strerror(error.errnoCode))
    }
    return String(describing: error)
}

/// `amount` in whole milliseconds, for messages.
func milliseconds(_ amount: TimeAmount) -> Int64 {
    amount.nanoseconds / 1_000_000
}
