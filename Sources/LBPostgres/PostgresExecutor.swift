import Logging
import PostgresNIO

/// The connections that transactions hold, by store, for the task running the transaction and
/// the tasks it starts.
enum PostgresLease {
    @TaskLocal static var connections: [ObjectIdentifier: PostgresConnection] = [:]
}

/// Where one operation's statements run: on a connection of the pool, or, inside a transaction
/// (`PostgresStore.transaction`), on the connection the transaction holds.
struct PostgresExecutor: Sendable {
    let client: PostgresClient
    /// The connection of the transaction the operation is part of, if any.
    let leased: PostgresConnection?
    /// Where the operation is watched for taking too long, and its number there.
    var watch: (watchdog: PostgresWatchdog, operation: Int)?

    /// Runs `body` on the transaction's connection, or on one leased from the pool.
    func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        if let leased { return try await body(watched(leased)) }
        return try await client.withConnection { connection in try await body(watched(connection)) }
    }

    private func watched(_ connection: PostgresConnection) -> PostgresConnection {
        if let watch { watch.watchdog.attach(connection, to: watch.operation) }
        return connection
    }

    /// Runs `body` in a transaction of its own, or in a savepoint of the enclosing one: its
    /// statements all take effect, or none.
    func withTransaction<T: Sendable>(logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        if let leased { return try await PostgresTransaction.savepoint(on: watched(leased), logger: logger) { try await body(leased) } }
        return try await client.withConnection { connection in
            try await PostgresTransaction.run(on: watched(connection), logger: logger) { try await body(connection) }
        }
    }
}

/// Transaction statements on one connection. Unlike postgres-nio's `withTransaction`, the error of
/// the body is rethrown as it is (not wrapped), so it keeps its meaning for `PostgresErrors`.
enum PostgresTransaction {
    /// Runs `body` between `BEGIN` and `COMMIT`; `ROLLBACK` when it throws.
    static func run<T>(on connection: PostgresConnection, logger: Logger, _ body: () async throws -> T) async throws -> T {
        try await enclose(on: connection, logger: logger, begin: "BEGIN", commit: "COMMIT", rollback: "ROLLBACK", body)
    }

    /// Runs `body` in a savepoint of the transaction `connection` is in: released when it
    /// returns, rolled back to when it throws. Savepoints nest.
    static func savepoint<T>(on connection: PostgresConnection, logger: Logger, _ body: () async throws -> T) async throws -> T {
        try await enclose(
            on: connection, logger: logger, begin: "SAVEPOINT lbrun_savepoint", commit: "RELEASE SAVEPOINT lbrun_savepoint",
            rollback: "ROLLBACK TO SAVEPOINT lbrun_savepoint", body)
    }

    private static func enclose<T>(
        on connection: PostgresConnection, logger: Logger, begin: String, commit: String, rollback: String, _ body: () async throws -> T
    ) async throws -> T {
        try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
        let value: T
        do {
            value = try await body()
        } catch {
            do {
                try await connection.query(PostgresQuery(unsafeSQL: rollback), logger: logger)
            } catch {
                // A connection that cannot roll back must not go back to the pool mid-transaction.
                try? await connection.close()
            }
            throw error
        }
        try await connection.query(PostgresQuery(unsafeSQL: commit), logger: logger)
        return value
    }
}
