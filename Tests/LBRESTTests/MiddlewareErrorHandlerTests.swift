import HTTPTypes
import LBCore
import Testing

/// `loopback#status`, `loopback#urlNotFound` and the strong-error-handler options not covered by
/// `ErrorTests` (boot-and-config.md §9.4–§9.5): debug, safeFields, XML, rootProperty.
@Suite("Middleware: status, urlNotFound, strong-error-handler")
struct MiddlewareErrorHandlerTests {
    /// The standard chain with strong-error-handler's params replaced by `params` (JSON).
    func handler(_ params: String, before: String = "") -> String {
        let prefix = before.isEmpty ? "" : before + ", "
        return """
            { \(prefix)"routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final": { "loopback#urlNotFound": {} },
              "final:after": { "strong-error-handler": { "params": \(params) } } }
            """
    }

    @Test("loopback#status at a path: {started, uptime}, for any method")
    func status() async throws {
        try await withMiddleware(chain(#""routes:after": { "loopback#status": { "paths": "/health" } }"#)) { server async throws in
            let reply = try await server.client.get("/health")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
            #expect(reply.json?.objectValue?.keys.elements == ["started", "uptime"])
            let started = try #require(reply.json?["started"]?.stringValue)
            #expect(started.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(started)")
            #expect((reply.json?["uptime"]?.numberValue ?? -1) >= 0)
            #expect(try await server.client.post("/health", "{}").json?["uptime"] != nil)
        }
    }

    @Test("loopback#urlNotFound: 404 Cannot <METHOD> <url> with the query string")
    func urlNotFound() async throws {
        try await withMiddleware(chain("")) { server async throws in
            let get = try await server.client.get("/nope")
            #expect(get.json == errorBody(404, "Cannot GET /nope"))
            let delete = try await server.client.request(.delete, "/a/b?c=d")
            #expect(delete.json == errorBody(404, "Cannot DELETE /a/b?c=d"))
        }
    }

    @Test("Without loopback#urlNotFound, an unanswered request still gets a 404")
    func withoutURLNotFound() async throws {
        let middleware = #"""
            { "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final:after": { "strong-error-handler": { "params": { "log": false } } } }
            """#
        try await withMiddleware(middleware) { server async throws in
            let reply = try await server.client.get("/nope")
            #expect(reply.status == 404)
        }
    }

    @Test("debug: true adds the stack to a 4xx")
    func debug4xx() async throws {
        try await withMiddleware(handler(#"{ "debug": true, "log": false }"#)) { server async throws in
            let reply = try await server.client.get("/nope")
            #expect(reply.status == 404)
            #expect(reply.error("statusCode") == 404)
            #expect(reply.error("message") == "Cannot GET /nope")
            #expect(reply.error("stack")?.stringValue?.isEmpty == false)
        }
    }

    @Test("debug: true shows a 5xx's own message and stack; debug: false only the reason phrase")
    func debug5xx() async throws {
        var files = ErrorTests.gadgetApp
        files["server/middleware.json"] = handler(#"{ "debug": true, "log": false }"#)
        try await withMiddlewareServer(files) { server async throws in
            let reply = try await server.client.get("/api/Gadgets")
            #expect(reply.status == 500)
            #expect(reply.error("statusCode") == 500)
            #expect(reply.error("message") != "Internal Server Error")
            #expect(reply.error("message")?.stringValue?.isEmpty == false)
            #expect(reply.error("stack")?.stringValue?.isEmpty == false)
        }
        files["server/middleware.json"] = handler(#"{ "debug": false, "log": false }"#)
        try await withMiddlewareServer(files) { server async throws in
            let reply = try await server.client.get("/api/Gadgets")
            #expect(reply.json == internalServerErrorBody)
        }
    }

    @Test("safeFields: listed properties of the error are kept in production")
    func safeFields() async throws {
        let middleware = handler(#"{ "safeFields": ["limit", "type"], "log": false }"#, before: #""parse": { "body-parser#json": { "params": { "limit": "1kb" } } }"#)
        try await withMiddleware(middleware) { server async throws in
            let reply = try await server.client.post("/api/Products", #"{"name":""# + filler(2000) + #""}"#)
            #expect(reply.status == 413)
            #expect(reply.error("message") == "request entity too large")
            #expect(reply.error("limit") == 1024)
            #expect(reply.error("type") == "entity.too.large")
            #expect(reply.error("length") == nil, "not listed")
            #expect(reply.error("stack") == nil)
        }
    }

    @Test("Accept: text/xml and ?_format=xml: an XML error document")
    func xml() async throws {
        try await withMiddleware(handler(#"{ "log": false }"#)) { server async throws in
            let accept = try await server.client.get("/nope", headers: [.accept: "text/xml"])
            let format = try await server.client.get("/nope?_format=xml")
            for reply in [accept, format] {
                #expect(reply.status == 404)
                #expect(reply.header("Content-Type")?.hasPrefix("text/xml") == true)
                #expect(reply.text.hasPrefix("<?xml"))
                #expect(reply.text.contains("<statusCode>404</statusCode>"))
                #expect(reply.text.contains("<message>Cannot GET /nope"))
            }
        }
    }

    @Test("Accept: text/html: an HTML page, also from a middleware error (413)")
    func html() async throws {
        let middleware = handler(#"{ "log": false }"#, before: #""parse": { "body-parser#json": { "params": { "limit": "1kb" } } }"#)
        try await withMiddleware(middleware) { server async throws in
            let reply = try await server.client.request(
                .post, "/api/Products", body: #"{"name":""# + filler(2000) + #""}"#, headers: [.accept: "text/html", .contentType: "application/json"])
            #expect(reply.status == 413)
            #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(reply.text.contains("request entity too large"))
        }
    }

    @Test("defaultType: used when the Accept header matches nothing it renders")
    func defaultType() async throws {
        try await withMiddleware(handler(#"{ "defaultType": "html", "log": false }"#)) { server async throws in
            let reply = try await server.client.get("/nope", headers: [.accept: "image/png"])
            #expect(reply.status == 404)
            #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true)
        }
    }

    @Test("negotiateContentType: false always answers defaultType")
    func noNegotiation() async throws {
        try await withMiddleware(handler(#"{ "negotiateContentType": false, "log": false }"#)) { server async throws in
            let reply = try await server.client.get("/nope", headers: [.accept: "text/html"])
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "Cannot GET /nope"))
        }
    }

    @Test("rootProperty: false sends the error object unwrapped; a string renames the wrapper")
    func rootProperty() async throws {
        try await withMiddleware(handler(#"{ "rootProperty": false, "log": false }"#)) { server async throws in
            let reply = try await server.client.get("/nope")
            #expect(reply.status == 404)
            #expect(reply.json == ["statusCode": 404, "name": "Error", "message": "Cannot GET /nope"])
        }
        try await withMiddleware(handler(#"{ "rootProperty": "failure", "log": false }"#)) { server async throws in
            let reply = try await server.client.get("/nope")
            #expect(reply.json == ["failure": ["statusCode": 404, "name": "Error", "message": "Cannot GET /nope"]])
        }
    }
}
