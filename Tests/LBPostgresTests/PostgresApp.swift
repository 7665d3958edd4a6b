import Foundation
import LBCore
import LBRunKit
import LBRuntime
import LBTesting
import Logging

/// The files of an app with one datasource `db` on PostgreSQL in `schema` (`settings` added to
/// its entry) and the given model definitions (file name → JSON), each attached to `db`. The
/// connect timeout is long by default: a machine running every suite at once can take seconds to
/// hand out a connection.
func postgresAppFiles(
    url: String, schema: String, connectTimeoutMilliseconds: Int = 60_000, settings: String = "", models: [String: String]
) throws -> [String: String] {
    var files = [
        "server/config.json": #"{ "restApiRoot": "/api" }"#,
        "server/datasources.json":
            #"{ "db": { "name": "db", "connector": "postgresql", "url": "\#(url)", "schema": "\#(schema)", "connectTimeout": \#(connectTimeoutMilliseconds)\#(settings) } }"#,
    ]
    var entries: [String] = []
    for (file, json) in models {
        files["common/models/" + file] = json
        let name = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["name"] as? String ?? file
        entries.append("\"\(name)\": { \"dataSource\": \"db\" }")
    }
    files["server/model-config.json"] = "{ \"_meta\": { \"sources\": [\"../common/models\"] }, " + entries.joined(separator: ", ") + " }"
    return files
}

/// Boots the app of `postgresAppFiles` in a fresh schema, runs `body`, and shuts it down.
func withPostgresApp<T>(
    url: String, connectTimeoutMilliseconds: Int = 60_000, settings: String = "", models: [String: String], _ body: (RuntimeApp, String) async throws -> T
) async throws -> T {
    let schema = PostgresTestServer.freshSchema()
    let files = try postgresAppFiles(
        url: url, schema: schema, connectTimeoutMilliseconds: connectTimeoutMilliseconds, settings: settings, models: models)
    let directory = try TemporaryApp(files)
    let app = try await LBRun.boot(appDirectory: directory.path, environment: "production", variables: [:], logger: Logger(label: "test"))
    do {
        let result = try await body(app, schema)
        await app.shutdown()
        return result
    } catch {
        await app.shutdown()
        throw error
    }
}

/// Runs `scripts/postgres-cluster` with `arguments` (paths without quotes); returns what it
/// prints. Run through `system`, with the output in a file: the server it starts would keep a
/// pipe open, and Foundation's `Process` does not see the script end.
@discardableResult
func postgresCluster(_ arguments: String...) async throws -> String {
    let output = NSTemporaryDirectory() + "lbrun-pg-cluster-" + UUID().uuidString
    defer {
        try? FileManager.default.removeItem(atPath: output)
        try? FileManager.default.removeItem(atPath: output + ".err")
    }
    let command = ([Repository.root + "/scripts/postgres-cluster"] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let status = await Task.detached { system(command + " >'\(output)' 2>'\(output).err' </dev/null") }.value
    guard status == 0 else {
        let errors = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
        throw ClusterScriptFailed(arguments: arguments, status: status, errors: errors)
    }
    return try String(contentsOfFile: output, encoding: .utf8)
}

/// `scripts/postgres-cluster` failed: its arguments, exit status and standard error.
struct ClusterScriptFailed: Error, CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let errors: String
    var description: String { "scripts/postgres-cluster \(arguments.joined(separator: " ")) exited with \(status): \(errors)" }
}
