import LBCore
import Testing

/// `loopback-component-explorer` over HTTP: its routes and options (boot-and-config.md §10.2).
@Suite("Explorer component")
struct ExplorerTests {
    /// The product app with the explorer configured with `options` (JSON members text).
    func app(_ options: String = "", extra: [String: String] = [:]) -> [String: String] {
        var files = extra
        files["server/component-config.json"] = "{ \"loopback-component-explorer\": { \(options) } }"
        return productApp(extra: files)
    }

    @Test("GET /explorer redirects to /explorer/, which serves the page")
    func page() async throws {
        try await withServer(app()) { (client: Client) async throws in
            let redirect = try await client.get("/explorer")
            #expect(redirect.status == 301)
            #expect(redirect.header("Location") == "/explorer/")
            let page = try await client.get("/explorer/")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            for marker in [#"id="models""#, #"id="api-title""#, #"id="access-token""#, #"id="set-token""#, "openapi.json"] {
                #expect(page.text.contains(marker))
            }
            #expect(!page.text.contains("http://") && !page.text.contains("https://"), "the page loads nothing from elsewhere")
        }
    }

    @Test("the documents and config.json are served below the mount path")
    func documents() async throws {
        try await withServer(app()) { (client: Client) async throws in
            let openAPI = try #require(try await client.get("/explorer/openapi.json").json)
            #expect(openAPI["openapi"] == "3.1.0")
            #expect(openAPI["servers"]?.arrayValue?.first?["url"] == "/api")
            #expect(openAPI["paths"]?["/Products"]?["get"]?["operationId"] == "Product.find")
            let swagger = try #require(try await client.get("/explorer/swagger.json").json)
            #expect(swagger["swagger"] == "2.0")
            #expect(swagger["basePath"] == "/api")
            #expect(swagger["definitions"]?["Product"] != nil)
            let config = try await client.get("/explorer/config.json")
            #expect(config.header("Content-Type") == "application/json; charset=utf-8")
            #expect(config.json == ["url": "swagger.json", "openapi": "openapi.json", "auth": ["in": "header", "name": "Authorization"]])
        }
    }

    @Test("mountPath, resourcePath and auth move the routes and the page's token")
    func mountPath() async throws {
        try await withServer(app(#""mountPath": "/docs/", "resourcePath": "spec/v2.json", "auth": { "in": "query", "name": "token" }"#)) { (client: Client) async throws in
            #expect(try await client.get("/explorer/").status == 404)
            #expect(try await client.get("/docs").header("Location") == "/docs/")
            #expect(try await client.get("/docs/spec/v2.json").json?["swagger"] == "2.0")
            #expect(try await client.get("/docs/swagger.json").status == 404)
            #expect(try await client.get("/docs/openapi.json").status == 200)
            #expect(try await client.get("/docs/config.json").json?["auth"] == ["in": "query", "name": "token"])
            #expect(try await client.get("/docs/config.json").json?["url"] == "spec/v2.json")
        }
    }

    @Test("swaggerUI false serves the documents only")
    func documentsOnly() async throws {
        try await withServer(app(#""swaggerUI": false"#)) { (client: Client) async throws in
            #expect(try await client.get("/explorer/").status == 404)
            #expect(try await client.get("/explorer").status == 404)
            #expect(try await client.get("/explorer/openapi.json").status == 200)
            #expect(try await client.get("/explorer/swagger.json").status == 200)
        }
    }

    @Test("basePath, apiInfo, version, host and protocol reach the documents")
    func documentOptions() async throws {
        let options = #""basePath": "/v1/", "apiInfo": { "title": "Shop", "description": "The shop API" }, "version": "2.3.4", "host": "api.example.org", "protocol": "https""#
        try await withServer(app(options)) { (client: Client) async throws in
            let swagger = try #require(try await client.get("/explorer/swagger.json").json)
            #expect(swagger["basePath"] == "/v1")
            #expect(swagger["host"] == "api.example.org")
            #expect(swagger["schemes"] == ["https"])
            #expect(swagger["info"] == ["title": "Shop", "description": "The shop API", "version": "2.3.4"])
            let openAPI = try #require(try await client.get("/explorer/openapi.json").json)
            #expect(openAPI["servers"] == [["url": "https://api.example.org/v1"]])
        }
    }

    @Test("info falls back to package.json, then to LoopBack's defaults")
    func packageInfo() async throws {
        let package = #"{ "name": "bookshop", "description": "Books for sale", "version": "0.4.0" }"#
        try await withServer(app(extra: ["package.json": package])) { (client: Client) async throws in
            let info = try await client.get("/explorer/openapi.json").json?["info"]
            #expect(info == ["title": "bookshop", "description": "Books for sale", "version": "0.4.0"])
        }
        try await withServer(app()) { (client: Client) async throws in
            let info = try await client.get("/explorer/swagger.json").json?["info"]
            #expect(info == ["title": "LoopBack Application", "description": "LoopBack Application", "version": "1.0.0"])
        }
    }

    @Test("uiDirs files override the page and add files")
    func uiDirs() async throws {
        let extra = ["ui/index.html": "<p>custom</p>", "ui/extra.css": "p { color: red }"]
        try await withServer(app(#""uiDirs": "ui""#, extra: extra)) { (client: Client) async throws in
            #expect(try await client.get("/explorer/").text == "<p>custom</p>")
            let css = try await client.get("/explorer/extra.css")
            #expect(css.text == "p { color: red }")
            #expect(css.header("Content-Type") == "text/css; charset=utf-8")
            #expect(try await client.get("/explorer/../server/config.json").status == 404)
        }
    }

    @Test("the REST API still answers beside the explorer")
    func restStillServed() async throws {
        try await withServer(app()) { (client: Client) async throws in
            #expect(try await client.post("/api/Products", #"{"name":"Desk"}"#).status == 200)
            #expect(try await client.get("/api/Products").json?.arrayValue?.count == 1)
        }
    }
}
