public import LBCore

/// The modules this lbrun binary ships: the one list of connectors, middleware and components.
///
/// A config file names a module by its short name or a LoopBack 3 alias; the compiler resolves
/// names against this catalog. Adding a module is one file declaring its `ModuleInfo` plus one
/// line here. A custom binary can pass a larger catalog to `BootOptions`.
public enum Builtins {
    public static let catalog = ModuleCatalog(connectors + middleware + components)

    static let connectors: [ModuleInfo] = [
        ModuleInfo(
            id: ModuleID(.connector, "memory"), aliases: ["loopback-connector-memory"],
            summary: "In-process store, optionally persisted to a JSON file (LoopBack 3's memory connector)."),
        ModuleInfo(
            id: ModuleID(.connector, "transient"), aliases: ["loopback-connector-transient"],
            summary: "Accepts every operation and stores nothing."),
        ModuleInfo(
            id: ModuleID(.connector, "kv-memory"), aliases: ["loopback-connector-kv-memory"],
            summary: "In-process key-value store for KeyValueModel."),
        ModuleInfo(
            id: ModuleID(.connector, "sqlite"), aliases: ["sqlite3", "loopback-connector-sqlite3", "loopback-connector-sqlite"],
            summary: "SQLite database file."),
        ModuleInfo(
            id: ModuleID(.connector, "postgresql"), aliases: ["postgres", "loopback-connector-postgresql"],
            summary: "PostgreSQL server."),
        ModuleInfo(
            id: ModuleID(.connector, "rest"), aliases: ["loopback-connector-rest"],
            summary: "Declarative HTTP operations against another REST API."),
        ModuleInfo(
            id: ModuleID(.connector, "mail"), aliases: ["loopback-connector-mail"],
            summary: "Sends email over SMTP for the Email model."),
    ]

    static let middleware: [ModuleInfo] = [
        ModuleInfo(id: ModuleID(.middleware, "favicon"), aliases: ["loopback#favicon", "serve-favicon"], summary: "Serves /favicon.ico."),
        ModuleInfo(id: ModuleID(.middleware, "status"), aliases: ["loopback#status"], summary: "Replies with {started, uptime}."),
        ModuleInfo(id: ModuleID(.middleware, "compression"), aliases: ["compression"], summary: "gzip/deflate response compression."),
        ModuleInfo(id: ModuleID(.middleware, "cors"), aliases: ["cors"], summary: "CORS headers and preflight replies."),
        ModuleInfo(id: ModuleID(.middleware, "helmet.xss-filter"), aliases: ["helmet#xssFilter"], summary: "X-XSS-Protection header."),
        ModuleInfo(id: ModuleID(.middleware, "helmet.frameguard"), aliases: ["helmet#frameguard"], summary: "X-Frame-Options header."),
        ModuleInfo(id: ModuleID(.middleware, "helmet.hsts"), aliases: ["helmet#hsts"], summary: "Strict-Transport-Security header."),
        ModuleInfo(id: ModuleID(.middleware, "helmet.hide-powered-by"), aliases: ["helmet#hidePoweredBy"], summary: "Removes X-Powered-By."),
        ModuleInfo(id: ModuleID(.middleware, "helmet.ie-no-open"), aliases: ["helmet#ieNoOpen"], summary: "X-Download-Options header."),
        ModuleInfo(id: ModuleID(.middleware, "helmet.no-sniff"), aliases: ["helmet#noSniff"], summary: "X-Content-Type-Options header."),
        ModuleInfo(id: ModuleID(.middleware, "helmet.no-cache"), aliases: ["helmet#noCache"], summary: "No-cache headers."),
        ModuleInfo(
            id: ModuleID(.middleware, "helmet.content-security-policy"), aliases: ["helmet#contentSecurityPolicy", "helmet#csp"],
            summary: "Content-Security-Policy header."),
        ModuleInfo(id: ModuleID(.middleware, "body-parser.json"), aliases: ["body-parser#json", "loopback#json"], summary: "JSON request bodies."),
        ModuleInfo(
            id: ModuleID(.middleware, "body-parser.urlencoded"), aliases: ["body-parser#urlencoded", "loopback#urlencoded"],
            summary: "Form request bodies."),
        ModuleInfo(id: ModuleID(.middleware, "body-parser.text"), aliases: ["body-parser#text"], summary: "Text request bodies."),
        ModuleInfo(id: ModuleID(.middleware, "body-parser.raw"), aliases: ["body-parser#raw"], summary: "Raw request bodies."),
        ModuleInfo(id: ModuleID(.middleware, "token"), aliases: ["loopback#token"], summary: "Finds the request's access token."),
        ModuleInfo(id: ModuleID(.middleware, "rest"), aliases: ["loopback#rest"], summary: "The REST API of all public models."),
        ModuleInfo(
            id: ModuleID(.middleware, "static"), aliases: ["loopback#static", "serve-static"], summary: "Static files from a folder."),
        ModuleInfo(
            id: ModuleID(.middleware, "url-not-found"), aliases: ["loopback#urlNotFound", "loopback#url-not-found"],
            summary: "404 for anything not handled before it."),
        ModuleInfo(
            id: ModuleID(.middleware, "error-handler"), aliases: ["strong-error-handler"],
            summary: "Renders errors as LoopBack error bodies (JSON, HTML, XML)."),
        ModuleInfo(id: ModuleID(.middleware, "access-log"), aliases: ["morgan"], summary: "Access log in morgan's formats."),
        ModuleInfo(id: ModuleID(.middleware, "request-id"), aliases: ["express-request-id"], summary: "X-Request-Id on every request."),
        ModuleInfo(id: ModuleID(.middleware, "rate-limit"), aliases: ["express-rate-limit"], summary: "Request rate limiting with 429 replies."),
        ModuleInfo(id: ModuleID(.middleware, "timeout"), aliases: ["connect-timeout"], summary: "Request timeout."),
    ]

    static let components: [ModuleInfo] = [
        ModuleInfo(
            id: ModuleID(.component, "explorer"), aliases: ["loopback-component-explorer"],
            summary: "API explorer page with OpenAPI and Swagger documents."),
    ]
}
