import Foundation
import LBCore
import LBRunKit
import LBTesting
import Testing

/// `lbrun migrate`, `discover` and `introspect` as users run them, on real SQLite files.
@Suite("schema commands")
struct SchemaCommandTests {
    let cli = CommandLineTests()

    /// An app with `Note` (indexed title) on SQLite datasource `db` and `Tag` on memory datasource `mem`.
    static func app(noteProperties: String = #""title": { "type": "string", "index": true }"#) -> [String: String] {
        minimalApp([
            "server/datasources.json": #"{ "db": { "connector": "sqlite", "file": "data.db" }, "mem": { "connector": "memory" } }"#,
            "server/model-config.json": #"{ "_meta": { "sources": ["../common/models"] }, "Note": { "dataSource": "db" }, "Tag": { "dataSource": "mem" } }"#,
            "common/models/note.json": "{ \"name\": \"Note\", \"properties\": { \(noteProperties) } }",
            "common/models/tag.json": #"{ "name": "Tag", "properties": { "label": "string" } }"#,
        ])
    }

    @Test("migrate --dry-run prints the DDL, one statement per line, and changes nothing")
    func dryRun() throws {
        let app = try TemporaryApp(Self.app())
        let run = try cli.lbrun("migrate", app.path, "--dry-run")
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                -- datasource 'db' (sqlite)
                CREATE TABLE IF NOT EXISTS "Note" ("title" TEXT, "id" INTEGER PRIMARY KEY AUTOINCREMENT, "_lbrun_extra" TEXT);
                CREATE INDEX "Note_title_index" ON "Note" ("title");
                -- dry run: nothing changed

                """)
        #expect(run.stderr.contains("note: datasource 'mem' skipped: connector 'memory' has no schema to migrate"))
        #expect(!FileManager.default.fileExists(atPath: app.path + "/data.db"))
    }

    @Test("migrate twice: the second run has nothing to do")
    func twice() throws {
        let app = try TemporaryApp(Self.app())
        let first = try cli.lbrun("migrate", app.path, "--datasource", "db")
        #expect(first.status == 0)
        #expect(first.stdout.hasSuffix("-- applied 2 statements\n"))
        let second = try cli.lbrun("migrate", app.path, "--datasource", "db")
        #expect(second.status == 0)
        #expect(second.stdout == "-- datasource 'db' (sqlite)\n-- nothing to do\n")
    }

    @Test("a property added to a model: migrate adds its column and keeps the rows; --recreate drops them")
    func addedColumnThenRecreate() async throws {
        let app = try TemporaryApp(Self.app())
        #expect(try cli.lbrun("migrate", app.path).status == 0)
        let booted = try await LBRun.boot(appDirectory: app.path, environment: "development", variables: [:])
        _ = try await booted.model("Note").create(["title": "kept"] as JSONValue)
        await booted.shutdown()

        try app.write("common/models/note.json", Data(#"{ "name": "Note", "properties": { "title": { "type": "string", "index": true }, "stars": "number" } }"#.utf8))
        let added = try cli.lbrun("migrate", app.path)
        #expect(added.stdout.contains(#"ALTER TABLE "Note" ADD COLUMN "stars" REAL;"#))
        #expect(try cli.lbrun("migrate", app.path).stdout.contains("nothing to do"))
        var again = try await LBRun.boot(appDirectory: app.path, environment: "development", variables: [:])
        #expect(try await again.model("Note").find().map { $0["title"] } == ["kept"])
        await again.shutdown()

        let recreated = try cli.lbrun("migrate", app.path, "--recreate", "--datasource", "db")
        #expect(recreated.status == 0)
        #expect(recreated.stdout.contains(#"DROP TABLE IF EXISTS "Note";"#))
        #expect(recreated.stderr.contains("warning: --recreate dropped the tables of 'Note' in datasource 'db', with their rows"))
        again = try await LBRun.boot(appDirectory: app.path, environment: "development", variables: [:])
        #expect(try await again.model("Note").count() == 0)
        await again.shutdown()
    }

    @Test("migrate names an unknown datasource and exits 2")
    func unknownDataSource() throws {
        let app = try TemporaryApp(Self.app())
        let run = try cli.lbrun("migrate", app.path, "--datasource", "nope")
        #expect(run.status == 2)
        #expect(run.stderr.contains("the app has no datasource named 'nope'"))
    }

    @Test("introspect types a model after a sample object")
    func introspect() throws {
        let folder = try TemporaryApp([
            "sample.json": #"{ "id": 7, "name": "Desk", "price": 12.5, "inStock": true, "added": "2024-05-01T10:00:00.000Z", "day": "2024-05-01", "dims": { "w": 1 }, "tags": ["a"], "scores": [null, 3], "empty": [], "note": null }"#
        ])
        let run = try cli.lbrun("introspect", "--name", "Thing", folder.path + "/sample.json")
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                {
                  "name": "Thing",
                  "base": "PersistedModel",
                  "idInjection": true,
                  "properties": {
                    "id": {
                      "type": "number",
                      "id": true
                    },
                    "name": "string",
                    "price": "number",
                    "inStock": "boolean",
                    "added": "date",
                    "day": "date",
                    "dims": "object",
                    "tags": [
                      "string"
                    ],
                    "scores": [
                      "number"
                    ],
                    "empty": "array",
                    "note": "any"
                  }
                }

                """)
        let yaml = try cli.lbrun("introspect", "--name", "Thing", "--format", "yaml", "--out", folder.path + "/thing.yaml", folder.path + "/sample.json")
        #expect(yaml.status == 0)
        #expect(try String(contentsOfFile: folder.path + "/thing.yaml", encoding: .utf8).contains("name: Thing"))
        #expect(try cli.lbrun("introspect", "--name", "Thing", "--out", folder.path + "/thing.yaml", folder.path + "/sample.json").status == 3)
    }

    @Test("discover --url writes the model files and prints the model-config entries")
    func discoverURL() throws {
        let folder = try TemporaryApp(["README.md": "A database without an app.\n"])
        let database = folder.path + "/legacy.db"
        let sqlite = try ChildProcess(
            "/usr/bin/env",
            ["python3", "-c", "import sqlite3,sys; sqlite3.connect(sys.argv[1]).executescript(sys.argv[2])", database,
                "CREATE TABLE blog_posts (post_id INTEGER PRIMARY KEY, title TEXT NOT NULL);"], output: .null, error: .null)
        sqlite.waitUntilExit()
        let run = try cli.lbrun("discover", "--url", "sqlite:" + database, "--format", "yaml", "--out", folder.path + "/out")
        #expect(run.status == 0)
        let model = try String(contentsOfFile: folder.path + "/out/common/models/blog-post.yaml", encoding: .utf8)
        #expect(model.contains("name: BlogPost"))
        #expect(model.contains("table: blog_posts"))
        #expect(run.stdout.contains(#""BlogPost": {"#))
        #expect(run.stdout.contains(#""dataSource": "db""#))
        let again = try cli.lbrun("discover", "--url", database, "--format", "yaml", "--out", folder.path + "/out")
        #expect(again.status == 3)
        #expect(again.stderr.contains("use --force"))
        #expect(try cli.lbrun("discover", "--url", database, "--format", "yaml", "--force", "--out", folder.path + "/out").status == 0)
    }
}
