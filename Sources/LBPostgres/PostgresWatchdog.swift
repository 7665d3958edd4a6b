import Logging
import PostgresNIO
import Synchronization

/// The operations running on one pool, and the loop that ends those that take too long.
///
/// `perform` runs an operation in a task of its own and waits for it on a continuation that the
/// operation's end or the loop resumes, whichever comes first. Once a second (or once per
/// `limit`, when shorter) the loop looks for operations older than the limit: it answers each
/// with `TimedOut` at once and closes the connection it holds, if any. So a request is
/// answered even when its statement never completes — a statement written to a connection the
/// server had just closed is never answered by postgres-nio — and a connection stuck in a
/// statement goes back to the pool as a fresh one. The loop is the only timer: no timer is
/// started per operation.
final class PostgresWatchdog: Sendable {
    private struct Operation {
        let started: ContinuousClock.Instant
        let timeOut: @Sendable () -> Void
        var connection: PostgresConnection?
    }

    private struct State {
        var next = 0
        var running: [Int: Operation] = [:]
    }

    /// What an operation over the limit fails with.
    struct TimedOut: Error {}

    let limit: Duration
    let logger: Logger
    private let state = Mutex(State())

    init(limit: Duration, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// Runs `body` with the number of its operation (for `attach`); fails with `TimedOut` when it
    /// is still running after `limit`.
    func perform<T: Sendable>(_ body: @escaping @Sendable (Int) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let now = ContinuousClock.now
            let id = state.withLock { state in
                state.next &+= 1
                state.running[state.next] = Operation(started: now, timeOut: { continuation.resume(throwing: TimedOut()) })
                return state.next
            }
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await body(id)) } catch { result = .failure(error) }
                if state.withLock({ $0.running.removeValue(forKey: id) }) != nil { continuation.resume(with: result) }
            }
        }
    }

    /// Records the connection operation `id` runs its statements on.
    func attach(_ connection: PostgresConnection, to id: Int) {
        state.withLock { $0.running[id]?.connection = connection }
    }

    /// Checks every second (or `limit`), until cancelled, for operations over the limit.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: min(limit, .seconds(1)))
            let overdue = ContinuousClock.now - limit
            let expired = state.withLock { state -> [Operation] in
                let ids = state.running.filter { $0.value.started < overdue }.map(\.key)
                return ids.compactMap { state.running.removeValue(forKey: $0) }
            }
            for operation in expired {
                logger.warning("postgresql: an operation took longer than \(limit); answering 503 and closing its connection")
                operation.timeOut()
                try? await operation.connection?.close()
            }
        }
    }
}
