import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LBTesting
import PostgresNIO

/// Runs `statements` in order on the server at `url` (a `postgres://` URL without password);
/// returns the rows of the last one, each cell as text.
@discardableResult
func postgresSQL(_ url: String, _ statements: [String]) async throws -> [[String?]] {
    let components = URLComponents(string: url)!
    let configuration = PostgresClient.Configuration(
        host: components.host!, port: components.port!, username: components.user!, password: nil,
        database: String(components.path.dropFirst()), tls: .disable)
    let client = PostgresClient(configuration: configuration)
    return try await withThrowingTaskGroup(of: [[String?]]?.self) { group in
        group.addTask { await client.run(); return nil }
        var rows: [[String?]] = []
        for statement in statements {
            rows = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: statement)) {
                rows.append(try row.map { try $0.decode(String?.self) })
            }
        }
        group.cancelAll()
        return rows
    }
}

/// A `lbrun serve APP` process on a free loopback port.
final class LBRunServer: @unchecked Sendable {  // `port` is only touched on the test's task
    private let process: ChildProcess
    private(set) var port = 0

    enum Failure: Error { case didNotStart(String) }

    /// Starts the server and waits (at most 60 s) for the banner naming its port.
    init(app: String) throws {
        process = try ChildProcess(
            LBRunCLI.binary, ["serve", app, "--host", "127.0.0.1", "--port", "0"],
            environment: ["PATH": "/usr/bin:/bin", "LOG_LEVEL": "error"], error: .null)
        let deadline = Date().addingTimeInterval(60)
        var banner = ""
        while port == 0 {
            guard Date() < deadline, process.isRunning else { throw Failure.didNotStart(banner) }
            let data = process.standardOutput!.availableData
            if data.isEmpty { continue }
            banner += String(decoding: data, as: UTF8.self)
            if let line = banner.split(separator: "\n").first(where: { $0.contains("listening:") }),
                let text = line.split(separator: ":").dropFirst(2).first?.split(separator: " ").first, let number = Int(text)
            {
                port = number
            }
        }
    }

    /// Sends a request; returns the status and the body parsed as JSON (`nil` when it is not JSON).
    func request(_ method: String, _ path: String, body: String? = nil) async throws -> (status: Int, json: Any?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    /// `GET path?filter=…` with `filter` percent-encoded.
    func get(_ path: String, filter: String? = nil) async throws -> (status: Int, json: Any?) {
        let query = filter.map { "?filter=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! } ?? ""
        return try await request("GET", path + query)
    }

    /// Stops the server and waits for it to end.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
