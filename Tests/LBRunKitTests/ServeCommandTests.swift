import Foundation
import LBTesting
import Testing

/// `lbrun serve` as users run it: banner, graceful stop, boot errors, durability across crashes.
@Suite("lbrun serve", .serialized)
struct ServeCommandTests {
    @Test("serves the API, answers GET / with the status reply, and stops cleanly on SIGTERM")
    func serveAndStop() async throws {
        let app = try TemporaryApp(minimalApp())
        let server = try ServerProcess(app: app.path)
        #expect(server.stdout.contains("environment 'development'"))
        let created = try await server.request("POST", "/api/Notes", body: #"{"title":"hello"}"#)
        #expect(created.status == 200)
        #expect(created.body == #"{"title":"hello","id":1}"#)
        let status = try await server.request("GET", "/")
        #expect(status.status == 200)
        #expect(status.body.contains("\"started\""))
        #expect(try server.stop(SIGTERM) == 0)
    }

    @Test("SIGTERM drains: new connections are refused, idle keep-alive connections closed, a request being received is answered (Connection: close), then exit 0")
    func gracefulDrain() async throws {
        let app = try TemporaryApp(minimalApp())
        let server = try ServerProcess(app: app.path)
        let idle = try RawConnection(port: server.port)
        try idle.write("GET /api/Notes HTTP/1.1\r\nHost: test\r\n\r\n")
        let first = try idle.readResponse()
        #expect(first.status == 200)
        #expect(first.headers["connection"] == nil)
        // A request whose head and half of whose body have arrived when the signal comes.
        let body = #"{"title":"sent during the shutdown"}"#
        let slow = try RawConnection(port: server.port)
        try slow.write(
            "POST /api/Notes HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                + body.prefix(12))
        try await Task.sleep(for: .seconds(1))  // for the server to read the head
        kill(server.process.processIdentifier, SIGTERM)
        var refused = false
        let deadline = Date().addingTimeInterval(10)
        while !refused, Date() < deadline {
            refused = RawConnection.refused(port: server.port)
            if !refused { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(refused, "the port still accepts connections 10 s after SIGTERM")
        #expect(server.process.isRunning, "lbrun exited with a request half received")
        #expect(idle.readsEndOfStream(), "the idle keep-alive connection was not closed")
        try slow.write(String(body.dropFirst(12)))
        let answer = try slow.readResponse()
        #expect(answer.status == 200)
        #expect(answer.body == #"{"title":"sent during the shutdown","id":1}"#)
        #expect(answer.headers["connection"] == "close")
        #expect(slow.readsEndOfStream(), "the connection stayed open after the answer")
        #expect(try server.waitForExit() == 0)
    }

    @Test("SIGTERM while a large answer is still being sent to a slow client: the client receives all of it, then exit 0")
    func gracefulDrainOfALargeAnswer() async throws {
        // About 8 MB of records, more than the two sockets' buffers hold.
        let notes = (0..<800).map { "{ \"title\": \"\($0) \(String(repeating: "x", count: 10_000))\" }" }
        let app = try TemporaryApp(minimalApp([
            "server/model-config.json": #"{ "_meta": { "sources": ["../common/models"] }, "Note": { "dataSource": "db", "seed": "./notes.json" } }"#,
            "server/notes.json": "[" + notes.joined(separator: ",") + "]",
        ]))
        let server = try ServerProcess(app: app.path)
        let slow = try RawConnection(port: server.port, receiveBuffer: 4096)
        try slow.write("GET /api/Notes HTTP/1.1\r\nHost: test\r\n\r\n")
        try await Task.sleep(for: .seconds(1))  // the answer is written until the sockets are full
        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .seconds(1))
        #expect(server.process.isRunning, "lbrun exited before its answer was read")
        let answer = try slow.readResponse()
        #expect(answer.status == 200)
        let records = ServerProcess.json(answer.body) as? [[String: Any]]
        #expect(records?.count == notes.count, "the answer was cut: \(answer.body.utf8.count) bytes")
        #expect(slow.readsEndOfStream(), "the connection stayed open after the answer")
        #expect(try server.waitForExit() == 0)
    }

    @Test("a datasource on a connector lbrun does not ship stops the boot, naming it and the --datasource flag")
    func unshippedConnector() throws {
        let app = try TemporaryApp(minimalApp(["server/datasources.json": #"{ "db": { "connector": "mongodb" } }"#]))
        let process = try ChildProcess(ServerProcess.binary, ["serve", app.path, "--port", "0"], output: .null)
        let text = String(decoding: process.standardError!.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.waitUntilExit() == 1)
        #expect(text.contains("datasource 'db' uses connector 'mongodb'"))
        #expect(text.contains("--datasource db=memory"))
    }

    @Test("--datasource re-points a datasource, and seed data fills an empty store", arguments: ["memory", "sqlite"])
    func datasourceOverride(_ connector: String) async throws {
        let app = try TemporaryApp(minimalApp([
            "server/datasources.json": #"{ "db": { "connector": "mysql", "host": "db.example" } }"#,
            "server/model-config.json": #"{ "_meta": { "sources": ["../common/models"] }, "Note": { "dataSource": "db", "seed": "./notes.json" } }"#,
            "server/notes.json": #"[ { "title": "first" }, { "title": "second" } ]"#,
        ]))
        let file = app.path + "/data.\(connector == "sqlite" ? "db" : "json")"
        let server = try ServerProcess(app: app.path, arguments: ["--datasource", "db=\(connector):\(file)"])
        let count = try await server.request("GET", "/api/Notes/count")
        #expect(count.body == #"{"count":2}"#)
        try server.stop()
        #expect(FileManager.default.fileExists(atPath: file))
    }

    @Test("killing the server mid-write loses no acknowledged record", arguments: ["memory", "sqlite"])
    func killMidWrite(_ connector: String) async throws {
        let app = try TemporaryApp(minimalApp())
        let file = app.path + "/store.\(connector == "sqlite" ? "db" : "json")"
        let arguments = ["--datasource", "db=\(connector):\(file)"]
        let server = try ServerProcess(app: app.path, arguments: arguments)
        var acknowledged: [Int] = []
        let writer = Task {
            var ids: [Int] = []
            for n in 0..<400 {
                guard let reply = try? await server.request("POST", "/api/Notes", body: "{\"title\":\"note \(n)\"}"), reply.status == 200,
                    let object = ServerProcess.json(reply.body) as? [String: Any], let id = object["id"] as? Int
                else { break }
                ids.append(id)
            }
            return ids
        }
        while server.process.isRunning {
            if (try? await server.request("GET", "/api/Notes/count")).map({ $0.body.count > 12 }) == true { break }
        }
        try server.stop(SIGKILL)
        acknowledged = await writer.value
        #expect(acknowledged.count > 0)
        let restarted = try ServerProcess(app: app.path, arguments: arguments)
        let stored = try await restarted.request("GET", "/api/Notes?filter=%7B%22fields%22%3A%5B%22id%22%5D%7D")
        let ids = Set(((ServerProcess.json(stored.body) as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int })
        #expect(Set(acknowledged).isSubset(of: ids), "lost: \(Set(acknowledged).subtracting(ids).sorted())")
        try restarted.stop()
    }
}
