import Logging
import PostgresNIO
import Synchronization

/// The names of the statements a datasource prepares, one per distinct SQL text.
///
/// The connector's SQL depends only on the shape of a request (which model, which operators,
/// which fields), never on its values, which are parameters; so a few statements serve every
/// request and each is parsed and planned once per connection instead of once per request. The
/// first `capacity` distinct texts get a name; later ones run unnamed, so that no sequence of
/// requests can make a connection hold an unbounded number of statements.
final class PostgresStatementNames: Sendable {
    let capacity: Int
    private let names = Mutex<[String: String]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The name `sql` is prepared under, or `nil` to run it unnamed.
    func name(for sql: String) -> String? {
        names.withLock { names in
            if let name = names[sql] { return name }
            guard names.count < capacity else { return nil }
            let name = "lbrun_\(names.count + 1)"
            names[sql] = name
            return name
        }
    }
}

/// A statement whose text is chosen at run time, for postgres-nio's prepared statements.
///
/// postgres-nio prepares a `PostgresPreparedStatement` on a connection the first time it runs
/// there and keeps it by name; it reads the name, text and parameter types from the type, as it
/// starts the execution. Here they are those of `current`, bound around the call by `run`.
/// Every parameter is text (the SQL casts each one), so a first execution with a NULL cannot
/// give a parameter another type.
struct PostgresNamedStatement: PostgresPreparedStatement {
    struct Text: Sendable {
        var name = ""
        var sql = ""
        var parameters = 0
    }

    @TaskLocal static var current = Text()

    static var name: String { current.name }
    static var sql: String { current.sql }
    static var bindingDataTypes: [PostgresDataType] { Array(repeating: .text, count: current.parameters) }

    typealias Row = PostgresRow
    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }

    /// Runs `sql` on `connection` as the prepared statement `name`; returns its rows.
    static func run(
        _ name: String, _ sql: String, bindings: PostgresBindings, on connection: PostgresConnection, logger: Logger
    ) async throws -> [PostgresRow] {
        try await $current.withValue(Text(name: name, sql: sql, parameters: bindings.count)) {
            var rows: [PostgresRow] = []
            for try await row in try await connection.execute(PostgresNamedStatement(bindings: bindings), logger: logger) {
                rows.append(row)
            }
            return rows
        }
    }
}
