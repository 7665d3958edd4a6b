import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Lets an HTTP/1 connection that closes during a graceful shutdown write out its answer first.
///
/// When the server stops, each connection receives a `ChannelShouldQuiesceEvent`. Hummingbird's
/// connection handler then closes the connection once the response in progress has been *handed*
/// to the channel — and a close discards whatever the socket has not taken yet, so a large answer
/// to a slow client was cut. This handler sits below it: it turns that close into a shutdown of
/// the output, which the channel performs only after every pending write, and closes fully once
/// that is done. Answers that start after the event carry `Connection: close`, so that no client
/// sends another request on a connection about to close.
///
/// Any close of the connection (a client's `Connection: close` too) goes the same way, for at most
/// `writeLimit`. Outside a shutdown it only passes messages on, without looking at them.
final class DrainingHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var quiescing = false

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent { quiescing = true }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard quiescing, case .head(var head) = unwrapOutboundIn(data) else {
            return context.write(data, promise: promise)
        }
        head.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all else { return context.close(mode: mode, promise: promise) }
        // The output shuts down after the pending writes; then (or if that is not possible) close.
        // A client that stops reading gets `Self.writeLimit` to take the rest.
        let written = context.eventLoop.makePromise(of: Void.self)
        let limit = context.eventLoop.assumeIsolated().scheduleTask(in: Self.writeLimit) { context.close(mode: .all, promise: nil) }
        written.futureResult.assumeIsolated().whenComplete { _ in
            limit.cancel()
            context.close(mode: .all, promise: promise)
        }
        context.close(mode: .output, promise: written)
    }

    /// How long a closing connection may take to write what is pending.
    static let writeLimit = TimeAmount.seconds(30)
}

@available(*, unavailable)
extension DrainingHandler: Sendable {}
