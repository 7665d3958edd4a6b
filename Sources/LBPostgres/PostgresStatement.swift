import Logging
import NIOCore
import PostgresNIO

/// Sends one statement with text parameters on a connection and gives the future of its rows,
/// which the request then waits for (`PostgresWatchdog.wait`).
///
/// Every parameter is sent as text, and the SQL types it (`PostgresSQL.parameter`), so a
/// statement means the same whether it is sent unnamed (postgres-nio declares its parameters'
/// types) or prepared (postgres-nio's `prepare(query:)` declares none and PostgreSQL infers them
/// from the SQL).
enum PostgresStatement {
    /// Parses, plans and runs `sql` in one round trip, as the unnamed statement.
    static func unnamed(_ sql: String, _ binds: [String?], on connection: PostgresConnection, logger: Logger) -> EventLoopFuture<[PostgresRow]> {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds { bindings.append(bind) }
        let rows = RowCollector()
        return connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) { rows.rows.append($0) }
            .map { _ in rows.rows }
    }

    /// Runs `prepared`, the statement `sql` prepared on `connection` before; prepares it first
    /// when there is none yet, and hands it to `keep`.
    static func prepared(
        _ sql: String, _ binds: [String?], _ prepared: PreparedQuery?, on connection: PostgresConnection,
        keep: @escaping @Sendable (PreparedQuery) -> Void
    ) -> EventLoopFuture<[PostgresRow]> {
        let data = binds.map { bind in bind.map { PostgresData(string: $0) } ?? PostgresData(type: .text) }
        if let prepared { return prepared.execute(data) }
        return connection.prepare(query: sql).flatMap { prepared in
            keep(prepared)
            return prepared.execute(data)
        }
    }
}

/// The rows of one unnamed statement, appended as they arrive on the connection's event loop
/// (one at a time) and read once its future completes.
private final class RowCollector: @unchecked Sendable {
    var rows: [PostgresRow] = []
}
