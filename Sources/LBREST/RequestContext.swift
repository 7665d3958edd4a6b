public import Hummingbird

/// The per-request context of lbrun's HTTP pipeline.
public struct LBRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, for access logs and rate limits.
    public let clientAddress: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// The address of the client whose request the current task serves (set by the pipeline).
public enum ClientAddress {
    @TaskLocal public static var current: String?
}
