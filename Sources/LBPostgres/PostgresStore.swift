import Foundation
import LBCore
import LBPlan
import LBRuntime
import Logging
import PostgresNIO
import Synchronization

/// The connection pool of one `postgresql` datasource, and every operation on its tables.
///
/// Each operation runs on the pool (`PostgresClient`); multi-statement writes run in one
/// transaction. A failure to reach the server turns the datasource unavailable (503 at once for
/// every request) until `PostgresAvailability`'s loop has reconnected and prepared the tables.
final class PostgresStore: Sendable {
    let dataSource: String
    let settings: PostgresSettings
    let logger: Logger
    let client: PostgresClient
    let availability: PostgresAvailability
    /// The connections operations used, and their prepared statements.
    let connections: PostgresConnectionRegistry
    /// The check of whether the server still accepts connections, while one runs.
    private let serverCheck = Mutex<Task<Void, Never>?>(nil)
    /// Ends statements that take longer than the `query_timeout` setting or lost their connection.
    let watchdog: PostgresWatchdog
    private let runners = Mutex<[Task<Void, Never>]>([])
    /// Tables by model name, built once in `prepare`.
    let tables = Mutex<[String: PostgresTable]>([:])
    /// How many distinct statements each connection prepares at most.
    static let preparedStatementLimit = 200

    init(dataSource: String, settings: PostgresSettings, logger: Logger) {
        self.dataSource = dataSource
        self.settings = settings
        self.logger = logger
        client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        availability = PostgresAvailability(dataSource: dataSource, address: settings.address, logger: logger)
        watchdog = PostgresWatchdog(limit: settings.queryTimeout, logger: logger)
        connections = PostgresConnectionRegistry(capacity: settings.preparedStatements ? Self.preparedStatementLimit : 0)
    }

    // MARK: Lifecycle

    /// Starts the pool and creates the schema, tables and columns of `tables`. When the server
    /// cannot be reached, fails with `failFast`, else answers 503 and reconnects in the background.
    func prepare(_ tables: [PostgresTable]) async throws {
        connections.whenClosed { [weak self] in self?.checkServer() }
        let pool = Task { [client] in await client.run() }
        let watching = Task { [watchdog] in await watchdog.run() }
        runners.withLock { $0 = [pool, watching] }
        do {
            try await createTables()
        } catch {
            var kind = PostgresErrors.classify(error, model: nil)
            if case .answer(let answer) = kind, answer.statusCode == 503 { kind = .unavailable(answer.message) }
            switch kind {
            case .answer(let answer):
                throw answer
            case .unavailable(let reason):
                if settings.failFast {
                    throw LoopBackError(
                        statusCode: 503, message: "cannot reach PostgreSQL at \(settings.address) (failFast is set): \(reason)")
                }
                availability.markUnavailable(reason) { [self] in try await reconnect() }
            }
        }
    }

    /// Creates what the tables need. Each schema is prepared under a lock, so that lbrun processes
    /// sharing the database take turns.
    private func createTables() async throws {
        let tables = tables.withLock { Array($0.values) }.sorted { $0.model < $1.model }
        let client = client
        let logger = logger
        // The pool waits for a server that is down instead of failing: give it the connect timeout.
        _ = try await withDeadline(settings.connectTimeout, timeout: { LoopBackError(statusCode: 503, message: "no connection within the connect timeout") }) {
            try await client.query("SELECT 1", logger: logger)
        }
        try await PostgresExecutor(store: self, leased: nil).withTransaction { connection in
            for schema in Set(tables.map(\.schema)).sorted() {
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(schema)))", logger: logger)
            }
            for schema in Set(tables.map(\.schema)).sorted() {
                try await connection.query(PostgresQuery(unsafeSQL: PostgresTable.createSchemaStatement(schema)), logger: logger)
            }
            for table in tables {
                try await connection.query(PostgresQuery(unsafeSQL: table.createStatement), logger: logger)
                for statement in table.addColumnStatements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            }
        }
    }

    /// One attempt of the reconnection loop: a connection of its own first, so that the pool
    /// opens none (and starts no backoff of its own) while the server is still down; then the
    /// tables, through the pool.
    private func reconnect() async throws {
        try await withSchemaConnection { _ in }
        try await createTables()
    }

    func close() async {
        await availability.close()
        for task in runners.withLock({ $0 }) {
            task.cancel()
            await task.value
        }
    }

    // MARK: Running statements

    /// Runs `body` with the pool (or with the connection of the transaction the task is in),
    /// turning failures into LoopBack errors (503 when the server cannot be reached, which also
    /// starts reconnecting, and when a statement took longer than the `query_timeout` setting).
    func run<T: Sendable>(_ model: ModelPlan, _ body: (PostgresExecutor) async throws -> T) async throws -> T {
        // While the server is being checked, its answer decides: the pool would wait for a server
        // that is down.
        if let check = serverCheck.withLock({ $0 }) { await check.value }
        if let unavailable = availability.unavailableError { throw unavailable }
        do {
            return try await body(PostgresExecutor(store: self, leased: PostgresLease.connections[ObjectIdentifier(self)]))
        } catch {
            throw loopBackError(error, model: model)
        }
    }

    /// After a connection closed (the server may have gone): when the server does not accept a
    /// new connection, the datasource is unavailable — requests answer 503 at once instead of
    /// waiting for the pool, which waits for a server that is down until it gives up.
    private func checkServer() {
        guard availability.unavailableError == nil, !availability.isClosed else { return }
        serverCheck.withLock { running in
            guard running == nil else { return }
            running = Task { [self] in
                defer { serverCheck.withLock { $0 = nil } }
                do {
                    try await withSchemaConnection { _ in }
                } catch let error as LoopBackError where error.statusCode == 503 {
                    _ = markUnavailable(error.message)
                } catch {
                    // A wrong password or an unknown database is for the requests to report.
                }
            }
        }
    }

    /// The LoopBack error `error` answers with; one saying the server cannot be reached also
    /// turns the datasource unavailable, which starts reconnecting.
    func loopBackError(_ error: any Error, model: ModelPlan?) -> LoopBackError {
        // A statement over the time limit is not a sign that the server is down: the datasource
        // stays available.
        if error is PostgresWatchdog.TimedOut { return LoopBackError(statusCode: 503, message: "no answer from the database in time") }
        switch PostgresErrors.classify(error, model: model) {
        case .answer(let answer):
            return answer.statusCode == 503 ? markUnavailable(answer.message) : answer
        case .unavailable(let reason):
            return markUnavailable(reason)
        }
    }

    private func markUnavailable(_ reason: String) -> LoopBackError {
        availability.markUnavailable(reason) { [self] in try await reconnect() }
        return availability.error(reason: reason)
    }

    /// The rows of an operation's statement: run as a prepared statement (parsed and planned once
    /// per connection) while the datasource has room for more, else unnamed.
    func execute(_ connection: PostgresConnection, _ sql: String, _ binds: [String?]) async throws -> [PostgresRow] {
        guard let (number, statement) = connections.lookup(sql, on: connection) else {
            logger.trace("postgresql: \(sql)")
            return try await watchdog.wait(for: PostgresStatement.unnamed(sql, binds, on: connection, logger: logger), on: connection)
        }
        logger.trace("postgresql: statement \(number): \(sql)")
        do {
            return try await watchdog.wait(for: PostgresStatement.prepared(sql, binds, statement, on: connection) { [connections] in
                connections.keep($0, as: number, on: connection)
            }, on: connection)
        } catch where Self.failsWhilePreparing(error) {
            // The statement, or a plan PostgreSQL cached for it, names what is not there (any
            // more): a fresh connection prepares it again.
            try? await connection.close()
            throw error
        }
    }

    /// Sends `sql`, a statement without parameters or rows (`BEGIN`, `COMMIT` …), unnamed.
    func command(_ sql: String, on connection: PostgresConnection) async throws {
        _ = try await watchdog.wait(for: PostgresStatement.unnamed(sql, [], on: connection, logger: logger), on: connection)
    }

    /// True for the errors PostgreSQL answers a statement's preparation with: the SQL itself or
    /// the objects it names (SQLSTATE classes 42, 0A, 3F, 26).
    static func failsWhilePreparing(_ error: any Error) -> Bool {
        guard let state = PostgresErrors.sqlState(of: error) else { return false }
        return ["42", "0A", "3F", "26"].contains(String(state.prefix(2)))
    }

    /// The rows of `sql`, each cell read as text (schema reads on a connection of their own).
    static func rows(_ connection: PostgresConnection, _ sql: String, _ binds: [String?], logger: Logger) async throws -> [[String?]] {
        try await PostgresStatement.unnamed(sql, binds, on: connection, logger: logger).get().map { $0.map(PostgresRowCodec.text) }
    }
}

