import Foundation
import LBCore
import LBRuntime
import LBTesting
import Logging
import PostgresNIO
import Synchronization
import Testing

@testable import LBPostgres

/// How the connector runs its statements: prepared once per connection (or not, with
/// `preparedStatements: false`), healed when a preparation failed, and ended with a 503 after
/// `query_timeout`. On the server of `LBRUN_TEST_POSTGRES_URL` (skipped without one).
@Suite(.enabled(if: PostgresTestServer.url != nil, "LBRUN_TEST_POSTGRES_URL is not set"))
struct PostgresStatementTests {
    let url = PostgresTestServer.url ?? ""
    static let note = #"{ "name": "Note", "properties": { "title": "string", "rank": "number", "done": "boolean" } }"#

    @Test func onlyTheFirstDistinctTextsArePreparedAndAConnectionKeepsItsOwnUntilItClosesWhichIsReported() async throws {
        let closed = Mutex(0)
        let statements = PostgresConnectionRegistry(capacity: 2)
        statements.whenClosed { closed.withLock { $0 += 1 } }
        let connection = try await connect()
        let other = try await connect(id: 2)
        let first = try #require(statements.lookup("SELECT 1::text", on: connection))
        let second = try #require(statements.lookup("SELECT 2::text", on: connection))
        #expect(first.number != second.number && first.prepared == nil)
        #expect(statements.lookup("SELECT 3::text", on: connection) == nil)
        statements.keep(try await connection.prepare(query: "SELECT 1::text").get(), as: first.number, on: connection)
        #expect(statements.lookup("SELECT 1::text", on: connection)?.prepared != nil)
        #expect(statements.lookup("SELECT 1::text", on: other)?.prepared == nil)
        try await connection.close()
        try await Task.sleep(for: .milliseconds(100))
        #expect(closed.withLock { $0 } == 1)
        #expect(statements.lookup("SELECT 1::text", on: connection)?.prepared == nil)
        #expect(statements.lookup("SELECT 1::text", on: other)?.number == first.number)
        try await other.close()
    }

    @Test func onlyStatementsThatTypeEveryParameterAsTextArePrepared() {
        #expect(PostgresConnectionRegistry.typesEveryParameter("SELECT 1"))
        #expect(PostgresConnectionRegistry.typesEveryParameter(#"SELECT $1::text, $2::text::bigint FROM "t" WHERE a = $10::text"#))
        // A `$n` inside a literal or an identifier counts too: such a statement runs unnamed.
        #expect(!PostgresConnectionRegistry.typesEveryParameter(#"SELECT $1::text FROM "t$1""#))
        #expect(!PostgresConnectionRegistry.typesEveryParameter("SELECT $1::bigint"))
        #expect(!PostgresConnectionRegistry.typesEveryParameter("SELECT $1::text[]"))
        #expect(!PostgresConnectionRegistry.typesEveryParameter("SELECT $1::textual"))
        #expect(!PostgresConnectionRegistry.typesEveryParameter("SELECT $1"))
        #expect(!PostgresConnectionRegistry.typesEveryParameter("SELECT $1::text, $2"))
    }

    @Test(arguments: [true, false])
    func readsAndWritesAlikeWithAndWithoutPreparedStatements(prepared: Bool) async throws {
        try await withPostgresApp(url: url, settings: #", "preparedStatements": \#(prepared)"#, models: ["note.json": Self.note]) { app, _ in
            let notes = try app.model("Note")
            // The first insert binds NULLs: that does not fix its parameters' types for later ones.
            _ = try await notes.create(["done": false] as Record)
            _ = try await notes.create(["title": "note 2", "rank": 2.5, "done": true] as Record)
            _ = try await notes.create(["title": "note 3", "rank": 3.5, "done": false] as Record)
            for _ in 1...3 {
                let found = try await notes.find(Filter(where: .condition(path: "done", op: .eq, value: false), order: [OrderItem(path: "rank", descending: true)], limit: 1))
                #expect(found == [["title": "note 3", "rank": 3.5, "done": false, "id": 3]])
                #expect(try await notes.findById(2) == ["title": "note 2", "rank": 2.5, "done": true, "id": 2])
                #expect(try await notes.count(.condition(path: "rank", op: .gt, value: 1)) == 2)
            }
        }
    }

    @Test func aStatementThatFailedToPrepareWorksOnceItsTableIsBack() async throws {
        try await withPostgresApp(url: url, models: ["note.json": Self.note]) { app, schema in
            let notes = try app.model("Note")
            _ = try await notes.create(["title": "kept"] as Record)
            _ = try await postgresSQL(url, [#"ALTER TABLE "\#(schema)"."Note" RENAME TO "Away""#])
            let filter = Filter(where: .condition(path: "title", op: .like, value: "ke%"))
            await #expect(throws: LoopBackError.self) { _ = try await notes.find(filter) }
            _ = try await postgresSQL(url, [#"ALTER TABLE "\#(schema)"."Away" RENAME TO "Note""#])
            for _ in 1...3 {
                #expect(try await notes.find(filter).map { $0["title"] } == ["kept"])
            }
        }
    }

    @Test func aStatementOverTheQueryTimeoutIsA503AndLeavesThePoolHealthy() async throws {
        try await withPostgresApp(url: url, settings: #", "query_timeout": 3000"#, models: ["note.json": Self.note]) { app, schema in
            let notes = try app.model("Note")
            _ = try await patiently { try await notes.create(["title": "first"] as Record) }
            try await withLockedTable(#""\#(schema)"."Note""#) {
                let started = ContinuousClock.now
                do {
                    _ = try await notes.find()
                    Issue.record("a find on a locked table answered")
                } catch let error as LoopBackError {
                    #expect(error.statusCode == 503)
                    #expect(error.message == "no answer from the database in time")
                }
                #expect(ContinuousClock.now - started < .seconds(20))
            }
            #expect(try await patiently { try await notes.find() }.map { $0["title"] } == ["first"])
            _ = try await patiently { try await notes.create(["title": "second"] as Record) }
            #expect(try await patiently { try await notes.count() } == 2)
        }
    }

    @Test func aStatementSentOnAConnectionAlreadyTornDownIsAnsweredAnyway() async throws {
        let watchdog = PostgresWatchdog(limit: .seconds(60), logger: Logger(label: "test"))
        let loop = Task { await watchdog.run() }
        defer { loop.cancel() }
        let connection = try await connect()
        try await connection.close()
        // postgres-nio writes the statement to a channel whose handlers are gone: it never answers.
        let started = ContinuousClock.now
        await #expect(throws: (any Error).self) {
            _ = try await watchdog.wait(for: PostgresStatement.unnamed("SELECT 1", [], on: connection, logger: Logger(label: "test")), on: connection)
        }
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    /// `body`, tried again (up to five times) when a machine busy with every suite at once makes
    /// it exceed the test's short query timeout.
    func patiently<T>(_ body: () async throws -> T) async throws -> T {
        for _ in 1..<5 {
            do { return try await body() } catch let error as LoopBackError where error.message == "no answer from the database in time" {}
        }
        return try await body()
    }

    /// Runs `body` while another connection holds an exclusive lock on `table`.
    func withLockedTable(_ table: String, _ body: () async throws -> Void) async throws {
        let connection = try await connect()
        do {
            try await connection.query("BEGIN", logger: Logger(label: "lock"))
            try await connection.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE"), logger: Logger(label: "lock"))
            try await body()
            try await connection.query("ROLLBACK", logger: Logger(label: "lock"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// A connection of its own to the test server.
    func connect(id: Int = 1) async throws -> PostgresConnection {
        let components = URLComponents(string: url)!
        let configuration = PostgresConnection.Configuration(
            host: components.host!, port: components.port!, username: components.user!, password: nil,
            database: String(components.path.dropFirst()), tls: .disable)
        return try await PostgresConnection.connect(configuration: configuration, id: id, logger: Logger(label: "test"))
    }
}
