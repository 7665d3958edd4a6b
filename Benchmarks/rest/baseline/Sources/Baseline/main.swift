// The smallest honest server for the benchmark's five requests on table "Note"
// (id INTEGER PRIMARY KEY, title TEXT, done INTEGER, priority REAL), one SQLite connection:
//   GET  /api/Notes/:id                                   SELECT by id
//   GET  /api/Notes?filter[where][done]=false&filter[limit]=20   SELECT … WHERE done = 0 LIMIT 20
//   GET  /api/Notes/count                                 SELECT COUNT(*)
//   POST /api/Notes                                       INSERT
//   PATCH /api/Notes/:id                                  UPDATE title
// usage: Baseline <sqlite file> <port>
import Foundation
import Hummingbird
import Logging
import NIOCore
import SQLiteNIO

let arguments = CommandLine.arguments
let file = arguments[1]
let port = Int(arguments[2]) ?? 8081
let connection: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: file), logger: Logger(label: "baseline"))
let _: [SQLiteRow] = try await connection.query("PRAGMA journal_mode=WAL", [])
let _: [SQLiteRow] = try await connection.query("PRAGMA synchronous=FULL", [])

func json(_ rows: [SQLiteRow]) -> String {
    "[" + rows.map(object).joined(separator: ",") + "]"
}

func object(_ row: SQLiteRow) -> String {
    var fields: [String] = []
    if let title = row.column("title")?.string {
        fields.append("\"title\":\"\(title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"")
    }
    if let done = row.column("done")?.integer { fields.append("\"done\":\(done != 0)") }
    if let priority = row.column("priority")?.double { fields.append("\"priority\":\(priority.rounded() == priority ? String(Int(priority)) : String(priority))") }
    if let id = row.column("id")?.integer { fields.append("\"id\":\(id)") }
    return "{" + fields.joined(separator: ",") + "}"
}

func reply(_ text: String) -> Response {
    Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}

let router = Router()
router.get("/api/Notes/count") { _, _ in
    let rows: [SQLiteRow] = try await connection.query(#"SELECT COUNT(*) AS n FROM "Note""#, [])
    return reply("{\"count\":\(rows.first?.column("n")?.integer ?? 0)}")
}
router.get("/api/Notes/:id") { _, context in
    let id = try context.parameters.require("id", as: Int.self)
    let rows: [SQLiteRow] = try await connection.query(#"SELECT "id", "title", "done", "priority" FROM "Note" WHERE "id" = ?"#, [SQLiteData.integer(id)])
    guard let row = rows.first else { throw HTTPError(.notFound) }
    return reply(object(row))
}
router.get("/api/Notes") { _, _ in
    let rows: [SQLiteRow] = try await connection.query(
        #"SELECT "id", "title", "done", "priority" FROM "Note" WHERE "done" = ? ORDER BY "id" LIMIT 20"#, [SQLiteData.integer(0)])
    return reply(json(rows))
}
router.post("/api/Notes") { request, _ in
    struct Input: Decodable { var title: String; var done: Bool?; var priority: Double? }
    let input = try JSONDecoder().decode(Input.self, from: try await request.body.collect(upTo: 100_000))
    let rows: [SQLiteRow] = try await connection.query(
        #"INSERT INTO "Note" ("title", "done", "priority") VALUES (?, ?, ?) RETURNING "id", "title", "done", "priority""#,
        [SQLiteData.text(input.title), .integer((input.done ?? false) ? 1 : 0), .float(input.priority ?? 2)])
    return reply(object(rows[0]))
}
router.patch("/api/Notes/:id") { request, context in
    struct Input: Decodable { var title: String }
    let id = try context.parameters.require("id", as: Int.self)
    let input = try JSONDecoder().decode(Input.self, from: try await request.body.collect(upTo: 100_000))
    let rows: [SQLiteRow] = try await connection.query(
        #"UPDATE "Note" SET "title" = ? WHERE "id" = ? RETURNING "id", "title", "done", "priority""#, [SQLiteData.text(input.title), .integer(id)])
    guard let row = rows.first else { throw HTTPError(.notFound) }
    return reply(object(row))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
