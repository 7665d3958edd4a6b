import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LBCore
import LBConfig
import LBPlan
import LBREST
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import NIOCore
import Testing

/// The connectors the conformance suite runs against: memory and SQLite, and PostgreSQL when
/// `LBRUN_TEST_POSTGRES_URL` names a server (`scripts/postgres-cluster` starts one).
enum TestConnector: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case sqlite
    case postgresql

    static var allCases: [TestConnector] {
        PostgresTestServer.url == nil ? [.memory, .sqlite] : [.memory, .sqlite, .postgresql]
    }

    var testDescription: String { rawValue }

    /// The `db` datasource entry for this connector. Each PostgreSQL entry names a schema of its
    /// own, so that tests never see each other's rows.
    var dataSource: String {
        switch self {
        case .memory: #"{ "db": { "name": "db", "connector": "memory" } }"#
        case .sqlite: #"{ "db": { "name": "db", "connector": "sqlite", "file": "data/test.db" } }"#
        case .postgresql:
            #"{ "db": { "name": "db", "connector": "postgresql", "url": "\#(PostgresTestServer.url ?? "")", "schema": "\#(PostgresTestServer.freshSchema())", "connectTimeout": 60000 } }"#
        }
    }
}

/// A reply as a client sees it.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPFields
    let text: String

    /// The body parsed as JSON (`nil` when it is not JSON).
    var json: JSONValue? {
        var diagnostics = Diagnostics()
        return JSONConfigReader.read(Array(text.utf8), file: "reply", diagnostics: &diagnostics)?.json
    }

    /// `error.<field>` of a LoopBack error body.
    func error(_ field: String) -> JSONValue? { json?["error"]?[field] }

    func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
}

/// A real HTTP client on a loopback port of an in-process lbrun server.
///
/// Its read timeout is five minutes rather than HummingbirdTesting's 20 seconds: every suite runs
/// at once on a small machine, where a healthy answer can be slow; a hang still fails the test.
struct Client: Sendable {
    let base: TestClient

    /// Runs `body` with a client connected to the server of `live` (a client from
    /// `application.test(.live)`), closing it afterwards.
    static func connected<T: Sendable>(to live: any TestClientProtocol, _ body: (Client) async throws -> T) async throws -> T {
        let client = TestClient(host: "127.0.0.1", port: live.port ?? 0, configuration: .init(timeout: .seconds(300)))
        client.connect()
        do {
            let result = try await body(Client(base: client))
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Sends `body` bytes as they are.
    func send(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: ByteBuffer?) async throws -> Reply {
        var fields = headers
        fields[.connection] = "keep-alive"
        let response = try await base.execute(.init(path, method: method, authority: "localhost", headers: fields, body: body))
        return Reply(status: Int(response.head.status.code), headers: response.head.headerFields, text: response.body.map { String(buffer: $0) } ?? "")
    }

    func request(_ method: HTTPRequest.Method, _ path: String, body: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        var fields = headers
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await send(method, path, headers: fields, body: body.map { ByteBuffer(string: $0) })
    }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> Reply { try await request(.get, path, headers: headers) }
    func head(_ path: String) async throws -> Reply { try await request(.head, path) }
    func delete(_ path: String) async throws -> Reply { try await request(.delete, path) }
    func post(_ path: String, _ body: String) async throws -> Reply { try await request(.post, path, body: body) }
    func put(_ path: String, _ body: String) async throws -> Reply { try await request(.put, path, body: body) }
    func patch(_ path: String, _ body: String) async throws -> Reply { try await request(.patch, path, body: body) }
}

/// Boots `files` as an app (with datasource `db` on `connector`, plus `dataSources`: JSON members
/// text), serves it on a free loopback port, runs `body` with a client, and shuts everything down.
func withServer<T: Sendable>(
    _ files: [String: String], connector: TestConnector = .memory, environment: String = "production", dataSources: String = "",
    _ body: @Sendable (Client) async throws -> T
) async throws -> T {
    var app = files
    app["server/datasources.json"] = dataSources.isEmpty ? connector.dataSource : String(connector.dataSource.dropLast()) + ", " + dataSources + " }"
    let directory = try TemporaryApp(app)
    let (plan, _) = try LBRun.compile(appDirectory: directory.path, environment: environment, variables: [:], dataSources: [])
    let logger = Logger(label: "test")
    let runtime = try await RuntimeApp.provision(plan, appDirectory: directory.path, connectors: Builtins.connectors, logger: logger)
    let server = try HTTPServer(runtime: runtime, modules: Builtins.middleware, components: Builtins.components, logger: logger)
    let application = Application(
        responder: server.pipeline, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    do {
        let result = try await application.test(.live) { live in try await Client.connected(to: live) { try await body($0) } }
        await runtime.shutdown()
        return result
    } catch {
        await runtime.shutdown()
        throw error
    }
}

/// An app with one model `Product` (`name` required string, `price` number, `tags` [string]) on `db`,
/// plus whatever `models` and `extra` files add; middleware as the scaffolder writes it.
func productApp(models: [String: String] = [:], modelConfig: [String: String] = [:], extra: [String: String] = [:]) -> [String: String] {
    var definitions = [
        "product.json": #"{ "name": "Product", "properties": { "name": { "type": "string", "required": true }, "price": "number", "tags": ["string"] } }"#
    ]
    for (file, json) in models { definitions[file] = json }
    var entries = ["\"Product\": { \"dataSource\": \"db\" }"]
    for (name, entry) in modelConfig.sorted(by: { $0.key < $1.key }) { entries.append("\"\(name)\": \(entry)") }
    var files = [
        "server/config.json": #"{ "restApiRoot": "/api", "remoting": { "rest": { "handleErrors": false }, "json": { "limit": "100kb" } } }"#,
        "server/model-config.json": "{ \"_meta\": { \"sources\": [\"../common/models\"] }, " + entries.joined(separator: ", ") + " }",
        "server/middleware.json": #"""
            { "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final": { "loopback#urlNotFound": {} },
              "final:after": { "strong-error-handler": {} } }
            """#,
    ]
    for (file, json) in definitions { files["common/models/" + file] = json }
    for (path, contents) in extra { files[path] = contents }
    return files
}
