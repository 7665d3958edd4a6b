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
    let store: PostgresStore
    /// The connection of the transaction the operation is part of, if any.
    let leased: PostgresConnection?

    /// Runs `body` on the transaction's connection, or on one leased from the pool.
    func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        if let leased { return try await body(leased) }
        return try await store.client.withConnection { connection in try await body(connection) }
    }

    /// Runs `body` in a transaction of its own, or in a savepoint of the enclosing one: its
    /// statements all take effect, or none.
    func withTransaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let store = store
        if let leased { return try await PostgresTransaction.savepoint(on: leased, send: store.command) { try await body(leased) } }
        return try await store.client.withConnection { connection in
            try await PostgresTransaction.run(on: connection, send: store.command) { try await body(connection) }
        }
    }
}

/// Transaction statements on one connection. Unlike postgres-nio's `withTransaction`, the error of
/// the body is rethrown as it is (not wrapped), so it keeps its meaning for `PostgresErrors`.
enum PostgresTransaction {
    /// Sends one statement without parameters on a connection.
    typealias Send = (_ sql: String, _ connection: PostgresConnection) async throws -> Void

    /// Runs `body` between `BEGIN` and `COMMIT`; `ROLLBACK` when it throws.
    static func run<T>(on connection: PostgresConnection, send: Send, _ body: () async throws -> T) async throws -> T {
        try await enclose(on: connection, send: send, begin: "BEGIN", commit: "COMMIT", rollback: "ROLLBACK", body)
    }

    /// Runs `body` in a savepoint of the transaction `connection` is in: released when it
    /// returns, rolled back to when it throws. Savepoints nest.
    static func savepoint<T>(on connection: PostgresConnection, send: Send, _ body: () async throws -> T) async throws -> T {
        try await enclose(
            on: connection, send: send, begin: "SAVEPOINT lbrun_savepoint", commit: "RELEASE SAVEPOINT lbrun_savepoint",
            rollback: "ROLLBACK TO SAVEPOINT lbrun_savepoint", body)
    }

    /// Sends statements unnamed, for connections outside a store's pool.
    static func plain(logger: Logger) -> Send {
        { sql, connection in _ = try await PostgresStatement.unnamed(sql, [], on: connection, logger: logger).get() }
    }

    private static func enclose<T>(
        on connection: PostgresConnection, send: Send, begin: String, commit: String, rollback: String, _ body: () async throws -> T
    ) async throws -> T {
        try await send(begin, connection)
        let value: T
        do {
            value = try await body()
        } catch {
            do {
                try await send(rollback, connection)
            } catch {
                // A connection that cannot roll back must not go back to the pool mid-transaction.
                try? await connection.close()
            }
            throw error
        }
        try await send(commit, connection)
        return value
    }
}
