import Foundation
import LBCore
import LBPlan
import LBRuntime
@testable import LBSQLite
import Testing

/// `SchemaManaging` on SQLite: migration statements, applying them, and discovery, on real files.
@Suite struct SchemaManagingTests {
    typealias F = SQLiteFixtures

    /// A connector on `file` in `folder`, created but not prepared.
    static func connector(_ folder: TemporaryFolder) throws -> SQLiteConnector {
        try SQLiteConnector(dataSource: F.dataSource(["file": "db.sqlite"]), context: F.context(folder.path))
    }

    static let indexed = F.model(
        "Note",
        [
            F.property("id", .number, id: 1, generated: true),
            F.property("title", .string, settings: ["index": ["unique": true]]),
            F.property("body", .string, settings: ["sqlite3": ["columnName": "note_body"]]),
        ],
        settings: ["sqlite3": ["table": "notes"]])

    static var indexedWithKeys: ModelPlan {
        var model = indexed
        model.indexes = ["by_both": ["keys": ["title": 1, "body": -1]], "by_body": ["columns": "note_body", "kind": "unique"]]
        return model
    }

    @Test func statementsForAMissingTableDoNotCreateTheFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connector = try Self.connector(folder)
        let statements = try await connector.migrationStatements(models: [Self.indexedWithKeys], mode: .update)
        #expect(
            statements == [
                #"CREATE TABLE IF NOT EXISTS "notes" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "title" TEXT, "note_body" TEXT, "_lbrun_extra" TEXT)"#,
                #"CREATE INDEX "notes_by_both" ON "notes" ("title", "note_body")"#,
                #"CREATE UNIQUE INDEX "notes_by_body" ON "notes" ("note_body")"#,
                #"CREATE UNIQUE INDEX "notes_title_index" ON "notes" ("title")"#,
            ])
        #expect(!FileManager.default.fileExists(atPath: folder.file("db.sqlite")))
        try await connector.shutdown()
    }

    @Test func applyingTwiceIsANoOpTheSecondTime() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connector = try Self.connector(folder)
        try await connector.apply(try await connector.migrationStatements(models: [Self.indexedWithKeys], mode: .update))
        #expect(try await connector.migrationStatements(models: [Self.indexedWithKeys], mode: .update) == [])
        let indexes = try await connector.sql("SELECT name FROM pragma_index_list('notes') WHERE origin = 'c' ORDER BY name")
        #expect(indexes.compactMap { $0.column("name")?.string } == ["notes_by_body", "notes_by_both", "notes_title_index"])
        // Boot finds the table ready and leaves it as it is.
        try await connector.prepare(models: [Self.indexedWithKeys])
        #expect(try await connector.migrationStatements(models: [Self.indexedWithKeys], mode: .update) == [])
        try await connector.shutdown()
    }

    @Test func bootCreatesTablesButNotIndexes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connector = try await F.connector(file: "db.sqlite", models: [Self.indexed], directory: folder.path)
        #expect(
            try await connector.migrationStatements(models: [Self.indexed], mode: .update) == [
                #"CREATE UNIQUE INDEX "notes_title_index" ON "notes" ("title")"#
            ])
        try await connector.shutdown()
    }

    @Test func anAddedPropertyIsAnAddedColumnAndRowsStay() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let v1 = F.note
        var connector = try await F.connector(file: "db.sqlite", models: [v1], directory: folder.path)
        _ = try await connector.create(v1, ["title": "kept", "count": 1])
        try await connector.shutdown()
        let v2 = F.model("Note", v1.properties + [F.property("stars", .number, settings: ["index": true])])
        connector = try Self.connector(folder)
        let statements = try await connector.migrationStatements(models: [v2], mode: .update)
        #expect(
            statements == [
                #"ALTER TABLE "Note" ADD COLUMN "stars" REAL"#, #"CREATE INDEX "Note_stars_index" ON "Note" ("stars")"#,
            ])
        try await connector.apply(statements)
        try await connector.prepare(models: [v2])
        #expect(try await connector.find(v2, Filter()) == [["id": 1, "title": "kept", "count": 1]])
        try await connector.shutdown()
    }

    @Test func recreateDropsTheRows() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connector = try await F.connector(file: "db.sqlite", models: [F.note], directory: folder.path)
        _ = try await connector.create(F.note, ["title": "gone"])
        let statements = try await connector.migrationStatements(models: [F.note], mode: .recreate)
        #expect(statements.first == #"DROP TABLE IF EXISTS "Note""#)
        try await connector.apply(statements)
        #expect(try await connector.count(F.note, where: nil) == 0)
        #expect(try await connector.create(F.note, ["title": "new"])["id"] == 1)
        try await connector.shutdown()
    }

    @Test func aFailingStatementLeavesEverythingAsItWas() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connector = try await F.connector(file: "db.sqlite", models: [F.note], directory: folder.path)
        _ = try await connector.create(F.note, ["title": "same"])
        _ = try await connector.create(F.note, ["title": "same"])
        let unique = F.model("Note", [F.property("id", .number, id: 1, generated: true), F.property("title", .string, settings: ["index": ["unique": true]])])
        await #expect(throws: (any Error).self) {
            try await connector.apply([#"ALTER TABLE "Note" ADD COLUMN "extra" TEXT"#] + (try await connector.migrationStatements(models: [unique], mode: .update)))
        }
        #expect(try await connector.columns(of: "Note")["extra"] == nil)
        try await connector.shutdown()
    }

    @Test func anIndexOnAnUnknownPropertyIsAnError() async throws {
        var model = F.note
        model.indexes = ["bad": ["keys": ["nope": 1]]]
        let connector = try SQLiteConnector(dataSource: F.dataSource(), context: F.context())
        let error = await loopBackError { try await connector.migrationStatements(models: [model], mode: .update) }
        #expect(error?.message.contains("'nope'") == true)
        try await connector.shutdown()
    }

    @Test func discoveryReadsColumnsKeysAndForeignKeys() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connector = try await F.connector(file: "db.sqlite", models: [], directory: folder.path)
        _ = try await connector.sql("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, tier VARCHAR(10) DEFAULT 'basic')")
        _ = try await connector.sql("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers, total REAL, _lbrun_extra TEXT)")
        _ = try await connector.sql("CREATE TABLE pairs (a TEXT, b INTEGER, PRIMARY KEY (a, b))")
        let tables = try await connector.discover(schema: nil, tables: nil)
        #expect(tables.map(\.name) == ["customers", "orders", "pairs"])
        #expect(
            tables[0].columns == [
                DiscoveredColumn(name: "id", sqlType: "INTEGER", nullable: false, defaultValue: nil, primaryKeyPosition: 1, generated: true),
                DiscoveredColumn(name: "name", sqlType: "TEXT", nullable: false, defaultValue: nil, primaryKeyPosition: nil, generated: false),
                DiscoveredColumn(name: "tier", sqlType: "VARCHAR(10)", nullable: true, defaultValue: "'basic'", primaryKeyPosition: nil, generated: false),
            ])
        #expect(tables[1].columns.map(\.name) == ["id", "customer_id", "total"])
        #expect(tables[1].foreignKeys == [DiscoveredForeignKey(column: "customer_id", referencedSchema: nil, referencedTable: "customers", referencedColumn: "id")])
        #expect(tables[2].primaryKey.map(\.name) == ["a", "b"])
        #expect(tables[2].columns.allSatisfy { !$0.generated })
        #expect(try await connector.discover(schema: "main", tables: ["ORDERS"]).map(\.name) == ["orders"])
        let missing = await loopBackError { try await connector.discover(schema: nil, tables: ["nope"]) }
        #expect(missing?.message.contains("'nope'") == true)
        try await connector.shutdown()
    }
}
