import HTTPTypes
import LBCore
import Testing

/// `loopback#static` / `serve-static` 1.x (send) and `loopback#favicon` / `serve-favicon` 2.x
/// (boot-and-config.md §9.4), including hostile paths.
@Suite("Middleware: static files and favicon")
struct MiddlewareStaticTests {
    /// `client/` holds the site; `secret.txt` lies just outside it, in the app root.
    static let site: [String: String] = [
        "client/index.html": "<h1>home</h1>",
        "client/hello.txt": "hello world",
        "client/style.css": "body { color: red }",
        "client/app.js": "console.log(1)",
        "client/data.json": #"{"a":1}"#,
        "client/about.html": "about page",
        "client/sub/index.html": "sub index",
        "client/plain/file.txt": "in plain",
        "client/.secret": "dotfile contents",
        "client/fav.ico": "ICONBYTES",
        "docs/guide.txt": "the guide",
        "secret.txt": "TOP SECRET",
    ]

    /// A chain with `loopback#static` on `client/` (params `options` JSON, or none) in `files`.
    func site(_ options: String? = nil, ref: String = "loopback#static") -> String {
        let params = options.map { #"["$!../client", \#($0)]"# } ?? #""$!../client""#
        return chain("\"files\": { \"\(ref)\": { \"params\": \(params) } }")
    }

    static let ifNoneMatch = HTTPField.Name("If-None-Match")!
    static let ifModifiedSince = HTTPField.Name("If-Modified-Since")!
    static let range = HTTPField.Name("Range")!

    @Test("Files are served with their content type and length", arguments: ["loopback#static", "serve-static"])
    func contentTypes(ref: String) async throws {
        try await withMiddleware(site(ref: ref), extra: Self.site) { server async throws in
            let cases = [
                ("/hello.txt", "text/plain; charset=UTF-8", "hello world"),
                ("/about.html", "text/html; charset=UTF-8", "about page"),
                ("/style.css", "text/css; charset=UTF-8", "body { color: red }"),
                ("/app.js", "application/javascript; charset=UTF-8", "console.log(1)"),
                ("/data.json", "application/json; charset=UTF-8", #"{"a":1}"#),
            ]
            for (path, type, body) in cases {
                let reply = try await server.client.get(path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.header("Content-Type") == type, "\(path)")
                #expect(reply.header("Content-Length") == "\(body.utf8.count)", "\(path)")
                #expect(reply.text == body, "\(path)")
            }
        }
    }

    @Test("Accept-Ranges, a weak ETag, Last-Modified and Cache-Control: public, max-age=0 by default")
    func defaultHeaders() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/hello.txt")
            #expect(reply.header("Accept-Ranges") == "bytes")
            #expect(reply.header("Cache-Control") == "public, max-age=0")
            #expect(reply.header("ETag")?.hasPrefix("W/\"") == true)
            #expect(reply.header("Last-Modified")?.hasSuffix(" GMT") == true)
        }
    }

    @Test("HEAD: the headers of GET without a body")
    func head() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let reply = try await server.client.head("/hello.txt")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Length") == "11")
            #expect(reply.text == "")
        }
    }

    @Test("/ and a folder with a trailing slash serve index.html")
    func index() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let root = try await server.client.get("/")
            #expect(root.status == 200)
            #expect(root.text == "<h1>home</h1>")
            #expect(root.header("Content-Type") == "text/html; charset=UTF-8")
            #expect(try await server.client.get("/sub/").text == "sub index")
        }
    }

    @Test("A folder without its trailing slash: 301 to the path with one")
    func folderRedirect() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let reply = try #require(try await server.rawGet("/sub"))
            #expect(reply.status == 301)
            #expect(reply.header("Location") == "/sub/")
            let query = try #require(try await server.rawGet("/sub?x=1"))
            #expect(query.status == 301)
            #expect(query.header("Location") == "/sub/?x=1")
        }
    }

    @Test("{redirect: false}: a folder without its trailing slash falls through")
    func noRedirect() async throws {
        try await withMiddleware(site(#"{ "redirect": false }"#), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/sub")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "Cannot GET /sub"))
        }
    }

    @Test("If-None-Match with the ETag: 304 without a body")
    func etag() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let etag = try #require(try await server.client.get("/hello.txt").header("ETag"))
            let reply = try await server.client.get("/hello.txt", headers: [Self.ifNoneMatch: etag])
            #expect(reply.status == 304)
            #expect(reply.text == "")
            let other = try await server.client.get("/hello.txt", headers: [Self.ifNoneMatch: #"W/"other""#])
            #expect(other.status == 200)
        }
    }

    @Test("If-Modified-Since at Last-Modified: 304; before it: 200")
    func lastModified() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let modified = try #require(try await server.client.get("/hello.txt").header("Last-Modified"))
            #expect(try await server.client.get("/hello.txt", headers: [Self.ifModifiedSince: modified]).status == 304)
            let old = try await server.client.get("/hello.txt", headers: [Self.ifModifiedSince: "Mon, 01 Jan 2001 00:00:00 GMT"])
            #expect(old.status == 200)
            #expect(old.text == "hello world")
        }
    }

    @Test("{etag: false, lastModified: false}: neither header")
    func validatorsOff() async throws {
        try await withMiddleware(site(#"{ "etag": false, "lastModified": false }"#), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/hello.txt")
            #expect(reply.status == 200)
            #expect(reply.header("ETag") == nil)
            #expect(reply.header("Last-Modified") == nil)
        }
    }

    @Test("Range: bytes=0-4 gives 206 with Content-Range; an unsatisfiable range gives 416 with bytes */N")
    func ranges() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let part = try await server.client.get("/hello.txt", headers: [Self.range: "bytes=0-4"])
            #expect(part.status == 206)
            #expect(part.text == "hello")
            #expect(part.header("Content-Range") == "bytes 0-4/11")
            #expect(part.header("Content-Length") == "5")
            let tail = try await server.client.get("/hello.txt", headers: [Self.range: "bytes=-5"])
            #expect(tail.status == 206)
            #expect(tail.text == "world")
            let bad = try await server.client.get("/hello.txt", headers: [Self.range: "bytes=100-200"])
            #expect(bad.status == 416)
            #expect(bad.header("Content-Range") == "bytes */11")
        }
    }

    @Test("{maxAge: 3600000} (ms): Cache-Control: public, max-age=3600")
    func maxAge() async throws {
        try await withMiddleware(site(#"{ "maxAge": 3600000 }"#), extra: Self.site) { server async throws in
            #expect(try await server.client.get("/hello.txt").header("Cache-Control") == "public, max-age=3600")
        }
    }

    @Test("A second folder mounted at /docs with options, as in the spec's example")
    func mountedFolder() async throws {
        let middleware = chain(#"""
            "files": { "loopback#static": [ { "name": "spa", "params": "$!../client" },
                                            { "name": "docs", "paths": ["/docs"], "params": ["$!../docs", { "maxAge": 3600000 }] } ] }
            """#)
        try await withMiddleware(middleware, extra: Self.site) { server async throws in
            let guide = try await server.client.get("/docs/guide.txt")
            #expect(guide.text == "the guide")
            #expect(guide.header("Cache-Control") == "public, max-age=3600")
            #expect(try await server.client.get("/guide.txt").status == 404)
            #expect(try await server.client.get("/hello.txt").header("Cache-Control") == "public, max-age=0")
        }
    }

    @Test("Dotfiles are ignored by default: the request falls through to urlNotFound")
    func dotfilesIgnored() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/.secret")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "Cannot GET /.secret"))
        }
    }

    @Test("{dotfiles: allow} serves them")
    func dotfilesAllowed() async throws {
        try await withMiddleware(site(#"{ "dotfiles": "allow" }"#), extra: Self.site) { server async throws in
            #expect(try await server.client.get("/.secret").text == "dotfile contents")
        }
    }

    @Test("{dotfiles: deny, fallthrough: false}: 403; with fallthrough (the default) the denial falls through to a 404")
    func dotfilesDenied() async throws {
        try await withMiddleware(site(#"{ "dotfiles": "deny", "fallthrough": false }"#), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/.secret")
            #expect(reply.status == 403)
            #expect(!reply.text.contains("dotfile contents"))
        }
        try await withMiddleware(site(#"{ "dotfiles": "deny" }"#), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/.secret")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "Cannot GET /.secret"))
        }
    }

    @Test("{index: false}: a folder is not answered")
    func indexOff() async throws {
        try await withMiddleware(site(#"{ "index": false }"#), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/sub/")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "Cannot GET /sub/"))
            #expect(try await server.client.get("/hello.txt").status == 200)
        }
    }

    @Test("{extensions: [\"html\"]}: /about serves about.html")
    func extensions() async throws {
        try await withMiddleware(site(#"{ "extensions": ["html"] }"#), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/about")
            #expect(reply.status == 200)
            #expect(reply.text == "about page")
        }
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            #expect(try await server.client.get("/about").status == 404)
        }
    }

    @Test("A missing file falls through to the REST API and urlNotFound")
    func missingFallsThrough() async throws {
        try await withMiddleware(chain(#""routes:before": { "loopback#static": { "params": "$!../client" } }"#), extra: Self.site) { server async throws in
            #expect(try await server.client.get("/missing.txt").json == errorBody(404, "Cannot GET /missing.txt"))
            #expect(try await server.client.get("/api/Products").json == [])
        }
    }

    @Test("POST to a file falls through (404 from urlNotFound)")
    func postFallsThrough() async throws {
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            let reply = try await server.client.post("/hello.txt", "{}")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "Cannot POST /hello.txt"))
        }
    }

    @Test("{fallthrough: false}: a missing file is a 404 from static itself; POST is 405 with Allow: GET, HEAD")
    func noFallthrough() async throws {
        try await withMiddleware(site(#"{ "fallthrough": false }"#), extra: Self.site) { server async throws in
            let missing = try await server.client.get("/missing.txt")
            #expect(missing.status == 404)
            #expect(missing.error("message") != "Cannot GET /missing.txt")
            let post = try await server.client.post("/hello.txt", "{}")
            #expect(post.status == 405)
            #expect(post.header("Allow") == "GET, HEAD")
            #expect(try await server.client.get("/hello.txt").text == "hello world")
        }
    }

    // MARK: Hostile paths

    static let traversals = [
        "/../secret.txt", "/a/../../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/..%2fsecret.txt", "/..%2Fsecret.txt", "/sub/..%2f..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt",
        "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ]

    @Test("Paths escaping the folder never serve what is outside it: 403 or 404", arguments: ["{}", #"{ "fallthrough": false }"#])
    func traversal(options: String) async throws {
        try await withMiddleware(site(options), extra: Self.site) { server async throws in
            for path in Self.traversals {
                let reply = try #require(try await server.rawGet(path), "\(path)")
                #expect([403, 404].contains(reply.status), "\(path): \(reply.status)")
                #expect(!reply.text.contains("TOP SECRET"), "\(path)")
                #expect(!reply.text.contains("root:"), "\(path)")
            }
            #expect(try await server.client.get("/hello.txt").text == "hello world", "the server still answers")
        }
    }

    @Test("A NUL byte or invalid percent-encoding: 400 with fallthrough: false; with fallthrough the request falls through to a 404")
    func badEncoding() async throws {
        try await withMiddleware(site(#"{ "fallthrough": false }"#), extra: Self.site) { server async throws in
            for path in ["/hello.txt%00", "/hello.txt%00.html", "/%zz", "/hello%zz.txt", "/%"] {
                let reply = try #require(try await server.rawGet(path), "\(path)")
                #expect(reply.status == 400, "\(path): \(reply.status)")
                #expect(!reply.text.contains("hello world"), "\(path)")
            }
            #expect(try await server.client.get("/hello.txt").text == "hello world")
        }
        try await withMiddleware(site(), extra: Self.site) { server async throws in
            for path in ["/hello.txt%00", "/%zz"] {
                let reply = try #require(try await server.rawGet(path), "\(path)")
                #expect(reply.status == 404, "\(path): \(reply.status)")
                #expect(reply.error("message") == .string("Cannot GET \(path)"), "\(path)")
            }
            #expect(try await server.client.get("/hello.txt").text == "hello world")
        }
    }

    // MARK: favicon

    @Test("loopback#favicon: GET /favicon.ico serves LoopBack's icon for a year, with an ETag")
    func faviconDefault() async throws {
        try await withMiddleware(chain(#""initial:before": { "loopback#favicon": {} }"#)) { server async throws in
            let reply = try #require(try await server.rawGet("/favicon.ico"))
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "image/x-icon")
            #expect(reply.header("Cache-Control") == "public, max-age=31536000")
            #expect(reply.header("ETag") != nil)
            #expect(reply.body.count > 0)
            #expect(reply.header("Content-Length") == "\(reply.body.count)")
            let head = try await server.client.head("/favicon.ico")
            #expect(head.status == 200)
            #expect(head.header("Content-Type") == "image/x-icon")
        }
    }

    @Test("favicon: If-None-Match with its ETag is 304")
    func faviconConditional() async throws {
        try await withMiddleware(chain(#""initial:before": { "loopback#favicon": {} }"#)) { server async throws in
            let etag = try #require(try await server.client.get("/favicon.ico").header("ETag"))
            let reply = try await server.client.get("/favicon.ico", headers: [Self.ifNoneMatch: etag])
            #expect(reply.status == 304)
            #expect(reply.text == "")
        }
    }

    @Test("favicon: OPTIONS is 200 and other methods 405, both with Allow: GET, HEAD, OPTIONS")
    func faviconMethods() async throws {
        try await withMiddleware(chain(#""initial:before": { "loopback#favicon": {} }"#)) { server async throws in
            let options = try await server.client.request(.options, "/favicon.ico")
            #expect(options.status == 200)
            #expect(options.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(options.text == "")
            for method in [HTTPRequest.Method.post, .put, .delete] {
                let reply = try await server.client.request(method, "/favicon.ico", body: "{}")
                #expect(reply.status == 405, "\(method)")
                #expect(reply.header("Allow") == "GET, HEAD, OPTIONS", "\(method)")
            }
        }
    }

    @Test("favicon with an icon path serves that file; serve-favicon's maxAge is in ms")
    func faviconCustom() async throws {
        try await withMiddleware(chain(#""initial:before": { "loopback#favicon": { "params": "$!../client/fav.ico" } }"#), extra: Self.site) { server async throws in
            let reply = try await server.client.get("/favicon.ico")
            #expect(reply.status == 200)
            #expect(reply.text == "ICONBYTES")
            #expect(reply.header("Content-Type") == "image/x-icon")
        }
        let withOptions = chain(#""initial:before": { "serve-favicon": { "params": ["$!../client/fav.ico", { "maxAge": 60000 }] } }"#)
        try await withMiddleware(withOptions, extra: Self.site) { server async throws in
            let reply = try await server.client.get("/favicon.ico")
            #expect(reply.text == "ICONBYTES")
            #expect(reply.header("Cache-Control") == "public, max-age=60")
        }
    }

    @Test("favicon: other paths pass through; the query string does not matter")
    func faviconOtherPaths() async throws {
        try await withMiddleware(chain(#""initial:before": { "loopback#favicon": {} }"#)) { server async throws in
            #expect(try await server.client.get("/favicon.ico?v=2").status == 200)
            #expect(try await server.client.get("/favicon.png").json == errorBody(404, "Cannot GET /favicon.png"))
            #expect(try await server.client.get("/x/favicon.ico").json == errorBody(404, "Cannot GET /x/favicon.ico"))
            #expect(try await server.client.get("/api/Products").json == [])
            #expect(try await server.client.post("/api/Products", #"{"name":"Desk"}"#).status == 200)
        }
    }
}
