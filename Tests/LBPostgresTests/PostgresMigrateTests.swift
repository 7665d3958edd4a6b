import Foundation
import LBCore
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import Testing

/// `lbrun migrate` on PostgreSQL (skipped without `LBRUN_TEST_POSTGRES_URL`): each test works in a
/// schema of its own.
@Suite(.enabled(if: PostgresTestServer.url != nil, "LBRUN_TEST_POSTGRES_URL is not set"))
struct PostgresMigrateTests {
    let url = PostgresTestServer.url ?? ""

    /// `Note` with every form of index LoopBack 3 writes, in table `notes`.
    static let note = #"""
        { "name": "Note", "postgresql": { "table": "notes" },
          "properties": {
            "title": { "type": "string", "index": { "unique": true } },
            "body": { "type": "string", "postgresql": { "columnName": "note_body" } },
            "stars": { "type": "number", "index": true },
            "meta": { "type": "object" } },
          "indexes": {
            "by_both": { "keys": { "title": 1, "stars": -1 }, "options": { "unique": true } },
            "by_columns": { "columns": "note_body, stars" },
            "by_stars": { "stars": -1 } } }
        """#

    /// An app with `models` (file name → JSON) on datasource `db`, in `schema`.
    func makeApp(schema: String, models: [String: String] = ["note.json": note], url: String? = nil) throws -> TemporaryApp {
        try TemporaryApp(postgresAppFiles(url: url ?? self.url, schema: schema, models: models))
    }

    func migrate(_ app: borrowing TemporaryApp, mode: MigrationMode = .update, dryRun: Bool = false) async throws -> [String] {
        let plan = try LBRun.compile(appDirectory: app.path, environment: "production", variables: [:], dataSources: []).plan
        let reports = try await Migration.run(plan, appDirectory: app.path, mode: mode, dryRun: dryRun, logger: Logger(label: "test"))
        return reports.flatMap(\.statements)
    }

    @Test func migratingTwiceIsANoOpTheSecondTime() async throws {
        let schema = PostgresTestServer.freshSchema()
        let app = try makeApp(schema: schema)
        let first = try await migrate(app)
        #expect(
            first == [
                #"CREATE SCHEMA IF NOT EXISTS "\#(schema)""#,
                #"CREATE TABLE IF NOT EXISTS "\#(schema)"."notes" ("title" TEXT, "note_body" TEXT, "stars" DOUBLE PRECISION, "meta" JSON, "id" BIGSERIAL NOT NULL, "_lbrun_row" BIGSERIAL, "_lbrun_extra" JSON, PRIMARY KEY ("id"))"#,
                #"CREATE UNIQUE INDEX "notes_by_both" ON "\#(schema)"."notes" ("title", "stars" DESC)"#,
                #"CREATE INDEX "notes_by_columns" ON "\#(schema)"."notes" ("note_body", "stars")"#,
                #"CREATE INDEX "notes_by_stars" ON "\#(schema)"."notes" ("stars" DESC)"#,
                #"CREATE UNIQUE INDEX "notes_title_index" ON "\#(schema)"."notes" ("title")"#,
                #"CREATE INDEX "notes_stars_index" ON "\#(schema)"."notes" ("stars")"#,
            ])
        #expect(try await migrate(app) == [])
        // A server started on the migrated tables leaves nothing for the next migration.
        let booted = try await LBRun.boot(appDirectory: app.path, environment: "production", variables: [:], logger: Logger(label: "test"))
        _ = try await booted.model("Note").create(["title": "kept"] as JSONValue)
        await booted.shutdown()
        #expect(try await migrate(app) == [])
    }

    @Test func indexesAreCreatedAsDeclared() async throws {
        let schema = PostgresTestServer.freshSchema()
        let app = try makeApp(schema: schema)
        _ = try await migrate(app)
        let indexes = try await postgresSQL(
            url, ["SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = '\(schema)' AND tablename = 'notes' ORDER BY indexname"])
        #expect(indexes.map { $0[0] ?? "" } == ["notes_by_both", "notes_by_columns", "notes_by_stars", "notes_pkey", "notes_stars_index", "notes_title_index"])
        let definitions = Dictionary(uniqueKeysWithValues: indexes.map { ($0[0] ?? "", $0[1] ?? "") })
        #expect(definitions["notes_by_both"] == "CREATE UNIQUE INDEX notes_by_both ON \(schema).notes USING btree (title, stars DESC)")
        #expect(definitions["notes_by_columns"] == "CREATE INDEX notes_by_columns ON \(schema).notes USING btree (note_body, stars)")
        #expect(definitions["notes_title_index"] == "CREATE UNIQUE INDEX notes_title_index ON \(schema).notes USING btree (title)")
        // The unique index is enforced: a second "a" is LoopBack's 409.
        let booted = try await LBRun.boot(appDirectory: app.path, environment: "production", variables: [:], logger: Logger(label: "test"))
        _ = try await booted.model("Note").create(["title": "a"] as JSONValue)
        await #expect(throws: LoopBackError.self) { _ = try await booted.model("Note").create(["title": "a"] as JSONValue) }
        await booted.shutdown()
    }

    @Test func anAddedPropertyIsAnAddedColumnWithItsIndexAndRowsStay() async throws {
        let schema = PostgresTestServer.freshSchema()
        let v1 = #"{ "name": "Note", "properties": { "title": "string" } }"#
        let app = try makeApp(schema: schema, models: ["note.json": v1])
        _ = try await migrate(app)
        try await postgresSQL(url, [#"INSERT INTO "\#(schema)"."Note" (title) VALUES ('kept')"#])
        try app.write(
            "common/models/note.json",
            Data(#"{ "name": "Note", "properties": { "title": "string", "due": { "type": "date", "index": true } } }"#.utf8))
        #expect(
            try await migrate(app) == [
                #"ALTER TABLE "\#(schema)"."Note" ADD COLUMN IF NOT EXISTS "due" TIMESTAMPTZ"#,
                #"CREATE INDEX "Note_due_index" ON "\#(schema)"."Note" ("due")"#,
            ])
        #expect(try await migrate(app) == [])
        #expect(try await postgresSQL(url, [#"SELECT title FROM "\#(schema)"."Note""#]) == [["kept"]])
    }

    @Test func tablesOfOtherModelsAndSchemasAreLeftAlone() async throws {
        let schema = PostgresTestServer.freshSchema()
        let other = PostgresTestServer.freshSchema()
        try await postgresSQL(url, [#"CREATE SCHEMA "\#(schema)""#, #"CREATE TABLE "\#(schema)".legacy (id integer, note text)"#])
        let tag = #"{ "name": "Tag", "postgresql": { "schema": "\#(other)", "table": "tags" }, "properties": { "label": "string" } }"#
        let app = try makeApp(schema: schema, models: ["note.json": Self.note, "tag.json": tag])
        let statements = try await migrate(app)
        // The datasource's schema exists: only the model's own schema is created.
        #expect(statements.filter { $0.hasPrefix("CREATE SCHEMA") } == [#"CREATE SCHEMA IF NOT EXISTS "\#(other)""#])
        #expect(!statements.contains { $0.contains("legacy") })
        let recreate = try await migrate(app, mode: .recreate)
        // Models come in model-config order, which this app leaves open.
        #expect(
            Set(recreate.filter { $0.hasPrefix("DROP") }) == [
                #"DROP TABLE IF EXISTS "\#(schema)"."notes" CASCADE"#, #"DROP TABLE IF EXISTS "\#(other)"."tags" CASCADE"#,
            ])
        #expect(try await postgresSQL(url, [#"SELECT count(*)::text FROM "\#(schema)".legacy"#]) == [["0"]])
    }

    @Test("migrate --dry-run prints the DDL and changes nothing")
    func dryRun() async throws {
        let schema = PostgresTestServer.freshSchema()
        let app = try makeApp(schema: schema)
        let run = try LBRunCLI.run("migrate", app.path, "--dry-run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("-- datasource 'db' (postgresql)\nCREATE SCHEMA IF NOT EXISTS \"\(schema)\";\nCREATE TABLE IF NOT EXISTS"))
        #expect(run.stdout.contains(#"CREATE UNIQUE INDEX "notes_title_index" ON "\#(schema)"."notes" ("title");"#))
        #expect(run.stdout.hasSuffix("-- dry run: nothing changed\n"))
        #expect(try await postgresSQL(url, ["SELECT count(*)::text FROM pg_namespace WHERE nspname = '\(schema)'"]) == [["0"]])
        let applied = try LBRunCLI.run("migrate", app.path, "--datasource", "db")
        #expect(applied.stdout.hasSuffix("-- applied 7 statements\n"))
        let again = try LBRunCLI.run("migrate", app.path)
        #expect(again.stdout == "-- datasource 'db' (postgresql)\n-- nothing to do\n")
    }

    @Test("migrate --recreate drops the rows")
    func recreateDropsData() async throws {
        let schema = PostgresTestServer.freshSchema()
        let app = try makeApp(schema: schema)
        #expect(try LBRunCLI.run("migrate", app.path).status == 0)
        try await postgresSQL(url, [#"INSERT INTO "\#(schema)"."notes" (title) VALUES ('a'), ('b')"#])
        let run = try LBRunCLI.run("migrate", app.path, "--recreate")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#"DROP TABLE IF EXISTS "\#(schema)"."notes" CASCADE;"#))
        #expect(run.stderr.contains("warning: --recreate dropped the tables of 'Note' in datasource 'db', with their rows"))
        #expect(try await postgresSQL(url, [#"SELECT count(*)::text FROM "\#(schema)"."notes""#]) == [["0"]])
        #expect(try await postgresSQL(url, ["SELECT count(*)::text FROM pg_indexes WHERE schemaname = '\(schema)'"]) == [["6"]])
    }

    @Test("a failing statement changes nothing, and the error names it")
    func failureChangesNothing() async throws {
        let schema = PostgresTestServer.freshSchema()
        let app = try makeApp(schema: schema)
        #expect(try LBRunCLI.run("migrate", app.path).status == 0)
        // Rows that break the unique index a new property asks for, after a column to add.
        try await postgresSQL(url, [
            #"INSERT INTO "\#(schema)"."notes" (title) VALUES ('a'), ('b')"#, #"ALTER TABLE "\#(schema)"."notes" ADD COLUMN code text DEFAULT 'same'"#,
        ])
        let extended = Self.note.replacingOccurrences(
            of: #""meta": { "type": "object" } }"#, with: #""meta": { "type": "object" }, "extra": "string", "code": { "type": "string", "index": { "unique": true } } }"#)
        try app.write("common/models/note.json", Data(extended.utf8))
        let run = try LBRunCLI.run("migrate", app.path)
        #expect(run.status == 3)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("cannot migrate datasource 'db': postgresql: could not create unique index \"notes_code_index\""))
        #expect(run.stderr.contains("SQLSTATE 23505"))
        let columns = try await postgresSQL(
            url, ["SELECT column_name FROM information_schema.columns WHERE table_schema = '\(schema)' AND column_name = 'extra'"])
        #expect(columns.isEmpty)
    }

    @Test("an index naming no property, or a JSON column, stops the migration with a message naming it")
    func badIndexes() async throws {
        let schema = PostgresTestServer.freshSchema()
        let unknown = #"{ "name": "Note", "properties": { "title": "string" }, "indexes": { "by_x": { "keys": { "x": 1 } } } }"#
        let first = try makeApp(schema: schema, models: ["note.json": unknown])
        let run = try LBRunCLI.run("migrate", first.path)
        #expect(run.status == 3)
        #expect(run.stderr.contains("postgresql: index 'by_x' of model Note names 'x', which is neither a property nor a column"))
        let json = #"{ "name": "Note", "properties": { "meta": { "type": "object", "index": true } } }"#
        let second = try makeApp(schema: schema, models: ["note.json": json])
        let refused = try LBRunCLI.run("migrate", second.path)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains(#"covers column "meta" of type JSON, which PostgreSQL cannot index"#))
    }

    @Test("a server that cannot be reached is a clear error, not a wait")
    func unreachable() async throws {
        let app = try makeApp(schema: "s", url: "postgres://lbrun@127.0.0.1:1/none")
        let run = try LBRunCLI.run("migrate", app.path)
        #expect(run.status == 3)
        #expect(run.stderr.contains("cannot migrate datasource 'db': cannot reach PostgreSQL at 127.0.0.1:1/none"))
    }
}
