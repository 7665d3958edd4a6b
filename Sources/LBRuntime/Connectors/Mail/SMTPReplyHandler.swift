import NIOCore
import NIOSSL

/// Hands the server's replies, one by one, to the exchange waiting for them; fails that
/// exchange when its deadline passes, the server closes the connection or TLS fails.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var reader = SMTPReplyReader()
    /// Replies that arrived with nobody waiting (a greeting, or a `421` before closing).
    private var replies: [SMTPReply] = []
    private var waiter: (promise: EventLoopPromise<SMTPReply>, deadline: Scheduled<Void>)?
    /// What ended the connection; later exchanges fail with it.
    private var failure: MailFailure?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            replies += try reader.read(unwrapInboundIn(data).readableBytesView)
            deliver()
        } catch {
            fail(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(MailFailure(.connection, "the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            fail(MailFailure(.tls, "TLS failed: \(TLSClient.describe(error))"))
        } else {
            fail(MailFailure(.connection, describe(error)))
        }
        context.close(promise: nil)
    }

    /// Completes `promise` with the next reply, or fails it after `timeout`.
    func awaitReply(_ promise: EventLoopPromise<SMTPReply>, timeout: TimeAmount, on eventLoop: any EventLoop) {
        let deadline = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard let waiter else { return }
            self.waiter = nil
            waiter.promise.fail(MailFailure(.timeout, "no reply within \(milliseconds(timeout)) ms"))
        }
        waiter = (promise, deadline)
        deliver()
        if let failure { fail(failure) }
    }

    /// Fails the waiting exchange, and every later one, with `failure`.
    func fail(_ failure: MailFailure) {
        if self.failure == nil { self.failure = failure }
        guard let waiter else { return }
        self.waiter = nil
        waiter.deadline.cancel()
        waiter.promise.fail(self.failure ?? failure)
    }

    private func deliver() {
        guard let waiter, !replies.isEmpty else { return }
        self.waiter = nil
        waiter.deadline.cancel()
        waiter.promise.succeed(replies.removeFirst())
    }
}
