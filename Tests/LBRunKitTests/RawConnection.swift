import Foundation

#if canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
private let openSocket = Glibc.socket
private let connectSocket = Glibc.connect
#elseif canImport(Darwin)
import Darwin
private let streamSocket = SOCK_STREAM
private let openSocket = Darwin.socket
private let connectSocket = Darwin.connect
#endif

/// A blocking TCP connection to a port of 127.0.0.1, for tests that decide when each byte of a
/// request is sent and watch when the server closes the connection. Reads time out after 10 s.
final class RawConnection {
    enum Failure: Error, CustomStringConvertible {
        case connect(errno: Int32), send(errno: Int32), timeout(String), closed(String), malformed(String)

        var description: String {
            switch self {
            case .connect(let code): "connect failed: \(String(cString: strerror(code)))"
            case .send(let code): "send failed: \(String(cString: strerror(code)))"
            case .timeout(let read): "no complete answer within 10 s; read so far: \(Self.shorten(read))"
            case .closed(let read): "the server closed the connection; read so far: \(Self.shorten(read))"
            case .malformed(let read): "not an HTTP response: \(Self.shorten(read))"
            }
        }

        /// The start of `text` and its length, for a message.
        static func shorten(_ text: String) -> String {
            text.utf8.count <= 300 ? text : "\(text.prefix(300))… (\(text.utf8.count) bytes)"
        }
    }

    private let descriptor: Int32
    private var buffer = [UInt8]()

    /// Connects to `port`; `receiveBuffer` sets the socket's receive buffer (SO_RCVBUF) first, so
    /// that a server answering faster than this side reads has to keep the rest of its answer.
    init(port: Int, receiveBuffer: Int? = nil) throws {
        descriptor = Self.open()
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let result = Self.connect(descriptor, port: port)
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw Failure.connect(errno: code)
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// True when a connection to `port` is refused (nothing listens there any more).
    static func refused(port: Int) -> Bool {
        let probe = open()
        defer { close(probe) }
        return connect(probe, port: port) != 0 && errno == ECONNREFUSED
    }

    func write(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure.send(errno: errno) }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// Reads one response: its status, headers (names lower-cased) and body (by Content-Length).
    func readResponse() throws -> (status: Int, headers: [String: String], body: String) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.indices.dropLast(3).first { buffer[$0..<$0 + 4].elementsEqual(separator) }
            if headEnd == nil { try fill() }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure.malformed(head) }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headEnd! + 4
        while buffer.count < bodyStart + length { try fill() }
        let body = String(decoding: buffer[bodyStart..<bodyStart + length], as: UTF8.self)
        buffer.removeFirst(bodyStart + length)
        return (status, headers, body)
    }

    /// True when the server closes the connection (within 10 s) without sending anything more.
    func readsEndOfStream() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count == 0 && buffer.isEmpty
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        let read = String(decoding: buffer, as: UTF8.self)
        if count == 0 { throw Failure.closed(read) }
        guard count > 0 else { throw Failure.timeout(read) }
        buffer += chunk[..<count]
    }

    private static func open() -> Int32 {
        openSocket(AF_INET, streamSocket, 0)
    }

    private static func connect(_ descriptor: Int32, port: Int) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connectSocket(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
