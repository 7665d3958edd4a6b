import HTTPTypes
import LBCore
import Testing

/// `morgan` 1.x access logs (boot-and-config.md §9.4), written to the lbrun option `file` so the
/// test can read the lines: predefined formats, token strings, `immediate`.
@Suite("Middleware: morgan")
struct MiddlewareAccessLogTests {
    func morgan(_ params: String) -> String {
        chain("\"initial:before\": { \"morgan\": { \"params\": \(params) } }")
    }

    static let userAgent = HTTPField.Name("User-Agent")!
    static let referer = HTTPField.Name("Referer")!
    static let clfDate = #"\[\d{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2} \+0000\]"#
    static let responseTime = #"\d+\.\d{3}"#

    func expectLine(_ line: String?, matches pattern: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let regex = try? Regex("^" + pattern + "$")
        let matched = line.flatMap { text in regex.flatMap { try? $0.wholeMatch(in: text) } } != nil
        #expect(matched, "\(line.map { String(reflecting: $0) } ?? "no line") does not match \(pattern)", sourceLocation: sourceLocation)
    }

    @Test("combined: remote address, user, CLF date, request line, status, length, referrer and user agent")
    func combined() async throws {
        try await withMiddleware(morgan(#"["combined", { "file": "$!../access.log" }]"#)) { server async throws in
            _ = try await server.client.get("/api/Products", headers: [Self.userAgent: "TestAgent/1.0", Self.referer: "http://ref.example/"])
            let lines = try await server.lines(of: "access.log", atLeast: 1)
            #expect(lines.count == 1)
            expectLine(lines.first, matches: #"127\.0\.0\.1 - - "# + Self.clfDate + #" "GET /api/Products HTTP/1\.1" 200 2 "http://ref\.example/" "TestAgent/1\.0""#)
        }
    }

    @Test("combined: a missing referrer or user agent is \"-\"")
    func combinedDashes() async throws {
        try await withMiddleware(morgan(#"["combined", { "file": "$!../access.log" }]"#)) { server async throws in
            _ = try await server.rawGet("/api/Products")
            let lines = try await server.lines(of: "access.log", atLeast: 1)
            expectLine(lines.first, matches: #"127\.0\.0\.1 - - "# + Self.clfDate + #" "GET /api/Products HTTP/1\.1" 200 2 "-" "-""#)
        }
    }

    @Test("common: without referrer and user agent; errors are logged with their status and length")
    func common() async throws {
        try await withMiddleware(morgan(#"["common", { "file": "$!../access.log" }]"#)) { server async throws in
            let reply = try await server.client.get("/nope")
            let length = try #require(reply.header("Content-Length"))
            let lines = try await server.lines(of: "access.log", atLeast: 1)
            expectLine(lines.first, matches: #"127\.0\.0\.1 - - "# + Self.clfDate + #" "GET /nope HTTP/1\.1" 404 "# + length)
        }
    }

    @Test("short")
    func short() async throws {
        try await withMiddleware(morgan(#"["short", { "file": "$!../access.log" }]"#)) { server async throws in
            _ = try await server.client.get("/api/Products")
            let lines = try await server.lines(of: "access.log", atLeast: 1)
            expectLine(lines.first, matches: #"127\.0\.0\.1 - GET /api/Products HTTP/1\.1 200 2 - "# + Self.responseTime + " ms")
        }
    }

    @Test("tiny, given as an object with format and file; one line per request, in order")
    func tiny() async throws {
        try await withMiddleware(morgan(#"{ "format": "tiny", "file": "$!../access.log" }"#)) { server async throws in
            _ = try await server.client.post("/api/Products", #"{"name":"Desk"}"#)
            _ = try await server.client.get("/api/Products?filter=%7B%7D")
            let lines = try await server.lines(of: "access.log", atLeast: 2)
            #expect(lines.count == 2)
            expectLine(lines.first, matches: "POST /api/Products 200 22 - " + Self.responseTime + " ms")
            expectLine(lines.last, matches: #"GET /api/Products\?filter=%7B%7D 200 \d+ - "# + Self.responseTime + " ms")
        }
    }

    @Test("dev: coloured by status class")
    func dev() async throws {
        try await withMiddleware(morgan(#"["dev", { "file": "$!../access.log" }]"#)) { server async throws in
            _ = try await server.client.get("/api/Products")
            let notFound = try await server.client.get("/nope")
            let lines = try await server.lines(of: "access.log", atLeast: 2)
            let escape = "\u{1B}"
            expectLine(lines.first, matches: #"\#(escape)\[0mGET /api/Products \#(escape)\[32m200\#(escape)\[0m "# + Self.responseTime + #" ms - 2\#(escape)\[0m"#)
            let length = notFound.header("Content-Length") ?? "?"
            expectLine(lines.last, matches: #"\#(escape)\[0mGET /nope \#(escape)\[33m404\#(escape)\[0m "# + Self.responseTime + #" ms - \#(length)\#(escape)\[0m"#)
        }
    }

    @Test("A token string: :method :url :status :res[content-length] :req[user-agent] :http-version :remote-addr :response-time")
    func tokens() async throws {
        let format = ":method :url :status :res[content-length] :req[user-agent] :http-version :remote-addr :response-time"
        try await withMiddleware(morgan(#"{ "format": "\#(format)", "file": "$!../access.log" }"#)) { server async throws in
            _ = try await server.client.request(.post, "/api/Products", body: #"{"name":"Desk"}"#, headers: [Self.userAgent: "Agent/2"])
            _ = try await server.client.get("/api/Products/1")
            let lines = try await server.lines(of: "access.log", atLeast: 2)
            expectLine(lines.first, matches: #"POST /api/Products 200 22 Agent/2 1\.1 127\.0\.0\.1 "# + Self.responseTime)
            expectLine(lines.last, matches: #"GET /api/Products/1 200 22 - 1\.1 127\.0\.0\.1 "# + Self.responseTime)
        }
    }

    @Test("immediate: true logs when the request arrives, before any response: status and length are \"-\"")
    func immediate() async throws {
        let params = #"{ "format": ":method :url :status :res[content-length] :response-time", "immediate": true, "file": "$!../access.log" }"#
        try await withMiddleware(morgan(params)) { server async throws in
            _ = try await server.client.get("/api/Products")
            let lines = try await server.lines(of: "access.log", atLeast: 1)
            #expect(lines == ["GET /api/Products - - -"])
        }
    }

    @Test("\"tiny\" alone logs to standard output; the app serves normally")
    func stdout() async throws {
        try await withMiddleware(morgan(#""tiny""#)) { server async throws in
            let reply = try await server.client.get("/api/Products")
            #expect(reply.status == 200)
        }
    }
}
