import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LBTesting

/// A `lbrun serve` process on a free loopback port, for tests that need the real binary:
/// signals, crashes and restarts.
final class ServerProcess: @unchecked Sendable {  // `port` and `stdout` are only touched on the test's task
    let process: ChildProcess
    private(set) var port = 0
    private(set) var stdout = ""

    static let binary = Repository.root + "/.build/debug/lbrun"

    /// Starts `lbrun serve APP --host 127.0.0.1 --port 0 ARGS…` and waits (at most 30 s) for the banner.
    init(app: String, arguments: [String] = []) throws {
        process = try ChildProcess(
            Self.binary, ["serve", app, "--host", "127.0.0.1", "--port", "0"] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "LOG_LEVEL": "error"], error: .null)
        let deadline = Date().addingTimeInterval(30)
        let handle = process.standardOutput!
        while port == 0 {
            guard Date() < deadline, process.isRunning else {
                throw ServerError.didNotStart(stdout)
            }
            let data = handle.availableData
            if data.isEmpty { continue }
            stdout += String(decoding: data, as: UTF8.self)
            if let line = stdout.split(separator: "\n").first(where: { $0.contains("listening:") }),
                let portText = line.split(separator: ":").dropFirst(2).first?.split(separator: " ").first, let number = Int(portText)
            {
                port = number
            }
        }
    }

    enum ServerError: Error { case didNotStart(String), timeout }

    /// Sends `signal` and waits (at most 30 s) for the process to end; returns its exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) throws -> Int32 {
        kill(process.processIdentifier, signal)
        return try waitForExit()
    }

    /// Waits (at most 30 s) for the process to end; returns its exit status.
    func waitForExit() throws -> Int32 {
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning {
            guard Date() < deadline else { throw ServerError.timeout }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Sends a request (with `token` in `Authorization` when given); returns status and body text.
    func request(_ method: String, _ path: String, body: String? = nil, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let token { request.setValue(token, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Parses a JSON reply.
    static func json(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
}
