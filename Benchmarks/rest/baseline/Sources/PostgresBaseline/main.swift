// A hand-written Hummingbird + postgres-nio server for Benchmarks/postgres: the three requests of
// the benchmark on the table "Note" that lbrun created (id BIGSERIAL, title TEXT, done BOOLEAN,
// priority DOUBLE PRECISION), through one PostgresClient pool, one statement per request:
//   GET  /api/Notes/:id                                          SELECT by id (404 as LoopBack's)
//   GET  /api/Notes?filter[where][done]=false&filter[limit]=20   SELECT … WHERE done = $1 ORDER BY id LIMIT $2
//   POST /api/Notes                                              INSERT … RETURNING
// Responses have lbrun's shape: the keys in declared order (title, done, priority, id).
// usage: PostgresBaseline <postgres://user@host:port/database> <port> <pool size>
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

func reply(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}

let arguments = CommandLine.arguments
let url = arguments.count == 4 ? URLComponents(string: arguments[1]) : nil
let port = arguments.count == 4 ? Int(arguments[2]) ?? 0 : 0
let poolSize = arguments.count == 4 ? Int(arguments[3]) ?? 0 : 0
if url == nil || port == 0 || poolSize == 0 {
    FileHandle.standardError.write(Data("usage: PostgresBaseline <postgres://user@host:port/database> <port> <pool size>\n".utf8))
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
    let rows = try await client.query(#"SELECT "id", "title", "done", "priority" FROM "Note" WHERE "id" = \#(id)"#, logger: logger)
    guard let note = try await objects(rows).first else {
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
    let rows = try await client.query(
        #"SELECT "id", "title", "done", "priority" FROM "Note" WHERE "done" = \#(done) ORDER BY "id" LIMIT \#(limit)"#, logger: logger)
    return reply("[" + (try await objects(rows)).joined(separator: ",") + "]")
}
router.post("/api/Notes") { request, _ in
    struct Input: Decodable { var title: String; var done: Bool?; var priority: Double? }
    let input = try JSONDecoder().decode(Input.self, from: try await request.body.collect(upTo: 100_000))
    let rows = try await client.query(
        #"INSERT INTO "Note" ("title", "done", "priority") VALUES (\#(input.title), \#(input.done ?? false), \#(input.priority ?? 2)) RETURNING "id", "title", "done", "priority""#,
        logger: logger)
    return reply(try await objects(rows)[0])
}

let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), services: [client], logger: logger)
try await app.runService()
