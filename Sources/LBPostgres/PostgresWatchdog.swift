import Logging
import PostgresNIO
import Synchronization

/// The operations running on one pool, and the loop that ends those that take too long.
///
/// An operation runs in the request's own task (no task is started per operation): `begin`
/// records it, `attach` the connection it leased, `end` forgets it. Once a second (or once per
/// `limit`, when shorter) the loop looks for operations older than the limit that hold a
/// connection and closes that connection, which fails the statement waiting on it at once; the
/// operation then answers 503 "no answer from the database in time" (`end` returns true) instead
/// of reporting a lost connection. An operation still waiting for a connection is ended by the
/// pool itself, which fails waiting requests once it has not been able to connect for a while.
final class PostgresWatchdog: Sendable {
    private struct Operation {
        let started: ContinuousClock.Instant
        var connection: PostgresConnection?
        var expired = false
    }

    private struct State {
        var next = 0
        var running: [Int: Operation] = [:]
    }

    let limit: Duration
    let logger: Logger
    private let state = Mutex(State())

    init(limit: Duration, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// Records an operation starting now; returns its number.
    func begin() -> Int {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.next &+= 1
            state.running[state.next] = Operation(started: now)
            return state.next
        }
    }

    /// Records the connection operation `id` runs its statements on.
    func attach(_ connection: PostgresConnection, to id: Int) {
        state.withLock { $0.running[id]?.connection = connection }
    }

    /// Forgets operation `id`; returns whether the loop closed its connection for taking too long.
    func end(_ id: Int) -> Bool {
        state.withLock { $0.running.removeValue(forKey: id)?.expired ?? false }
    }

    /// Checks every second (or `limit`), until cancelled, for operations over the limit.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: min(limit, .seconds(1)))
            let overdue = ContinuousClock.now - limit
            let connections = state.withLock { state -> [PostgresConnection] in
                var found: [PostgresConnection] = []
                for (id, operation) in state.running where !operation.expired && operation.started < overdue {
                    guard let connection = operation.connection else { continue }
                    state.running[id]?.expired = true
                    found.append(connection)
                }
                return found
            }
            for connection in connections {
                logger.warning("postgresql: a statement took longer than \(limit); closing its connection")
                try? await connection.close()
            }
        }
    }
}
