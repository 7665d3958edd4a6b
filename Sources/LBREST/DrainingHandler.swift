import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes an HTTP/1 connection during a graceful shutdown only once nothing is left to answer.
///
/// When the server stops, each connection receives a `ChannelShouldQuiesceEvent`. Hummingbird's
/// own handling closes the connection as soon as the last response has been *handed* to the
/// channel, which drops whatever the socket has not taken yet: a large answer to a slow client
/// was cut. This handler takes the event instead and closes the connection when every request
/// whose head has arrived has been answered and every byte of the answers has been written to the
/// socket. Answers that start after the event carry `Connection: close`, so that no client sends
/// another request on a connection about to close.
final class DrainingHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests whose head has arrived and whose response has not ended.
    private var requestsInProgress = 0
    /// Response parts not yet written to the socket.
    private var unwrittenParts = 0
    private var quiescing = false
    private var closing = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { requestsInProgress += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var part = unwrapOutboundIn(data)
        switch part {
        case .head(var head) where quiescing:
            head.headerFields[.connection] = "close"
            part = .head(head)
        case .end:
            requestsInProgress -= 1
        default:
            break
        }
        unwrittenParts += 1
        let written = promise ?? context.eventLoop.makePromise()
        written.futureResult.assumeIsolated().whenComplete { [self] _ in
            unwrittenParts -= 1
            closeIfDrained(context)
        }
        context.write(wrapOutboundOut(part), promise: written)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            return context.fireUserInboundEventTriggered(event)
        }
        // Not passed on: the handlers after this one would close before the answer is written.
        quiescing = true
        closeIfDrained(context)
    }

    private func closeIfDrained(_ context: ChannelHandlerContext) {
        guard quiescing, !closing, requestsInProgress <= 0, unwrittenParts == 0 else { return }
        closing = true
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension DrainingHandler: Sendable {}
