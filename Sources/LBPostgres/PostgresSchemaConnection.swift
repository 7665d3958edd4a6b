import LBRuntime
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// A connection of its own, outside the pool, for `lbrun migrate` and `lbrun discover` (and the
/// seed lock, `PostgresSeedLock.swift`): a server
/// that refuses the connection, a wrong password or an unknown database is reported at once with
/// its reason (the pool would keep waiting for a server to come back).
extension PostgresStore {
    /// Runs `body` on a new connection, then closes it. Every failure is a `LoopBackError`: 503
    /// "cannot reach PostgreSQL at host:port/db: …" when there is no connection, else 500 with the
    /// server's message, detail and SQLSTATE.
    func withSchemaConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try settings.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw schemaError(error)
        }
        do {
            let value = try await body(connection)
            try? await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw schemaError(error)
        }
    }

    private func schemaError(_ error: any Error) -> LoopBackError {
        if let error = error as? LoopBackError { return error }
        guard let error = error as? PSQLError else {
            return LoopBackError(statusCode: 503, message: "cannot reach PostgreSQL at \(settings.address): \(error)")
        }
        guard let info = error.serverInfo, let state = info[.sqlState] else {
            let reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
            return LoopBackError(statusCode: 503, message: "cannot reach PostgreSQL at \(settings.address): \(reason)")
        }
        if PostgresErrors.meansUnreachable(state) {
            return LoopBackError(statusCode: 503, message: "cannot reach PostgreSQL at \(settings.address): \(info[.message] ?? state)")
        }
        let detail = info[.detail].map { " (\($0))" } ?? ""
        return LoopBackError(statusCode: 500, message: "postgresql: \(info[.message] ?? state)\(detail) [SQLSTATE \(state)]")
    }
}

extension PostgresSettings {
    /// The configuration of one connection outside the pool, with the pool's TLS and connect timeout.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if let mode = tlsMode {
            let context = try NIOSSLContext(configuration: mode.configuration)
            tls = mode.required ? .require(context) : .prefer(context)
        } else {
            tls = .disable
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .nanoseconds(Int64(connectTimeout / .nanoseconds(1)))
        return configuration
    }
}
