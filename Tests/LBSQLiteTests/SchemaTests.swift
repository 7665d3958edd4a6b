import Foundation
import LBCore
import LBPlan
import LBRuntime
@testable import LBSQLite
import Testing

@Suite struct SchemaTests {
    typealias F = SQLiteFixtures

    @Test func ddlForEveryType() throws {
        let schema = try TableSchema(model: F.product)
        #expect(
            schema.createStatement
                == #"CREATE TABLE IF NOT EXISTS "Product" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT, "price" REAL, "available" INTEGER, "released" TEXT, "birthday" TEXT, "tags" TEXT, "location" TEXT, "address" TEXT, "meta" TEXT, "list" TEXT, "owner" TEXT, "dimensions" TEXT, "blob" TEXT, "_lbrun_extra" TEXT)"#
        )
        #expect(schema.columns.map(\.kind) == [.integerId, .text, .real, .boolean, .date, .text, .json, .json, .json, .json, .json, .json, .json, .json])
    }

    @Test func tableCreatedWithDeclaredTypes() async throws {
        let connector = try await F.connector(models: [F.product])
        defer { Task { try await connector.shutdown() } }
        let columns = try await connector.columns(of: "Product")
        #expect(columns["id"] == "INTEGER")
        #expect(columns["price"] == "REAL")
        #expect(columns["available"] == "INTEGER")
        #expect(columns["released"] == "TEXT")
        #expect(columns["address"] == "TEXT")
        #expect(columns["_lbrun_extra"] == "TEXT")
        #expect(columns.count == 15)
        try await connector.shutdown()
    }

    @Test func idKinds() throws {
        let stringId = F.model("Tag", [F.property("code", .string, id: 1), F.property("label", .string)])
        #expect(try TableSchema(model: stringId).createStatement == #"CREATE TABLE IF NOT EXISTS "Tag" ("code" TEXT NOT NULL PRIMARY KEY, "label" TEXT, "_lbrun_extra" TEXT)"#)
        let numberId = F.model("Seat", [F.property("no", .number, id: 1)])
        #expect(try TableSchema(model: numberId).createStatement == #"CREATE TABLE IF NOT EXISTS "Seat" ("no" REAL NOT NULL PRIMARY KEY, "_lbrun_extra" TEXT)"#)
        let composite = F.model("Pair", [F.property("b", .string, id: 2), F.property("a", .number, id: 1, generated: true), F.property("v", .any)])
        #expect(
            try TableSchema(model: composite).createStatement
                == #"CREATE TABLE IF NOT EXISTS "Pair" ("b" TEXT NOT NULL, "a" REAL NOT NULL, "v" TEXT, "_lbrun_extra" TEXT, PRIMARY KEY ("a", "b"))"#)
        let none = F.model("Log", [F.property("line", .string)])
        #expect(try TableSchema(model: none).createStatement == #"CREATE TABLE IF NOT EXISTS "Log" ("line" TEXT, "_lbrun_extra" TEXT)"#)
    }

    @Test func tableAndColumnNamesFromSettings() async throws {
        let model = F.model(
            "Note",
            [
                F.property("id", .number, id: 1, generated: true),
                F.property("title", .string, settings: ["sqlite3": ["columnName": "note_title"]]),
                F.property("body", .string, settings: ["sqlite": ["column": "note_body"]]),
                F.property("count", .number, settings: ["sqlite": ["columnName": "n"]]),
            ],
            settings: ["sqlite3": ["table": "notes"]])
        let connector = try await F.connector(models: [model])
        let columns = try await connector.columns(of: "notes")
        #expect(Set(columns.keys) == ["id", "note_title", "note_body", "n", "_lbrun_extra"])
        let created = try await connector.create(model, F.record(["title": "a", "body": "b", "count": 2]))
        #expect(created["id"] == 1)
        let found = try await connector.find(model, Filter(where: .condition(path: "title", op: .eq, value: "a"), order: [OrderItem(path: "count")]))
        #expect(found == [F.record(["id": 1, "title": "a", "body": "b", "count": 2])])
        let raw = try await connector.sql(#"SELECT "note_title" FROM "notes""#)
        #expect(raw.first?.column("note_title")?.string == "a")

        let other = F.model("Other", [F.property("id", .number, id: 1, generated: true)], settings: ["sqlite": ["tableName": "others"]])
        try await connector.prepare(models: [other])
        #expect(try await connector.columns(of: "others").keys.sorted() == ["_lbrun_extra", "id"])
        try await connector.shutdown()
    }

    @Test func tableIsExtendedWhenAPropertyIsAdded() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let v1 = F.model("Note", [F.property("id", .number, id: 1, generated: true), F.property("title", .string)])
        var connector = try await F.connector(file: "db.sqlite", models: [v1], directory: folder.path)
        _ = try await connector.create(v1, ["title": "old", "mood": "dynamic"])
        try await connector.shutdown()

        let v2 = F.model(
            "Note",
            [F.property("id", .number, id: 1, generated: true), F.property("title", .string), F.property("stars", .number), F.property("mood", .string)])
        connector = try await F.connector(file: "db.sqlite", models: [v2], directory: folder.path)
        let columns = try await connector.columns(of: "Note")
        #expect(columns["stars"] == "REAL")
        #expect(columns["mood"] == "TEXT")
        // The old record has no `stars`; `mood`, dynamic when written, is now declared and still there.
        #expect(try await connector.find(v2, Filter()) == [["id": 1, "title": "old", "mood": "dynamic"]])
        #expect(try await connector.count(v2, where: .condition(path: "mood", op: .eq, value: "dynamic")) == 1)
        #expect(try await connector.count(v2, where: .condition(path: "stars", op: .exists, value: false)) == 1)
        _ = try await connector.update(v2, where: nil, with: ["mood": "declared", "stars": 3])
        #expect(try await connector.find(v2, Filter()) == [["id": 1, "title": "old", "stars": 3, "mood": "declared"]])
        let extra = try await connector.sql(#"SELECT "_lbrun_extra" AS e FROM "Note""#)
        #expect(extra.first?.column("e")?.isNull == true)

        // Removing a property never drops its column.
        try await connector.prepare(models: [v1])
        #expect(try await connector.columns(of: "Note").count == 5)
        try await connector.shutdown()
    }

    @Test func columnsThatWouldCollideAreRefused() throws {
        let model = F.model("Note", [F.property("Title", .string), F.property("title", .string)])
        #expect(throws: LoopBackError.self) { try TableSchema(model: model) }
        let reserved = F.model("Note", [F.property("_LBRUN_EXTRA", .string)])
        #expect(throws: LoopBackError.self) { try TableSchema(model: reserved) }
    }

    @Test func identifiersAreQuoted() async throws {
        #expect(SQL.quote(#"Note"; DROP TABLE x; --"#) == #""Note""; DROP TABLE x; --""#)
        let model = F.model(
            #"Odd"Name"#,
            [F.property("id", .number, id: 1, generated: true), F.property(#"we"ird col"#, .string), F.property("rowid", .number)],
            settings: ["sqlite3": ["table": #"odd "table"; DROP TABLE x; --"#]])
        let schema = try TableSchema(model: model)
        #expect(schema.createStatement.hasPrefix(#"CREATE TABLE IF NOT EXISTS "odd ""table""; DROP TABLE x; --" ("id" INTEGER"#))
        #expect(schema.createStatement.contains(#""we""ird col" TEXT"#))
        #expect(schema.rowid == "_rowid_")
        let connector = try await F.connector(models: [model])
        _ = try await connector.create(model, [#"we"ird col"#: "v", "rowid": 7])
        _ = try await connector.create(model, [#"we"ird col"#: "w", "rowid": 3])
        let found = try await connector.find(model, Filter(where: .condition(path: #"we"ird col"#, op: .like, value: "%"), order: [OrderItem(path: "rowid")]))
        #expect(found.map { $0[#"we"ird col"#] } == ["w", "v"])
        try await connector.shutdown()
    }

    @Test func settingsAndPragmas() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connector = try await F.connector(file: "data/app.sqlite", models: [F.note], directory: folder.path)
        #expect(connector.path == folder.file("data/app.sqlite"))
        #expect(FileManager.default.fileExists(atPath: folder.file("data/app.sqlite")))
        #expect(try await connector.sql("PRAGMA journal_mode").first?.column("journal_mode")?.string == "wal")
        #expect(try await connector.sql("PRAGMA synchronous").first?.column("synchronous")?.integer == 2)
        #expect(try await connector.sql("PRAGMA foreign_keys").first?.column("foreign_keys")?.integer == 0)
        try await connector.shutdown()

        let memory = try await F.connector(models: [F.note])
        #expect(memory.path == ":memory:")
        try await memory.shutdown()
        let absolute = try SQLiteConnector(dataSource: F.dataSource(["file": "/tmp/x.db"]), context: F.context("/app"))
        #expect(absolute.path == "/tmp/x.db")
        let relative = try SQLiteConnector(dataSource: F.dataSource(["file": "db/x.db"]), context: F.context("/app"))
        #expect(relative.path == "/app/db/x.db")
        #expect(SQLiteConnector.info.names == ["sqlite", "sqlite3", "loopback-connector-sqlite3", "loopback-connector-sqlite"])
    }
}
