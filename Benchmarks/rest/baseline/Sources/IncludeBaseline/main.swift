// The smallest honest server for GET /api/Parents?filter[include]=children&filter[limit]=100 over
// tables "Parent" (id, name) and "Child" (id, title, parentId), one SQLite connection, the same
// two queries lbrun's include runs: the parents, then every child of those parents.
// usage: IncludeBaseline <sqlite file> <port>
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

func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

let router = Router()
router.get("/api/Parents") { _, _ in
    let parents: [SQLiteRow] = try await connection.query(#"SELECT "name", "id" FROM "Parent" ORDER BY "id" LIMIT 100"#, [])
    let ids = parents.compactMap { $0.column("id")?.integer }
    let marks = ids.map { _ in "?" }.joined(separator: ", ")
    let children: [SQLiteRow] = try await connection.query(
        #"SELECT "title", "id", "parentId" FROM "Child" WHERE "parentId" IN ("# + marks + #") ORDER BY "id""#,
        ids.map { SQLiteData.integer($0) })
    var byParent: [Int: [String]] = [:]
    for child in children {
        guard let parent = child.column("parentId")?.integer else { continue }
        let title = child.column("title")?.string ?? ""
        byParent[parent, default: []].append(
            "{\"title\":\(quoted(title)),\"id\":\(child.column("id")?.integer ?? 0),\"parentId\":\(parent)}")
    }
    let body = parents.map { row -> String in
        let id = row.column("id")?.integer ?? 0
        let name = row.column("name")?.string ?? ""
        return "{\"name\":\(quoted(name)),\"id\":\(id),\"children\":[" + (byParent[id] ?? []).joined(separator: ",") + "]}"
    }
    return Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: "[" + body.joined(separator: ",") + "]")))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
