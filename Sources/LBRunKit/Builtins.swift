public import LBCore
import LBExplorer
public import LBREST
public import LBRuntime
import LBSQLite

/// The modules this lbrun binary ships: the one list of connectors, middleware and components.
///
/// Implemented modules are listed by type; each declares its `ModuleInfo` (id and LoopBack
/// aliases) in its own file, so adding one is that file plus one line here. Names lbrun
/// recognises in config but this build does not implement yet are listed by info only: the
/// compiler accepts them, and serving reports them. A custom binary can pass a larger catalog.
public enum Builtins {
    /// Connector implementations, by id.
    public static let connectors: [ModuleID: any Connector.Type] = index([
        MemoryConnector.self,
        TransientConnector.self,
        MailConnector.self,
        SQLiteConnector.self,
    ]) { $0.info.id }

    /// Middleware implementations, by id.
    public static let middleware: [ModuleID: any MiddlewareModule.Type] = index([
        RestMiddleware.self,
        URLNotFoundMiddleware.self,
        ErrorHandlerMiddleware.self,
        StatusMiddleware.self,
        TokenMiddleware.self,
    ]) { $0.info.id }

    /// Component implementations, by id.
    public static let components: [ModuleID: any ComponentModule.Type] = index([
        ExplorerComponent.self,
    ] as [any ComponentModule.Type]) { $0.info.id }

    /// Every name config files may use, implemented or not.
    public static let catalog = ModuleCatalog(
        connectors.values.map { $0.info } + middleware.values.map { $0.info } + components.values.map { $0.info }
            + declared.filter { info in connectors[info.id] == nil && middleware[info.id] == nil && components[info.id] == nil })

    static func index<T>(_ types: [T], by id: (T) -> ModuleID) -> [ModuleID: T] {
        Dictionary(types.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Modules lbrun recognises in config files and does not implement in this build.
    static let declared: [ModuleInfo] = connectorsDeclared + middlewareDeclared

    static let connectorsDeclared: [ModuleInfo] = [
        ModuleInfo(
            id: ModuleID(.connector, "kv-memory"), aliases: ["loopback-connector-kv-memory"],
            summary: "In-process key-value store for KeyValueModel."),
        ModuleInfo(
            id: ModuleID(.connector, "postgresql"), aliases: ["postgres", "loopback-connector-postgresql"],
            summary: "PostgreSQL server."),
        ModuleInfo(
            id: ModuleID(.connector, "rest"), aliases: ["loopback-connector-rest"],
            summary: "Declarative HTTP operations against another REST API."),
    ]

    static let middlewareDeclared: [ModuleInfo] = [
        ModuleInfo(id: ModuleID(.middleware, "favicon"), aliases: ["loopback#favicon", "serve-favicon"], summary: "Serves /favicon.ico."),
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
        ModuleInfo(
            id: ModuleID(.middleware, "static"), aliases: ["loopback#static", "serve-static"], summary: "Static files from a folder."),
        ModuleInfo(id: ModuleID(.middleware, "access-log"), aliases: ["morgan"], summary: "Access log in morgan's formats."),
        ModuleInfo(id: ModuleID(.middleware, "request-id"), aliases: ["express-request-id"], summary: "X-Request-Id on every request."),
        ModuleInfo(id: ModuleID(.middleware, "rate-limit"), aliases: ["express-rate-limit"], summary: "Request rate limiting with 429 replies."),
        ModuleInfo(id: ModuleID(.middleware, "timeout"), aliases: ["connect-timeout"], summary: "Request timeout."),
    ]
}
