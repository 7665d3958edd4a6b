public import LBRuntime
import PostgresNIO
import Synchronization

/// Transactions on PostgreSQL: `BEGIN` … `COMMIT` on one connection leased from the pool, which
/// every operation of the datasource in the transaction's task uses (`PostgresLease`); `ROLLBACK`
/// when the body throws. A transaction inside another is a savepoint.
extension PostgresConnector: TransactionalConnector {
    public func transaction<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await store.transaction(body)
    }
}

extension PostgresStore {
    /// Runs `body` in a transaction on one connection (`TransactionalConnector.transaction`).
    /// `body`'s error is rethrown as it is; a failure of the transaction statements themselves is
    /// a LoopBack error (503, and reconnecting, when the server cannot be reached).
    func transaction<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let key = ObjectIdentifier(self)
        let inner: @Sendable (PostgresConnection) async throws -> T = { connection in
            do { return try await body() } catch { throw BodyError(error: error) }
        }
        do {
            if let connection = PostgresLease.connections[key] {
                return try await PostgresTransaction.savepoint(on: connection, send: self.command) { try await inner(connection) }
            }
            if let unavailable = availability.unavailableError { throw unavailable }
            return try await leasing { connection in
                var connections = PostgresLease.connections
                connections[key] = connection
                return try await PostgresLease.$connections.withValue(connections) {
                    try await PostgresTransaction.run(on: connection, send: self.command) { try await inner(connection) }
                }
            }
        } catch let failure as BodyError {
            throw failure.error
        } catch {
            throw loopBackError(error, model: nil)
        }
    }

    /// Runs `body` with a connection leased from the pool, waiting for one at most the connect
    /// timeout (the pool itself waits as long as the server is down).
    private func leasing<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let lease = LeaseState()
        let client = client
        let limit = settings.connectTimeout
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    guard lease.settle(.leased) else { throw CancellationError() }
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                if lease.settle(.timedOut) { throw LoopBackError(statusCode: 503, message: "no connection within the connect timeout") }
                return nil
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }
}

/// An error of a transaction's body, kept apart from those of the transaction statements.
private struct BodyError: Error {
    let error: any Error
}

/// Whether a connection was leased for a transaction or the wait timed out, whichever came first.
private final class LeaseState: Sendable {
    enum Outcome { case leased, timedOut }
    private let outcome = Mutex<Outcome?>(nil)

    /// Records `outcome` unless the other one came first; returns whether it did.
    func settle(_ outcome: Outcome) -> Bool {
        self.outcome.withLock { settled in
            guard settled == nil else { return false }
            settled = outcome
            return true
        }
    }
}
