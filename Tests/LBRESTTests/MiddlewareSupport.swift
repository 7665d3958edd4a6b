import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LBConfig
import LBCore
import LBREST
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Helpers shared by the middleware suites (boot-and-config.md §9): an app whose `middleware.json`
// the test writes, served on a loopback port, with a plain HTTP client and a raw-socket client for
// what the regular client cannot send (slow bodies, huge headers, unnormalised paths).

/// A running server: the regular client, its port (for raw sockets) and the app directory (to read
/// files middleware writes, such as morgan's log).
struct MiddlewareServer: Sendable {
    let client: Client
    let port: Int
    let directory: String

    /// Sends `request` (the request text, `\r\n` line ends added) on a new connection and reads one response.
    func raw(_ request: String) async throws -> RawReply? {
        try await RawHTTP.exchange(port: port, Array(request.utf8))
    }

    /// `GET path` on a new connection with `Connection: close` and the given extra header lines.
    func rawGet(_ path: String, method: String = "GET", headers: [String] = []) async throws -> RawReply? {
        let lines = ["\(method) \(path) HTTP/1.1", "Host: localhost"] + headers + ["Connection: close", "", ""]
        return try await RawHTTP.exchange(port: port, Array(lines.joined(separator: "\r\n").utf8), head: method == "HEAD")
    }

    /// The text of a file below the app directory (empty when it does not exist).
    func file(_ relative: String) -> String {
        (try? String(contentsOfFile: directory + "/" + relative, encoding: .utf8)) ?? ""
    }

    /// The lines of `relative` once it holds at least `count` of them (morgan writes when a response
    /// finishes, which may be just after the client has read it). Waits up to ten seconds.
    func lines(of relative: String, atLeast count: Int) async throws -> [String] {
        for _ in 0..<200 {
            let lines = file(relative).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            if lines.count >= count { return lines }
            try await Task.sleep(for: .milliseconds(50))
        }
        return file(relative).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}

/// `productApp` (Product on a memory `db`, REST at `/api`) with `server/middleware.json` replaced by
/// `middleware` and `extra` files added (static folders, icons, overlays).
func middlewareApp(_ middleware: String, extra: [String: String] = [:]) -> [String: String] {
    var files = productApp(extra: extra)
    files["server/middleware.json"] = middleware
    return files
}

/// The scaffolded tail every middleware app keeps: the REST API at `/api`, urlNotFound, strong-error-handler.
let standardTail = #"""
    "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
    "final": { "loopback#urlNotFound": {} },
    "final:after": { "strong-error-handler": { "params": { "log": false } } }
    """#

/// A `middleware.json` of `phases` (JSON members, e.g. `"initial": { "cors": {} }`) followed by `standardTail`.
func chain(_ phases: String) -> String {
    phases.isEmpty ? "{ \(standardTail) }" : "{ \(phases), \(standardTail) }"
}

/// Boots `files` (datasource `db` on the memory connector), serves them on a free loopback port and
/// runs `body`; like `withServer`, but also gives the port and the app directory.
func withMiddlewareServer<T: Sendable>(
    _ files: [String: String], environment: String = "production", _ body: @Sendable (MiddlewareServer) async throws -> T
) async throws -> T {
    var app = files
    if app["server/datasources.json"] == nil { app["server/datasources.json"] = TestConnector.memory.dataSource }
    let directory = try TemporaryApp(app)
    let path = directory.path
    let (plan, _) = try LBRun.compile(appDirectory: path, environment: environment, variables: [:], dataSources: [])
    let logger = Logger(label: "test")
    let runtime = try await RuntimeApp.provision(plan, appDirectory: path, connectors: Builtins.connectors, logger: logger)
    do {
        let server = try HTTPServer(runtime: runtime, modules: Builtins.middleware, logger: logger)
        let application = Application(
            responder: server.pipeline, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        let result = try await application.test(.live) { live in
            try await Client.connected(to: live) { try await body(MiddlewareServer(client: $0, port: live.port ?? 0, directory: path)) }
        }
        await runtime.shutdown()
        return result
    } catch {
        await runtime.shutdown()
        throw error
    }
}

/// `withMiddlewareServer(middlewareApp(middleware, extra:))`.
func withMiddleware<T: Sendable>(
    _ middleware: String, extra: [String: String] = [:], environment: String = "production",
    _ body: @Sendable (MiddlewareServer) async throws -> T
) async throws -> T {
    try await withMiddlewareServer(middlewareApp(middleware, extra: extra), environment: environment, body)
}

/// What stops an app from booting: the compile errors (message, hint and location), or the error
/// the server throws when it builds its middleware; `nil` when it boots.
func bootFailure(_ files: [String: String], environment: String = "production") async throws -> String? {
    var app = files
    if app["server/datasources.json"] == nil { app["server/datasources.json"] = TestConnector.memory.dataSource }
    let directory = try TemporaryApp(app)
    let result = compile(directory.path, environment: environment)
    if result.diagnostics.hasErrors || result.plan == nil {
        return result.diagnostics.errors.map { error in
            "\(error.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-"): \(error.code): \(error.message) \(error.hint ?? "")"
        }.joined(separator: "\n")
    }
    let logger = Logger(label: "test")
    let runtime = try await RuntimeApp.provision(result.plan!, appDirectory: directory.path, connectors: Builtins.connectors, logger: logger)
    let failure: String?
    do {
        _ = try HTTPServer(runtime: runtime, modules: Builtins.middleware, logger: logger)
        failure = nil
    } catch {
        failure = String(describing: error)
    }
    await runtime.shutdown()
    return failure
}

// MARK: - Raw HTTP over POSIX sockets

/// A response read off a socket.
struct RawReply: Sendable {
    let status: Int
    /// Header lines in the order received (names as sent).
    let headers: [(name: String, value: String)]
    /// The body, de-chunked.
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value of a header (repeated lines and comma lists joined with ", ").
    func all(_ name: String) -> String? {
        let values = headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    var json: JSONValue? {
        var diagnostics = Diagnostics()
        return JSONConfigReader.read(body, file: "reply", diagnostics: &diagnostics)?.json
    }

    func error(_ field: String) -> JSONValue? { json?["error"]?[field] }
}

enum RawHTTP {
    /// Runs blocking socket work on its own thread, off the cooperative pool the server also uses.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
            thread.start()
        }
    }

    struct SocketError: Error, CustomStringConvertible {
        let description: String
    }

    /// A connected TCP socket to 127.0.0.1:`port`, with a 15 s receive timeout.
    static func connect(port: Int) throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw SocketError(description: "socket() failed") }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw SocketError(description: "connect() failed: \(errno)")
        }
        return fd
    }

    /// Writes all of `bytes`; `false` when the peer has closed or reset the connection.
    @discardableResult
    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Whether the socket has something to read (or was closed) within `milliseconds`.
    static func readable(_ fd: Int32, within milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    /// Reads until one complete response is parsed, the peer closes, or the receive timeout passes.
    /// `nil` when the connection ended without a (complete) status line.
    static func read(_ fd: Int32, head: Bool = false) -> RawReply? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let reply = parse(buffer, head: head, closed: false) { return reply }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return parse(buffer, head: head, closed: true) }
            buffer += chunk[0..<count]
        }
    }

    /// Sends `request`, then reads a response (the connection is closed afterwards).
    /// A server that closes the connection while the request is still being sent gives `nil`
    /// unless it wrote a response first.
    static func exchange(port: Int, _ request: [UInt8], head: Bool = false) async throws -> RawReply? {
        try await offPool {
            let fd = try connect(port: port)
            defer { close(fd) }
            send(fd, request)
            return read(fd, head: head)
        }
    }

    /// Parses one response from `bytes`; `nil` while incomplete. 1xx interim responses are skipped.
    static func parse(_ bytes: [UInt8], head: Bool, closed: Bool) -> RawReply? {
        var start = 0
        while true {
            guard let end = find([13, 10, 13, 10], in: bytes, from: start) else { return nil }
            let headText = String(decoding: bytes[start..<end], as: UTF8.self)
            var lines = headText.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
            let headers: [(name: String, value: String)] = lines.compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let bodyStart = end + 4
            if status < 200 {
                start = bodyStart
                continue
            }
            func value(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
            if head || status == 204 || status == 304 {
                return RawReply(status: status, headers: headers, body: [])
            }
            let rest = Array(bytes[bodyStart...])
            if value("transfer-encoding")?.lowercased().contains("chunked") == true {
                guard let body = dechunk(rest) else { return closed ? RawReply(status: status, headers: headers, body: rest) : nil }
                return RawReply(status: status, headers: headers, body: body)
            }
            if let length = value("content-length").flatMap({ Int($0) }) {
                if rest.count >= length { return RawReply(status: status, headers: headers, body: Array(rest[0..<length])) }
                return closed ? RawReply(status: status, headers: headers, body: rest) : nil
            }
            return closed ? RawReply(status: status, headers: headers, body: rest) : nil
        }
    }

    /// The body of a complete chunked encoding; `nil` while incomplete.
    static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = find([13, 10], in: bytes, from: index) else { return nil }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            let dataStart = lineEnd + 2
            if size == 0 { return body }
            guard bytes.count >= dataStart + size + 2 else { return nil }
            body += bytes[dataStart..<(dataStart + size)]
            index = dataStart + size + 2
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var index = from
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}

// MARK: - Decompression

/// Inflates a gzip or zlib (deflate) body with Python's zlib; `nil` when it is neither.
func inflate(_ bytes: [UInt8]) throws -> [UInt8]? {
    let process = try ChildProcess(
        "/usr/bin/env", ["python3", "-c", "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read(), 47))"],
        input: .pipe, error: .null)
    process.standardInput!.write(Data(bytes))
    try process.standardInput!.close()
    let data = process.standardOutput!.readDataToEndOfFile()
    return process.waitUntilExit() == 0 ? Array(data) : nil
}

extension Reply {
    /// Every value of a header, joined with ", " (HTTPFields keeps repeated lines apart).
    func all(_ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        let values = headers[values: field]
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }
}

/// A string of `count` bytes of `x`.
func filler(_ count: Int) -> String { String(repeating: "x", count: count) }

/// Whether `text` is a version-4 UUID (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
func isUUIDv4(_ text: String?) -> Bool {
    guard let text else { return false }
    return text.wholeMatch(of: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}/) != nil
}
