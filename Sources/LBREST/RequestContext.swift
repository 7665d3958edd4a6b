public import Hummingbird
public import NIOCore

/// The per-request context of lbrun's HTTP pipeline.
public struct LBRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection, for the client's address (read only when a middleware needs it).
    let channel: any Channel

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The client's socket address, for access logs and rate limits.
    public var clientAddress: SocketAddress? { channel.remoteAddress }
}

/// A middleware that reads the client's address (`ClientAddress.current`); the pipeline binds the
/// address for a request only when one of these is in the chain.
public protocol ClientAddressReading: RequestStage {}

/// The address of the client whose request the current task serves (set by the pipeline).
public enum ClientAddress {
    @TaskLocal static var socket: SocketAddress?

    /// The client's IP address as text, when known.
    public static var current: String? { socket?.ipAddress }
}
