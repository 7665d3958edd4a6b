import LBCore
public import LBPlan
import LBRuntime
import Logging
import PostgresNIO

extension PostgresConnector {
    /// Seeds `model` under a PostgreSQL advisory lock named after its table, so that lbrun
    /// processes booting together on one database take turns: the first finds the table empty and
    /// creates the seed records, the others find them there and create nothing.
    ///
    /// The lock is a session lock held on a connection of its own, outside the pool: `body` creates
    /// the records through the pool, which may have a single connection. It is released when
    /// `body` ends, and by the server if this process dies. A process waits for it at most
    /// `PostgresStore.seedLockTimeout` (PostgreSQL's `lock_timeout`); then its boot fails.
    public func exclusiveSeeding(of model: ModelPlan, _ body: () async throws -> Void) async throws {
        // A database that cannot be reached: `body` fails as any other operation does.
        guard store.availability.unavailableError == nil else { return try await body() }
        let table = try table(model)
        let connection = try await store.seedLockConnection()
        let key = table.qualifiedName
        let logger = store.logger
        do {
            let timeout = PostgresStore.seedLockTimeout.components.seconds
            try await connection.query(PostgresQuery(unsafeSQL: "SET lock_timeout = '\(timeout)s'"), logger: logger)
            try await connection.query("SELECT pg_advisory_lock(hashtext('lbrun.seed'), hashtext(\(key)))", logger: logger)
        } catch {
            try? await connection.close()
            throw LoopBackError(
                statusCode: 503,
                message: "postgresql: datasource '\(store.dataSource)': cannot take the seed lock of model '\(model.name)' "
                    + "(another lbrun process may be seeding it): \(PostgresStore.describe(error))")
        }
        do {
            try await body()
        } catch {
            try? await connection.close()
            throw error
        }
        _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext('lbrun.seed'), hashtext(\(key)))", logger: logger)
        try? await connection.close()
    }
}

extension PostgresStore {
    /// How long a booting process waits for another one's seeding of a model.
    static let seedLockTimeout = Duration.seconds(120)

    /// A connection outside the pool, with the datasource's settings.
    func seedLockConnection() async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: try settings.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw LoopBackError(
                statusCode: 503, message: "cannot reach PostgreSQL at \(settings.address) to seed: \(Self.describe(error))")
        }
    }

    /// The server's message of a PostgreSQL error, else the error's description.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] { return message }
        return (error as? LoopBackError)?.message ?? "\(error)"
    }
}
