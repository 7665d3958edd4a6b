public import Logging
import Synchronization

/// Counts the SELECT statements the SQLite connector traces (`sqlite: SELECT …` at trace level):
/// boot an app with `Logger(label:factory:)` returning `handler`, then `count { … }`.
public final class StatementCounter: Sendable {
    private let selects = Mutex(0)

    public init() {}

    /// A log handler that counts into this counter.
    public var handler: some LogHandler { Handler(counter: self) }

    struct Handler: LogHandler {
        let counter: StatementCounter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if event.message.description.hasPrefix("sqlite: SELECT") { counter.selects.withLock { $0 += 1 } }
        }
    }

    /// The SELECTs run while `body` runs.
    public func count(_ body: () async throws -> Void) async rethrows -> Int {
        selects.withLock { $0 = 0 }
        try await body()
        return selects.withLock { $0 }
    }
}
