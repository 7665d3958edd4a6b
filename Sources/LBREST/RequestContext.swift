public import Hummingbird

/// The per-request context of lbrun's HTTP pipeline.
public struct LBRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
