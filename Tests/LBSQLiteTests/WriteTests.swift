import Foundation
import LBCore
import LBPlan
import LBRuntime
@testable import LBSQLite
import SQLiteNIO
import Testing

@Suite struct WriteTests {
    typealias F = SQLiteFixtures
    let note = F.note

    @Test func createGeneratesIdsAndRefusesDuplicates() async throws {
        let connector = try await F.connector(models: [note])
        #expect(try await connector.create(note, ["title": "a"]) == ["title": "a", "id": 1])
        #expect(try await connector.create(note, ["id": nil, "title": "b"]) == ["id": 2, "title": "b"])
        #expect(try await connector.create(note, ["id": 10, "title": "c"]) == ["id": 10, "title": "c"])
        #expect(try await connector.create(note, ["title": "d"])["id"] == 11)
        let error = await loopBackError { try await connector.create(note, ["id": 10, "title": "again"]) }
        #expect(error == LoopBackError(statusCode: 409, message: "Duplicate entry for Note.id"))
        #expect(try await connector.count(note, where: nil) == 4)
        // Deleted ids are not reused, as with the memory connector.
        _ = try await connector.delete(note, where: .condition(path: "id", op: .eq, value: 11))
        #expect(try await connector.create(note, ["title": "e"])["id"] == 12)
        let nonInteger = await loopBackError { try await connector.create(note, ["id": 1.5]) }
        #expect(nonInteger?.statusCode == 400)
        try await connector.shutdown()
    }

    @Test func stringAndCompositeIds() async throws {
        let tag = F.model("Tag", [F.property("code", .string, id: 1), F.property("label", .string)])
        let pair = F.model("Pair", [F.property("a", .number, id: 1), F.property("b", .string, id: 2), F.property("v", .number)])
        let connector = try await F.connector(models: [tag, pair])
        #expect(try await connector.create(tag, ["code": "x", "label": "X"]) == ["code": "x", "label": "X"])
        let duplicate = await loopBackError { try await connector.create(tag, ["code": "x"]) }
        #expect(duplicate == LoopBackError(statusCode: 409, message: "Duplicate entry for Tag.code"))
        // An absent id is generated, as text for a string id.
        #expect(try await connector.create(tag, ["label": "auto"]) == ["label": "auto", "code": "2"])
        #expect(try await connector.find(tag, Filter()).map { $0["code"] } == ["2", "x"])

        _ = try await connector.create(pair, ["a": 1, "b": "one", "v": 1])
        _ = try await connector.create(pair, ["a": 1, "b": "two", "v": 2])
        let pairDuplicate = await loopBackError { try await connector.create(pair, ["a": 1, "b": "two"]) }
        #expect(pairDuplicate?.statusCode == 409)
        #expect(try await connector.find(pair, Filter(order: [OrderItem(path: "v", descending: true)])).map { $0["b"] } == ["two", "one"])
        try await connector.shutdown()
    }

    @Test func updateSetsColumnsAndMergesDynamicProperties() async throws {
        let connector = try await F.connector(models: [note])
        _ = try await connector.create(note, ["title": "a", "count": 1, "mood": "happy", "tags": ["x"]])
        _ = try await connector.create(note, ["title": "b", "count": 2])
        _ = try await connector.create(note, ["title": "c"])
        let changed = try await connector.update(
            note, where: .condition(path: "title", op: .inq, value: ["a", "b"]), with: ["count": nil, "mood": "calm", "size": 3])
        #expect(changed == 2)
        let all = try await connector.find(note, Filter())
        #expect(all[0] == ["id": 1, "title": "a", "count": nil, "mood": "calm", "tags": ["x"], "size": 3])
        #expect(all[1] == ["id": 2, "title": "b", "count": nil, "mood": "calm", "size": 3])
        #expect(all[2] == ["id": 3, "title": "c"])
        // A residual condition (`like`) selects the rows to change.
        #expect(try await connector.update(note, where: .condition(path: "title", op: .like, value: "[bc]"), with: ["count": 9]) == 0)
        #expect(try await connector.update(note, where: .condition(path: "mood", op: .regexp, value: "/^c/"), with: ["count": 9]) == 2)
        #expect(try await connector.find(note, Filter(where: .condition(path: "count", op: .eq, value: 9))).count == 2)
        #expect(try await connector.update(note, where: .condition(path: "id", op: .eq, value: 99), with: ["count": 1]) == 0)
        try await connector.shutdown()
    }

    @Test func replaceReplacesTheWholeRecord() async throws {
        let connector = try await F.connector(models: [note])
        _ = try await connector.create(note, ["title": "a", "count": 1, "mood": "happy"])
        #expect(try await connector.replace(note, id: 1, with: ["id": 1, "title": "A", "color": "red"]))
        #expect(try await connector.find(note, Filter()) == [["id": 1, "title": "A", "color": "red"]])
        #expect(try await !connector.replace(note, id: 2, with: ["id": 2, "title": "B"]))
        #expect(try await connector.count(note, where: nil) == 1)
        try await connector.shutdown()
    }

    @Test func deleteCountsRows() async throws {
        let connector = try await F.connector(models: [note])
        for title in ["apple", "banana", "cherry", "avocado"] { _ = try await connector.create(note, ["title": .string(title)]) }
        #expect(try await connector.delete(note, where: .condition(path: "title", op: .like, value: "a%")) == 3)
        #expect(try await connector.delete(note, where: .condition(path: "title", op: .eq, value: "nothing")) == 0)
        // `like` is unanchored: "a%" matches any title containing an "a".
        #expect(try await connector.find(note, Filter()).map { $0["title"] } == ["cherry"])
        #expect(try await connector.delete(note, where: nil) == 1)
        try await connector.shutdown()
    }

    @Test func dynamicPropertiesRoundTrip() async throws {
        let connector = try await F.connector(models: [F.product])
        let record: Record = [
            "zeta": ["nested": ["deep": [1, 2.5, "three", nil, true]]], "name": "Thing", "alpha": nil, "price": nil,
            "tags": nil, "meta": ["b": 1, "a": 2], "weird \"key\" $[0]": "ok", "big": 1e300, "small": -0.000001,
            "text": "line\nbreak\u{0}nul \u{1F600}", "address": [:],
        ]
        let created = try await connector.create(F.product, record)
        let found = try await connector.find(F.product, Filter()).first!
        #expect(unordered(found) == unordered(created))
        // Declared properties in declaration order, then the dynamic ones as written.
        #expect(Array(found.keys) == ["id", "name", "price", "tags", "address", "meta", "zeta", "alpha", "weird \"key\" $[0]", "big", "small", "text"])
        // Explicit nulls stay present; absent properties stay absent.
        #expect(found["price"] == .null && found["tags"] == .null && found["available"] == nil)
        #expect(try await connector.count(F.product, where: .condition(path: "price", op: .exists, value: true)) == 1)
        #expect(try await connector.count(F.product, where: .condition(path: "available", op: .exists, value: true)) == 0)
        #expect(try await connector.count(F.product, where: .condition(path: "weird \"key\" $[0]", op: .eq, value: "ok")) == 1)
        #expect(try await connector.count(F.product, where: .condition(path: "zeta.nested.deep", op: .eq, value: "three")) == 1)
        try await connector.shutdown()
    }

    @Test func dataSurvivesCloseAndReopen() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var connector = try await F.connector(file: "notes.db", models: [note], directory: folder.path)
        _ = try await connector.create(note, ["title": "kept", "count": 1, "extra": ["a": 1]])
        _ = try await connector.create(note, ["title": nil])
        _ = try await connector.update(note, where: .condition(path: "id", op: .eq, value: 1), with: ["count": 2])
        let before = try await connector.find(note, Filter())
        // Acknowledged writes are in the file (its WAL) before any close: another connection sees them.
        let other = try await SQLiteConnection.open(storage: .file(path: folder.file("notes.db")))
        let rows = try await other.query(#"SELECT count(*) AS n FROM "Note""#)
        try await other.close()
        #expect(rows.first?.column("n")?.integer == 2)
        try await connector.shutdown()

        connector = try await F.connector(file: "notes.db", models: [note], directory: folder.path)
        #expect(try await connector.find(note, Filter()) == before)
        #expect(before == [["id": 1, "title": "kept", "count": 2, "extra": ["a": 1]], ["id": 2, "title": nil]])
        #expect(try await connector.create(note, ["title": "next"])["id"] == 3)
        try await connector.shutdown()
    }

    /// Text holding a NUL that was stored as TEXT (by another program, or an older lbrun) is
    /// converted to a BLOB at boot, so it reads back whole instead of cut at the NUL.
    @Test func textWithNULStoredAsTextIsRepairedAtBoot() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var connector = try await F.connector(file: "notes.db", models: [note], directory: folder.path)
        try await connector.shutdown()
        let other = try await SQLiteConnection.open(storage: .file(path: folder.file("notes.db")))
        _ = try await other.query(#"INSERT INTO "Note" ("title", "count") VALUES (?, 1), ('plain', 2)"#, [.text("a\u{0}b")])
        #expect(try await other.query(#"SELECT typeof("title") AS t FROM "Note" ORDER BY "id""#).map { $0.column("t")?.string } == ["text", "text"])
        try await other.close()

        connector = try await F.connector(file: "notes.db", models: [note], directory: folder.path)
        #expect(try await connector.find(note, Filter()).map { $0["title"] } == ["a\u{0}b", "plain"])
        #expect(try await connector.sql(#"SELECT typeof("title") AS t FROM "Note" ORDER BY "id""#).map { $0.column("t")?.string } == ["blob", "text"])
        #expect(try await connector.count(note, where: .condition(path: "title", op: .eq, value: "a\u{0}b")) == 1)
        #expect(try await connector.count(note, where: .condition(path: "title", op: .eq, value: "a")) == 0)
        try await connector.shutdown()
    }

    @Test func concurrentWritesAreSerialised() async throws {
        let connector = try await F.connector(models: [note])
        let ids = try await withThrowingTaskGroup(of: JSONValue?.self) { group in
            for i in 0..<50 {
                group.addTask { try await connector.create(note, ["title": .string("n\(i)"), "count": .number(Double(i))])["id"] }
                group.addTask { _ = try await connector.update(note, where: .condition(path: "count", op: .lt, value: 10), with: ["mood": "low"]); return nil }
            }
            var ids: [JSONValue] = []
            for try await id in group { if let id { ids.append(id) } }
            return ids
        }
        #expect(Set(ids.compactMap(\.numberValue)) == Set((1...50).map(Double.init)))
        #expect(try await connector.count(note, where: nil) == 50)
        try await connector.shutdown()
    }

    @Test func concurrentStatementsAndTransactionsAllLand() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connector = try await F.connector(file: "busy.db", models: [note], directory: folder.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 1...100 { group.addTask { _ = try await connector.create(note, ["id": .number(Double(i)), "title": "t"]) } }
            try await group.waitForAll()
        }
        // Column updates run side by side; updates of dynamic properties are transactions that run alone.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 1...100 {
                let id = JSONValue.number(Double(i))
                group.addTask { _ = try await connector.update(note, where: .condition(path: "id", op: .eq, value: id), with: ["count": id]) }
                group.addTask { _ = try await connector.update(note, where: .condition(path: "id", op: .eq, value: id), with: ["mood": .string("m\(i)")]) }
                group.addTask { _ = try await connector.find(note, Filter(where: .condition(path: "id", op: .eq, value: id))) }
            }
            try await group.waitForAll()
        }
        let rows = try await connector.find(note, Filter())
        #expect(rows.count == 100)
        for row in rows {
            let id = row["id"]?.numberValue ?? 0
            #expect(row["count"]?.numberValue == id)
            #expect(row["mood"] == .string("m\(Int(id))"))
        }
        try await connector.shutdown()
    }

    @Test func injectionAttemptsAreStoredAndQueriedLiterally() async throws {
        let connector = try await F.connector(models: [note])
        let evil: JSONValue = "x'); DROP TABLE Note; --"
        let quoteEvil: JSONValue = #"x"); DROP TABLE "Note"; --"#
        _ = try await connector.create(note, ["title": evil, evil.stringValue!: quoteEvil])
        _ = try await connector.create(note, ["title": quoteEvil])
        #expect(try await connector.find(note, Filter(where: .condition(path: "title", op: .eq, value: evil))).count == 1)
        #expect(try await connector.find(note, Filter(where: .condition(path: "title", op: .inq, value: [evil, quoteEvil]))).count == 2)
        #expect(try await connector.count(note, where: .condition(path: "title", op: .like, value: "%DROP TABLE%")) == 2)
        #expect(try await connector.count(note, where: .condition(path: evil.stringValue!, op: .eq, value: quoteEvil)) == 1)
        #expect(try await connector.update(note, where: .condition(path: "title", op: .eq, value: evil), with: ["count": 1]) == 1)
        let stored = try await connector.find(note, Filter(where: .condition(path: "count", op: .eq, value: 1))).first
        #expect(stored?["title"] == evil)
        #expect(stored?[evil.stringValue!] == quoteEvil)
        let tables = try await connector.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Note'")
        #expect(tables.count == 1)
        #expect(try await connector.count(note, where: nil) == 2)
        try await connector.shutdown()
    }
}
