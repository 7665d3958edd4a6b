import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The statements running on one pool, and the loop that ends those that will not end.
///
/// A request waits for its statement's answer (`wait`) on a continuation that the answer or the
/// loop resumes, whichever comes first. Once a second (or once per `limit`, when shorter) the
/// loop looks at every running statement:
/// * one older than `limit` is answered with `TimedOut` at once, and its connection is closed;
/// * one whose connection was already closed at the previous look is answered with
///   `ConnectionClosed`: postgres-nio answers the statements it was given when their connection
///   closes, but never one written to a connection whose channel had already been torn down.
///
/// So every request is answered, and a connection stuck in a statement goes back to the pool as
/// a fresh one. The loop is the only timer, and the request's own task does the waiting: no
/// timer and no task is started per statement.
final class PostgresWatchdog: Sendable {
    private struct Statement {
        let started: ContinuousClock.Instant
        let connection: PostgresConnection
        let fail: @Sendable (any Error) -> Void
        /// True once the loop has seen the connection closed.
        var sawClosed = false
    }

    private struct State {
        var next = 0
        var running: [Int: Statement] = [:]
    }

    /// What a statement over the limit fails with.
    struct TimedOut: Error {}

    /// What a statement fails with when its connection closed without answering it.
    struct ConnectionClosed: Error, CustomStringConvertible {
        var description: String { "the connection to PostgreSQL closed" }
    }

    let limit: Duration
    let logger: Logger
    private let state = Mutex(State())

    init(limit: Duration, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// The value of `answer`, the answer to a statement sent on `connection`; fails with
    /// `TimedOut` or `ConnectionClosed` when the loop ends the statement first.
    func wait<T: Sendable>(for answer: EventLoopFuture<T>, on connection: PostgresConnection) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let now = ContinuousClock.now
            let id = state.withLock { state in
                state.next &+= 1
                state.running[state.next] = Statement(started: now, connection: connection, fail: { continuation.resume(throwing: $0) })
                return state.next
            }
            answer.whenComplete { [self] result in
                if state.withLock({ $0.running.removeValue(forKey: id) }) != nil { continuation.resume(with: result) }
            }
        }
    }

    /// Checks every second (or `limit`), until cancelled, for statements to end.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: min(limit, .seconds(1)))
            let overdue = ContinuousClock.now - limit
            let (expired, orphaned) = state.withLock { state -> ([Statement], [Statement]) in
                var expired: [Statement] = []
                var orphaned: [Statement] = []
                for (id, statement) in state.running {
                    if statement.started < overdue {
                        expired.append(state.running.removeValue(forKey: id)!)
                    } else if statement.connection.isClosed {
                        if statement.sawClosed {
                            orphaned.append(state.running.removeValue(forKey: id)!)
                        } else {
                            state.running[id]?.sawClosed = true
                        }
                    }
                }
                return (expired, orphaned)
            }
            for statement in orphaned { statement.fail(ConnectionClosed()) }
            for statement in expired {
                logger.warning("postgresql: a statement took longer than \(limit); answering 503 and closing its connection")
                statement.fail(TimedOut())
                try? await statement.connection.close()
            }
        }
    }
}
