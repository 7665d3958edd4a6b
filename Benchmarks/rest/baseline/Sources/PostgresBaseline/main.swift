// A hand-written Hummingbird + postgres-nio server for Benchmarks/postgres: the three requests of
// the benchmark on the table "Note" that lbrun created (id BIGSERIAL, title TEXT, done BOOLEAN,
// priority DOUBLE PRECISION), through one PostgresClient pool, one statement per request:
//   GET  /api/Notes/:id                                          SELECT by id (404 as LoopBack's)
//   GET  /api/Notes?filter[where][done]=false&filter[limit]=20   SELECT … WHERE done = $1 ORDER BY id LIMIT $2
//   POST /api/Notes                                              INSERT … RETURNING
// Responses have lbrun's shape: the keys in declared order (title, done, priority, id).
// With `prepared`, the three statements are postgres-nio prepared statements (parsed and planned
// once per connection); without, unnamed ones, parsed and planned on every request.
// usage: PostgresBaseline <postgres://user@host:port/database> <port> <pool size> [prepared]
import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// `text` as a JSON string.
func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// One row as LoopBack renders it; a NULL column is left out.
func object(id: Int, title: String?, done: Bool?, priority: Double?) -> String {
    var fields: [String] = []
    if let title { fields.append("\"title\":\(quoted(title))") }
    if let done { fields.append("\"done\":\(done)") }
    if let priority { fields.append("\"priority\":\(priority.rounded() == priority && abs(priority) < 1e15 ? String(Int(priority)) : String(priority))") }
    fields.append("\"id\":\(id)")
    return "{" + fields.joined(separator: ",") + "}"
}

/// The rows of a `SELECT id, title, done, priority`, as JSON objects.
func objects(_ rows: PostgresRowSequence) async throws -> [String] {
    var result: [String] = []
    for try await (id, title, done, priority) in rows.decode((Int, String?, Bool?, Double?).self) {
        result.append(object(id: id, title: title, done: done, priority: priority))
    }
    return result
}

/// The rows of the three statements.
typealias NoteRow = (Int, String?, Bool?, Double?)

func object(_ row: NoteRow) -> String { object(id: row.0, title: row.1, done: row.2, priority: row.3) }

struct NoteByID: PostgresPreparedStatement {
    static let sql = #"SELECT "id", "title", "done", "priority" FROM "Note" WHERE "id" = $1"#
    typealias Row = NoteRow
    var id: Int
    func makeBindings() -> PostgresBindings { var bindings = PostgresBindings(); bindings.append(id); return bindings }
    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

struct NotesByDone: PostgresPreparedStatement {
    static let sql = #"SELECT "id", "title", "done", "priority" FROM "Note" WHERE "done" = $1 ORDER BY "id" LIMIT $2"#
    typealias Row = NoteRow
    var done: Bool
    var limit: Int
    func makeBindings() -> PostgresBindings { var bindings = PostgresBindings(); bindings.append(done); bindings.append(limit); return bindings }
    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

struct InsertNote: PostgresPreparedStatement {
    static let sql = #"INSERT INTO "Note" ("title", "done", "priority") VALUES ($1, $2, $3) RETURNING "id", "title", "done", "priority""#
    typealias Row = NoteRow
    var title: String
    var done: Bool
    var priority: Double
    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(title)
        bindings.append(done)
        bindings.append(priority)
        return bindings
    }
    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

func reply(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}

let arguments = CommandLine.arguments
let valid = arguments.count == 4 || (arguments.count == 5 && arguments[4] == "prepared")
let url = valid ? URLComponents(string: arguments[1]) : nil
let port = valid ? Int(arguments[2]) ?? 0 : 0
let poolSize = valid ? Int(arguments[3]) ?? 0 : 0
let prepared = arguments.count == 5
if url == nil || port == 0 || poolSize == 0 {
    FileHandle.standardError.write(Data("usage: PostgresBaseline <postgres://user@host:port/database> <port> <pool size> [prepared]\n".utf8))
    exit(2)
}
let logger = {
    var logger = Logger(label: "postgres-baseline")
    logger.logLevel = .warning
    return logger
}()
var configuration = PostgresClient.Configuration(
    host: url?.host ?? "localhost", port: url?.port ?? 5432, username: url?.user ?? "postgres", password: url?.password,
    database: String(url?.path.dropFirst() ?? ""), tls: .disable)
configuration.options.maximumConnections = poolSize
let client = PostgresClient(configuration: configuration, backgroundLogger: logger)

let router = Router()
router.get("/api/Notes/:id") { _, context in
    let id = try context.parameters.require("id", as: Int.self)
    let note: String?
    if prepared {
        var found: String?
        for try await row in try await client.execute(NoteByID(id: id), logger: logger) { found = object(row) }
        note = found
    } else {
        let rows = try await client.query(#"SELECT "id", "title", "done", "priority" FROM "Note" WHERE "id" = \#(id)"#, logger: logger)
        note = try await objects(rows).first
    }
    guard let note else {
        return reply(#"{"error":{"statusCode":404,"name":"Error","message":"Unknown \"Note\" id \"\#(id)\".","code":"MODEL_NOT_FOUND"}}"#, status: .notFound)
    }
    return reply(note)
}
router.get("/api/Notes") { request, _ in
    // Only the benchmark's filter: filter[where][done]=true|false and filter[limit]=n.
    var done: Bool?
    var limit: Int?
    for (key, value) in request.uri.queryParameters {
        switch String(key).removingPercentEncoding {
        case "filter[where][done]": done = value == "true"
        case "filter[limit]": limit = Int(value)
        default: throw HTTPError(.badRequest, message: "this server answers only the benchmark's filter")
        }
    }
    guard let done, let limit else { throw HTTPError(.badRequest, message: "this server answers only the benchmark's filter") }
    var notes: [String] = []
    if prepared {
        for try await row in try await client.execute(NotesByDone(done: done, limit: limit), logger: logger) { notes.append(object(row)) }
    } else {
        let rows = try await client.query(
            #"SELECT "id", "title", "done", "priority" FROM "Note" WHERE "done" = \#(done) ORDER BY "id" LIMIT \#(limit)"#, logger: logger)
        notes = try await objects(rows)
    }
    return reply("[" + notes.joined(separator: ",") + "]")
}
router.post("/api/Notes") { request, _ in
    struct Input: Decodable { var title: String; var done: Bool?; var priority: Double? }
    let input = try JSONDecoder().decode(Input.self, from: try await request.body.collect(upTo: 100_000))
    if prepared {
        var created: [String] = []
        let statement = InsertNote(title: input.title, done: input.done ?? false, priority: input.priority ?? 2)
        for try await row in try await client.execute(statement, logger: logger) { created.append(object(row)) }
        return reply(created[0])
    }
    let rows = try await client.query(
        #"INSERT INTO "Note" ("title", "done", "priority") VALUES (\#(input.title), \#(input.done ?? false), \#(input.priority ?? 2)) RETURNING "id", "title", "done", "priority""#,
        logger: logger)
    return reply(try await objects(rows)[0])
}

let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), services: [client], logger: logger)
try await app.runService()
