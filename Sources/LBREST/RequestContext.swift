public import Hummingbird
public import NIOCore

/// The per-request context of lbrun's HTTP pipeline.
public struct LBRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's socket address, for access logs and rate limits.
    public let clientAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress
    }
}

/// The address of the client whose request the current task serves (set by the pipeline).
public enum ClientAddress {
    @TaskLocal static var socket: SocketAddress?

    /// The client's IP address as text, when known.
    public static var current: String? { socket?.ipAddress }
}
