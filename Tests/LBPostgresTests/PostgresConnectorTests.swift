import Foundation
import LBCore
import LBPlan
import LBRuntime
import LBTesting
import Logging
import PostgresNIO
import Testing

@testable import LBPostgres

/// The PostgreSQL-specific parts of the connector, on the server of `LBRUN_TEST_POSTGRES_URL`
/// (skipped without one): `postgresql` blocks, hostile JSON paths, input PostgreSQL cannot store.
@Suite(.enabled(if: PostgresTestServer.url != nil, "LBRUN_TEST_POSTGRES_URL is not set"))
struct PostgresConnectorTests {
    let url = PostgresTestServer.url ?? ""

    static let note = #"""
        { "name": "Note", "postgresql": { "table": "notes" },
          "properties": {
            "title": { "type": "string", "postgresql": { "columnName": "note_title", "dataType": "varchar", "dataLength": 20 } },
            "pages": { "type": "number", "postgresql": { "dataType": "integer" } },
            "body": { "type": "string" },
            "meta": { "type": "object" } } }
        """#

    /// The rows of `sql` on the test server, each cell as text.
    func query(_ sql: String) async throws -> [[String?]] {
        try await postgresSQL(url, [sql])
    }

    @Test func postgresqlBlocksNameTheTableColumnsAndTypes() async throws {
        try await withPostgresApp(url: url, models: ["note.json": Self.note]) { app, schema in
            let created = try await app.model("Note").create(["title": "Hello", "pages": 3, "meta": ["b": 1, "a": [true, nil]]] as Record)
            #expect(created["id"] == 1)
            let columns = try await query(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '\(schema)' AND table_name = 'notes' ORDER BY ordinal_position")
            #expect(columns.map { $0[0] ?? "" } == ["note_title", "pages", "body", "meta", "id", "_lbrun_row", "_lbrun_extra"])
            #expect(columns.map { $0[1] ?? "" } == ["character varying", "integer", "text", "json", "bigint", "bigint", "json"])
            let found = try await app.model("Note").find()
            #expect(found == [["title": "Hello", "pages": 3, "meta": ["b": 1, "a": [true, nil]], "id": 1]])
        }
    }

    @Test func hostileJSONPathsAreData() async throws {
        try await withPostgresApp(url: url, models: ["note.json": Self.note]) { app, schema in
            _ = try await app.model("Note").create(["title": "A", "meta": ["city": "Paris"]] as Record)
            for path in ["meta.city' OR 1=1 --", "meta.\"); DROP TABLE notes; --", "meta.a'b", "meta.city\\"] {
                let found = try await app.model("Note").find(Filter(where: .condition(path: path, op: .eq, value: "Paris")))
                #expect(found.isEmpty, "\(path)")
            }
            let found = try await app.model("Note").find(Filter(where: .condition(path: "meta.city", op: .eq, value: "Paris")))
            #expect(found.count == 1)
            #expect(try await query("SELECT count(*)::text FROM \"\(schema)\".notes") == [["1"]])
        }
    }

    @Test func plainStringsInsideJSONAreFilteredInSQLWithMemorySemantics() async throws {
        try await withPostgresApp(url: url, models: ["note.json": Self.note]) { app, schema in
            let notes = try app.model("Note")
            let metas: [JSONValue] = [
                ["city": "Paris"], [["city": "Paris"], ["city": "Rome"]], ["city": ["Lyon", "Paris"]], ["city": "Lyon", "note": "Paris"],
                ["city": 5], ["deep": ["city": "Paris"]], "Paris",
            ]
            for meta in metas { _ = try await notes.create(["meta": meta] as Record) }
            _ = try await notes.create(["other": ["city": "Paris"]] as Record)
            func ids(_ path: String, _ op: WhereOperator, _ value: JSONValue) async throws -> [Int] {
                try await notes.find(Filter(where: .condition(path: path, op: op, value: value))).compactMap { $0["id"]?.numberValue.map(Int.init) }.sorted()
            }
            #expect(try await ids("meta.city", .eq, "Paris") == [1, 2, 3])
            #expect(try await ids("meta.city", .inq, ["Rome", "Lyon"]) == [2, 3, 4])
            #expect(try await ids("meta.deep.city", .eq, "Paris") == [6])
            #expect(try await ids("meta", .eq, "Paris") == [7])
            #expect(try await ids("other.city", .eq, "Paris") == [8])
            #expect(try await ids("meta.city", .eq, "5") == [5])  // loosely equal: left to memory, still found
            #expect(PostgresQueryTranslator.isDistinctiveString("Paris"))
            for text in ["12", "0x1F", "Infinity", "", " ", "[object Object]", "a\"b", "Zürich"] {
                #expect(!PostgresQueryTranslator.isDistinctiveString(text), "\(text)")
            }
            _ = schema
        }
    }

    @Test func aLimitWithAConditionLeftToMemoryReadsThroughACursorWithTheMemoryConnectorsAnswers() async throws {
        try await withPostgresApp(url: url, models: ["note.json": Self.note]) { app, _ in
            let notes = try app.model("Note")
            var records: [Record] = []
            for i in 0..<400 {
                var record: Record = ["pages": .number(Double(i % 7)), "meta": ["city": i % 3 == 0 ? "Paris" : "Rome"]]
                if i % 5 == 0 { record["tag"] = "five" }
                records.append(try await notes.create(record))
            }
            let model = try #require(app.plan.model(named: "Note"))
            let paris: Where = .condition(path: "meta.city", op: .eq, value: "Paris")
            let filters = [
                // Across batches: 120 wanted, 128 rows in the first batch hold about 43 matches.
                Filter(where: paris, order: [OrderItem(path: "pages", descending: true)], limit: 70, skip: 50),
                Filter(where: paris, limit: 5),
                Filter(where: .condition(path: "tag", op: .eq, value: "five"), fields: .only(["pages"]), limit: 10, skip: 3),
                Filter(where: .and([paris, .condition(path: "pages", op: .gte, value: 3)]), order: [OrderItem(path: "pages")], limit: 1000),
                Filter(where: .condition(path: "meta.city", op: .eq, value: "Lyon"), limit: 3),
            ]
            var exact = PostgresQueryTranslator(table: try PostgresTable(model: model, defaultSchema: "s"), model: model)
            let exactClause = exact.whereClause(.condition(path: "pages", op: .gt, value: 3))
            let limited = Filter(where: .condition(path: "pages", op: .gt, value: 3), limit: 3)
            #expect(PostgresCursorRead(model: model, table: exact.table, filter: limited, translator: exact, clause: exactClause, order: exact.order([])) == nil)
            for filter in filters {
                var translator = PostgresQueryTranslator(table: try PostgresTable(model: model, defaultSchema: "s"), model: model)
                let clause = translator.whereClause(filter.where)
                let order = translator.order(filter.order)
                #expect(PostgresCursorRead(model: model, table: translator.table, filter: filter, translator: translator, clause: clause, order: order) != nil)
                let expected = MemoryQuery.run(filter, on: records, model: model)
                let found = try await notes.find(filter)
                #expect(found == expected, "\(filter)")
            }
        }
    }

    @Test func integerColumnsCompareAsIntegersWithTheMemoryConnectorsAnswers() async throws {
        try await withPostgresApp(url: url, models: ["note.json": Self.note]) { app, _ in
            let notes = try app.model("Note")
            var records: [Record] = []
            for pages in [1, 2, 3, 4, 5] { records.append(try await notes.create(["pages": .number(Double(pages))] as Record)) }
            records.append(try await notes.create(["title": "no pages"] as Record))
            records.append(try await notes.create(["pages": nil, "title": "null pages"] as Record))
            let conditions: [Where] = [
                .condition(path: "pages", op: .gt, value: 2.5), .condition(path: "pages", op: .gte, value: 2.5),
                .condition(path: "pages", op: .lt, value: 2.5), .condition(path: "pages", op: .lte, value: 2.5),
                .condition(path: "pages", op: .eq, value: 2.5), .condition(path: "pages", op: .neq, value: 2.5),
                .condition(path: "pages", op: .eq, value: 3), .condition(path: "pages", op: .neq, value: 3),
                .condition(path: "pages", op: .between, value: [1.5, 3.5]), .condition(path: "pages", op: .inq, value: [2, 3]),
                .condition(path: "pages", op: .nin, value: [2, 3]), .condition(path: "pages", op: .gt, value: -1e300),
                .condition(path: "id", op: .eq, value: 2), .condition(path: "id", op: .eq, value: 2.5),
                .condition(path: "id", op: .inq, value: [1, 2.5]), .condition(path: "id", op: .lte, value: 3.9),
                .or([.condition(path: "pages", op: .lt, value: 2), .condition(path: "title", op: .eq, value: "no pages")]),
            ]
            let model = try #require(app.plan.model(named: "Note"))
            for condition in conditions {
                let expected = records.filter { WhereEvaluator.matches($0, condition, model: model) }.compactMap { $0["id"] }
                let found = try await notes.find(Filter(where: condition)).compactMap { $0["id"] }
                #expect(found == expected, "\(condition)")
                #expect(try await notes.count(condition) == expected.count, "\(condition)")
            }
        }
    }

    @Test func inputPostgreSQLCannotStoreIsA400AndNothingIsWritten() async throws {
        try await withPostgresApp(url: url, models: ["note.json": Self.note]) { app, _ in
            let notes = try app.model("Note")
            let bad: [Record] = [
                ["title": "a\u{0}b"],
                ["body": "x", "meta": ["k\u{0}": 1]],
                ["title": .string(String(repeating: "x", count: 21))],
                ["pages": 1e30],
                ["pages": 2.5],
                ["pages": 3e9],
            ]
            for record in bad {
                await #expect(throws: LoopBackError.self) { _ = try await notes.create(record) }
                do {
                    _ = try await notes.create(record)
                } catch let error as LoopBackError {
                    #expect((400..<500).contains(error.statusCode), "\(record): \(error.message)")
                }
            }
            #expect(try await notes.count() == 0)
            let long = String(repeating: "é", count: 200_000)
            let stored = try await notes.create(["body": .string(long)] as Record)
            #expect(try await notes.findById(stored["id"]!)?["body"] == .string(long))
            await #expect(throws: LoopBackError.self) { _ = try await notes.updateAll(nil, ["title": "a\u{0}"]) }
            #expect(try await notes.find(Filter(where: .condition(path: "title", op: .eq, value: "a\u{0}"))).isEmpty)
        }
    }
}
