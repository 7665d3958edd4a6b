import HTTPTypes
import LBCore
import Testing

/// `cors` 2.8 (boot-and-config.md §9.4): simple requests get the origin headers; any OPTIONS is a
/// preflight answered by cors itself (the REST API never runs).
@Suite("Middleware: cors")
struct MiddlewareCORSTests {
    func cors(_ params: String? = nil) -> String {
        chain("\"initial\": { \"cors\": \(params.map { "{ \"params\": \($0) }" } ?? "{}") }")
    }

    static let origin = HTTPField.Name("Origin")!
    static let requestMethod = HTTPField.Name("Access-Control-Request-Method")!
    static let requestHeaders = HTTPField.Name("Access-Control-Request-Headers")!

    /// A preflight from `origin` asking for PUT with two custom headers.
    func preflight(_ server: MiddlewareServer, _ path: String = "/api/Products", origin: String = "https://app.example") async throws -> Reply {
        try await server.client.request(
            .options, path,
            headers: [Self.origin: origin, Self.requestMethod: "PUT", Self.requestHeaders: "X-Custom, Content-Type"])
    }

    @Test("Default (origin *): Access-Control-Allow-Origin: * on responses and errors, no credentials, no Vary")
    func defaultOrigin() async throws {
        try await withMiddleware(cors()) { server async throws in
            for path in ["/api/Products", "/nope"] {
                let reply = try await server.client.get(path, headers: [Self.origin: "https://app.example"])
                #expect(reply.header("Access-Control-Allow-Origin") == "*", "\(path)")
                #expect(reply.header("Access-Control-Allow-Credentials") == nil, "\(path)")
                #expect(reply.all("Vary")?.contains("Origin") != true, "\(path)")
            }
            let noOrigin = try await server.client.get("/api/Products")
            #expect(noOrigin.header("Access-Control-Allow-Origin") == "*", "cors sets it whether or not the request has an Origin")
        }
    }

    @Test("origin: true reflects the request's Origin and adds Vary: Origin")
    func reflectOrigin() async throws {
        try await withMiddleware(cors(#"{ "origin": true }"#)) { server async throws in
            let reply = try await server.client.get("/api/Products", headers: [Self.origin: "https://app.example"])
            #expect(reply.header("Access-Control-Allow-Origin") == "https://app.example")
            #expect(reply.all("Vary")?.contains("Origin") == true)
            let error = try await server.client.get("/nope", headers: [Self.origin: "https://other.example"])
            #expect(error.status == 404)
            #expect(error.header("Access-Control-Allow-Origin") == "https://other.example")
            let none = try await server.client.get("/api/Products")
            #expect(none.header("Access-Control-Allow-Origin") == nil, "nothing to reflect")
        }
    }

    @Test("credentials: true adds Access-Control-Allow-Credentials: true")
    func credentials() async throws {
        try await withMiddleware(cors(#"{ "origin": true, "credentials": true }"#)) { server async throws in
            let reply = try await server.client.get("/api/Products", headers: [Self.origin: "https://app.example"])
            #expect(reply.header("Access-Control-Allow-Credentials") == "true")
            #expect(reply.header("Access-Control-Allow-Origin") == "https://app.example")
        }
    }

    @Test("origin array: a listed origin is reflected; another gets no Access-Control-Allow-Origin, and the request still runs")
    func originArray() async throws {
        try await withMiddleware(cors(#"{ "origin": ["https://a.example", "https://b.example"] }"#)) { server async throws in
            let allowed = try await server.client.get("/api/Products", headers: [Self.origin: "https://b.example"])
            #expect(allowed.header("Access-Control-Allow-Origin") == "https://b.example")
            #expect(allowed.all("Vary")?.contains("Origin") == true)
            let denied = try await server.client.request(
                .post, "/api/Products", body: #"{"name":"Desk"}"#, headers: [Self.origin: "https://evil.example"])
            #expect(denied.status == 200, "cors does not block; the browser does")
            #expect(denied.header("Access-Control-Allow-Origin") == nil)
            #expect(denied.all("Vary")?.contains("Origin") == true)
            #expect(try await server.client.get("/api/Products/count").json == ["count": 1])
        }
    }

    @Test("origin string: that fixed origin is sent whatever the request's Origin, with Vary: Origin")
    func originString() async throws {
        try await withMiddleware(cors(#"{ "origin": "https://a.example" }"#)) { server async throws in
            let same = try await server.client.get("/api/Products", headers: [Self.origin: "https://a.example"])
            #expect(same.header("Access-Control-Allow-Origin") == "https://a.example")
            let other = try await server.client.get("/api/Products", headers: [Self.origin: "https://evil.example"])
            #expect(other.header("Access-Control-Allow-Origin") == "https://a.example")
            #expect(other.all("Vary")?.contains("Origin") == true)
        }
    }

    @Test("exposedHeaders: Access-Control-Expose-Headers on simple requests")
    func exposedHeaders() async throws {
        try await withMiddleware(cors(#"{ "exposedHeaders": ["X-Total-Count", "ETag"] }"#)) { server async throws in
            let reply = try await server.client.get("/api/Products", headers: [Self.origin: "https://app.example"])
            #expect(reply.header("Access-Control-Expose-Headers") == "X-Total-Count,ETag")
        }
    }

    @Test("Preflight: 204, empty, default methods, requested headers reflected; the REST API does not run")
    func preflightDefaults() async throws {
        try await withMiddleware(cors()) { server async throws in
            let reply = try await preflight(server)
            #expect(reply.status == 204)
            #expect(reply.text == "")
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.header("Access-Control-Allow-Methods") == "GET,HEAD,PUT,PATCH,POST,DELETE")
            #expect(reply.header("Access-Control-Allow-Headers") == "X-Custom, Content-Type")
            #expect(reply.all("Vary")?.contains("Access-Control-Request-Headers") == true)
            #expect(reply.header("Access-Control-Max-Age") == nil)
            // OPTIONS on a path nothing else answers is a preflight all the same.
            let elsewhere = try await preflight(server, "/nope")
            #expect(elsewhere.status == 204)
        }
    }

    @Test("Preflight as scaffolded: origin reflected, credentials, Access-Control-Max-Age")
    func preflightScaffold() async throws {
        try await withMiddleware(cors(#"{ "origin": true, "credentials": true, "maxAge": 86400 }"#)) { server async throws in
            let reply = try await preflight(server)
            #expect(reply.status == 204)
            #expect(reply.header("Access-Control-Allow-Origin") == "https://app.example")
            #expect(reply.header("Access-Control-Allow-Credentials") == "true")
            #expect(reply.header("Access-Control-Max-Age") == "86400")
        }
    }

    @Test("Preflight: methods, allowedHeaders, optionsSuccessStatus")
    func preflightOptions() async throws {
        let params = #"{ "methods": ["GET", "POST"], "allowedHeaders": ["Content-Type", "Authorization"], "optionsSuccessStatus": 200 }"#
        try await withMiddleware(cors(params)) { server async throws in
            let reply = try await preflight(server)
            #expect(reply.status == 200)
            #expect(reply.header("Access-Control-Allow-Methods") == "GET,POST")
            #expect(reply.header("Access-Control-Allow-Headers") == "Content-Type,Authorization")
        }
    }

    @Test("Preflight from an origin not allowed: still 204, without Access-Control-Allow-Origin; nothing else runs")
    func preflightDenied() async throws {
        try await withMiddleware(cors(#"{ "origin": ["https://a.example"] }"#)) { server async throws in
            let reply = try await preflight(server, origin: "https://evil.example")
            #expect(reply.status == 204)
            #expect(reply.text == "")
            #expect(reply.header("Access-Control-Allow-Origin") == nil)
            let allowed = try await preflight(server, origin: "https://a.example")
            #expect(allowed.header("Access-Control-Allow-Origin") == "https://a.example")
        }
    }

    @Test("preflightContinue: true passes the OPTIONS request on, with the CORS headers set")
    func preflightContinue() async throws {
        try await withMiddleware(cors(#"{ "preflightContinue": true }"#)) { server async throws in
            let reply = try await preflight(server, "/nope")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "Cannot OPTIONS /nope"))
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.header("Access-Control-Allow-Methods") == "GET,HEAD,PUT,PATCH,POST,DELETE")
        }
    }
}
