import Foundation
import LBCore
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import Testing

/// Bulk create on PostgreSQL is one transaction: all the records of a `POST` with a JSON array are
/// stored, or none (skipped without `LBRUN_TEST_POSTGRES_URL`).
@Suite(.enabled(if: PostgresTestServer.url != nil, "LBRUN_TEST_POSTGRES_URL is not set"))
struct PostgresBulkCreateTests {
    let url = PostgresTestServer.url ?? ""

    /// `Note` in `schema`, its table migrated (with the unique index on `title`), and `body` made
    /// NOT NULL in the database only, so that the database is what refuses a note without one.
    func migratedApp(schema: String) async throws -> TemporaryApp {
        let note = #"{ "name": "Note", "properties": { "title": { "type": "string", "index": { "unique": true } }, "body": "string" } }"#
        let app = try TemporaryApp(postgresAppFiles(url: url, schema: schema, models: ["note.json": note]))
        let migrated = try LBRunCLI.run("migrate", app.path)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        try await postgresSQL(url, [#"ALTER TABLE "\#(schema)"."Note" ALTER COLUMN body SET NOT NULL"#])
        return app
    }

    func rowCount(_ schema: String) async throws -> String? {
        try await postgresSQL(url, [#"SELECT count(*)::text FROM "\#(schema)"."Note""#]).first?.first ?? nil
    }

    @Test("a row the database refuses (NOT NULL, unique) leaves none of the array's rows; a valid array stores them all")
    func allOrNothing() async throws {
        let schema = PostgresTestServer.freshSchema()
        let app = try await migratedApp(schema: schema)
        let server = try LBRunServer(app: app.path)
        defer { server.stop() }

        let notNull = try await server.request("POST", "/api/Notes", body: #"[{"title": "a", "body": "x"}, {"title": "b"}, {"title": "c", "body": "z"}]"#)
        #expect(notNull.status == 500)
        let details = ((notNull.json as? [String: Any])?["error"] as? [String: Any])?["details"] as? [Any]
        #expect(details?.count == 3)
        #expect(details?[0] is NSNull)
        #expect(((details?[1] as? [String: Any])?["statusCode"] as? Int) == 400)
        // The item after the failed one is still tried (in its own savepoint), and reported as fine.
        #expect(details?[2] is NSNull)
        #expect(try await rowCount(schema) == "0")

        let duplicate = try await server.request("POST", "/api/Notes", body: #"[{"title": "a", "body": "x"}, {"title": "a", "body": "y"}]"#)
        #expect(duplicate.status == 500)
        let duplicateDetails = ((duplicate.json as? [String: Any])?["error"] as? [String: Any])?["details"] as? [Any]
        #expect(((duplicateDetails?[1] as? [String: Any])?["statusCode"] as? Int) == 409)
        #expect(try await rowCount(schema) == "0")

        let valid = try await server.request("POST", "/api/Notes", body: #"[{"title": "a", "body": "x"}, {"title": "b", "body": "y"}]"#)
        #expect(valid.status == 200)
        #expect((valid.json as? [[String: Any]])?.compactMap { $0["title"] as? String } == ["a", "b"])
        #expect(try await rowCount(schema) == "2")

        // A duplicate of a stored row undoes the new rows too; the stored ones stay.
        let clash = try await server.request("POST", "/api/Notes", body: #"[{"title": "c", "body": "x"}, {"title": "a", "body": "y"}]"#)
        #expect(clash.status == 500)
        #expect(try await postgresSQL(url, [#"SELECT title FROM "\#(schema)"."Note" ORDER BY title"#]) == [["a"], ["b"]])
        // The datasource is still available, and single creates are unaffected.
        let single = try await server.request("POST", "/api/Notes", body: #"{"title": "c", "body": "x"}"#)
        #expect(single.status == 200)
        #expect(try await rowCount(schema) == "3")
    }

    @Test("a transaction stores its writes when it returns and none when it throws; a nested one is a savepoint")
    func transactionsAndSavepoints() async throws {
        let schema = PostgresTestServer.freshSchema()
        let app = try await migratedApp(schema: schema)
        let booted = try await LBRun.boot(appDirectory: app.path, environment: "production", variables: [:], logger: Logger(label: "test"))
        do {
            let notes = try booted.model("Note")
            struct Undo: Error {}
            await #expect(throws: Undo.self) {
                try await notes.atomically {
                    _ = try await notes.create(["title": "undone", "body": "x"] as JSONValue)
                    throw Undo()
                }
            }
            #expect(try await rowCount(schema) == "0")
            let kept = try await notes.atomically {
                _ = try await notes.create(["title": "first", "body": "x"] as JSONValue)
                let failed = await #expect(throws: LoopBackError.self) {
                    try await notes.atomically { try await notes.create(["title": "first", "body": "y"] as JSONValue) }
                }
                #expect(failed?.statusCode == 409)
                _ = try await notes.create(["title": "second", "body": "z"] as JSONValue)
                // Reads in the transaction see its writes.
                return try await notes.count()
            }
            #expect(kept == 2)
            #expect(try await postgresSQL(url, [#"SELECT title FROM "\#(schema)"."Note" ORDER BY id"#]) == [["first"], ["second"]])
            await booted.shutdown()
        } catch {
            await booted.shutdown()
            throw error
        }
    }

    @Test("an array created through a hasMany relation is stored whole or not at all")
    func relationArraysAreAllOrNothing() async throws {
        let schema = PostgresTestServer.freshSchema()
        let author = #"{ "name": "Author", "properties": { "name": "string" }, "relations": { "notes": { "type": "hasMany", "model": "Note", "foreignKey": "authorId" } } }"#
        let note = #"{ "name": "Note", "properties": { "title": { "type": "string", "index": { "unique": true } }, "body": "string", "authorId": "number" } }"#
        let app = try TemporaryApp(postgresAppFiles(url: url, schema: schema, models: ["author.json": author, "note.json": note]))
        let migrated = try LBRunCLI.run("migrate", app.path)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let server = try LBRunServer(app: app.path)
        defer { server.stop() }
        #expect(try await server.request("POST", "/api/Authors", body: #"{"name": "Ann"}"#).status == 200)

        let clash = try await server.request("POST", "/api/Authors/1/notes", body: #"[{"title": "a"}, {"title": "b"}, {"title": "a"}]"#)
        #expect(clash.status == 409)
        #expect(try await rowCount(schema) == "0")
        let valid = try await server.request("POST", "/api/Authors/1/notes", body: #"[{"title": "a"}, {"title": "b"}]"#)
        #expect(valid.status == 200)
        #expect((valid.json as? [[String: Any]])?.compactMap { $0["authorId"] as? Int } == [1, 1])
        #expect(try await rowCount(schema) == "2")
    }
}
