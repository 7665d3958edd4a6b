import HTTPTypes
import LBCore
import Testing

@testable import LBREST

/// The error envelope, body parsing errors, content negotiation (rest-api.md §1.3, §1.6, §5).
@Suite("REST errors")
struct ErrorTests {
    @Test("Malformed JSON body: 400 SyntaxError; nothing created", arguments: TestConnector.allCases)
    func malformedBody(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for body in [#"{"name":"Desk",}"#, #"{"name":"#, "{name:1}", "[1,"] {
                let reply = try await client.post("/api/Products", body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.error("statusCode") == 400, "\(body)")
                #expect(reply.error("name") == "SyntaxError", "\(body)")
                #expect(reply.error("message")?.stringValue?.isEmpty == false, "\(body)")
                #expect(reply.json?["error"]?.objectValue?.keys.elements == ["statusCode", "name", "message"], "\(body)")
            }
            let patch = try await client.patch("/api/Products/1", "{")
            #expect(patch.error("name") == "SyntaxError")
            #expect(try await client.get("/api/Products/count").json == ["count": 0])
        }
    }

    @Test("A body over remoting.json.limit: 413 PayloadTooLargeError", arguments: TestConnector.allCases)
    func bodyTooLarge(connector: TestConnector) async throws {
        let app = productApp(remoting: #"{ "rest": { "handleErrors": false }, "json": { "limit": "1kb" } }"#)
        try await withServer(app, connector: connector) { client in
            let big = #"{"name":""# + String(repeating: "x", count: 2000) + #""}"#
            let reply = try await client.post("/api/Products", big)
            #expect(reply.status == 413)
            #expect(reply.json == errorBody(413, "request entity too large", name: "PayloadTooLargeError"))
            let small = try await client.post("/api/Products", #"{"name":""# + String(repeating: "x", count: 900) + #""}"#)
            #expect(small.status == 200)
            #expect(try await client.get("/api/Products/count").json == ["count": 1])
        }
    }

    @Test("The default limit is 100kb", arguments: TestConnector.allCases)
    func defaultBodyLimit(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let fits = try await client.post("/api/Products", #"{"name":""# + String(repeating: "x", count: 90_000) + #""}"#)
            #expect(fits.status == 200)
            let big = try await client.post("/api/Products", #"{"name":""# + String(repeating: "x", count: 110_000) + #""}"#)
            #expect(big.status == 413)
            #expect(big.json == errorBody(413, "request entity too large", name: "PayloadTooLargeError"))
        }
    }

    @Test("Accept that only allows text/html on a success route: 406 Not Acceptable (plain text)", arguments: TestConnector.allCases)
    func notAcceptable(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for accept in ["text/html", "application/xml"] {
                let reply = try await client.get("/api/Products", accept: accept)
                #expect(reply.status == 406, "\(accept)")
                #expect(reply.text == "Not Acceptable", "\(accept)")
            }
            for accept in ["application/json", "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"] {
                let reply = try await client.get("/api/Products", accept: accept)
                #expect(reply.status == 200, "\(accept)")
                #expect(reply.json == [], "\(accept)")
                #expect(reply.header("Content-Type") == "application/json; charset=utf-8", "\(accept)")
            }
        }
    }

    @Test("An error requested with Accept: text/html is an HTML page", arguments: TestConnector.allCases)
    func htmlError(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let notFound = try await client.get("/nope", accept: "text/html")
            #expect(notFound.status == 404)
            #expect(notFound.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(notFound.text.contains("<h1>Error</h1>"))
            #expect(notFound.text.contains("<h2><em>404</em> Cannot GET /nope</h2>"))
            #expect(notFound.header("X-Content-Type-Options") == "nosniff")
            let model = try await client.get("/api/Nope", accept: "text/html")
            #expect(model.status == 404)
            #expect(model.text.contains("<h2><em>404</em> There is no method to handle GET /Nope</h2>"))
        }
    }

    @Test(
        "An API method that fails, requested with Accept: text/html, answers the HTML error page (not 406)",
        arguments: TestConnector.allCases)
    func htmlErrorFromMethod(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let missing = try await client.request(.patch, "/api/Products/7", body: "{}", headers: [.accept: "text/html"])
            #expect(missing.status == 404)
            #expect(missing.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(missing.text.contains("<h2><em>404</em> could not find a model with id 7</h2>"))
            #expect(missing.text.contains("<div><b>code</b>: MODEL_NOT_FOUND</div>"))
            // The method runs before the response type is negotiated: a create is stored, then 406.
            let created = try await client.request(.post, "/api/Products", body: #"{"name":"Desk"}"#, headers: [.accept: "text/html"])
            #expect(created.status == 406)
            #expect(try await client.get("/api/Products/count").json == ["count": 1])
        }
    }

    @Test(
        "?_format=json overrides Accept on success",
        arguments: TestConnector.allCases)
    func formatOverrideSuccess(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.get("/api/Products?_format=json", accept: "text/html")
            #expect(reply.status == 200)
            #expect(reply.json == [])
            #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
        }
    }

    @Test(
        "?_format=json overrides Accept for errors",
        arguments: TestConnector.allCases)
    func formatOverride(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.get("/api/Products/42?_format=json", accept: "text/html")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, #"Unknown "Product" id "42"."#, code: "MODEL_NOT_FOUND"))
        }
    }

    @Test("Error responses: JSON with charset and X-Content-Type-Options: nosniff", arguments: TestConnector.allCases)
    func errorHeaders(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for path in ["/api/Products/42", "/api/Nope", "/nope", filtered("{bad}")] {
                let reply = try await client.get(path)
                #expect(reply.header("Content-Type") == "application/json; charset=utf-8", "\(path)")
                #expect(reply.header("X-Content-Type-Options") == "nosniff", "\(path)")
            }
            let validation = try await client.post("/api/Products", "{}")
            #expect(validation.status == 422)
            #expect(validation.header("X-Content-Type-Options") == "nosniff")
        }
    }

    /// An app whose `Gadget` is a persisted model on the mail datasource: every data operation fails with a 500.
    static let gadgetApp: [String: String] = {
        var files = productApp(
            models: ["gadget.json": #"{ "name": "Gadget", "base": "PersistedModel", "properties": { "name": "string" } }"#],
            modelConfig: ["Gadget": #"{ "dataSource": "mail" }"#])
        files["server/datasources.local.json"] = #"{ "mail": { "name": "mail", "connector": "mail" } }"#
        return files
    }()

    @Test("Production mode hides the message of a 5xx", arguments: TestConnector.allCases)
    func productionHides500(connector: TestConnector) async throws {
        try await withServer(Self.gadgetApp, connector: connector) { client in
            let reply = try await client.get("/api/Gadgets")
            #expect(reply.status == 500)
            #expect(reply.error("statusCode") == 500)
            #expect(reply.json?["error"]?.objectValue?.keys.elements == ["statusCode", "message"])
            #expect(!reply.text.contains("mail"))
            #expect(reply.header("X-Content-Type-Options") == "nosniff")
            #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
            // Products on `db` are unaffected.
            #expect(try await client.get("/api/Products").status == 200)
        }
    }

    @Test(
        "A production 5xx says Internal Server Error",
        arguments: TestConnector.allCases)
    func productionReasonPhrase(connector: TestConnector) async throws {
        try await withServer(Self.gadgetApp, connector: connector) { client in
            let reply = try await client.get("/api/Gadgets")
            #expect(reply.status == 500)
            #expect(reply.json == internalServerErrorBody)
        }
    }

    @Test("Production 4xx bodies carry no stack and no extra fields", arguments: TestConnector.allCases)
    func production4xx(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.get("/api/Products/42")
            #expect(reply.json?["error"]?.objectValue?.keys.elements == ["statusCode", "name", "message", "code"])
            #expect(!reply.text.contains("stack"))
        }
    }
}
