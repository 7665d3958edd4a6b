public import LBCore
import LBExplorer
public import LBREST
public import LBRuntime
import LBPostgres
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
        PostgresConnector.self,
    ]) { $0.info.id }

    /// Middleware implementations, by id.
    public static let middleware: [ModuleID: any MiddlewareModule.Type] = index([
        RestMiddleware.self,
        URLNotFoundMiddleware.self,
        ErrorHandlerMiddleware.self,
        StatusMiddleware.self,
        TokenMiddleware.self,
        FaviconMiddleware.self,
        CompressionMiddleware.self,
        CORSMiddleware.self,
        XSSFilterMiddleware.self,
        FrameguardMiddleware.self,
        HSTSMiddleware.self,
        HidePoweredByMiddleware.self,
        IENoOpenMiddleware.self,
        NoSniffMiddleware.self,
        NoCacheMiddleware.self,
        ContentSecurityPolicyMiddleware.self,
        JSONBodyParserMiddleware.self,
        URLEncodedBodyParserMiddleware.self,
        TextBodyParserMiddleware.self,
        RawBodyParserMiddleware.self,
        StaticMiddleware.self,
        AccessLogMiddleware.self,
        RequestIdMiddleware.self,
        RateLimitMiddleware.self,
        TimeoutMiddleware.self,
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
    static let declared: [ModuleInfo] = connectorsDeclared

    static let connectorsDeclared: [ModuleInfo] = [
        ModuleInfo(
            id: ModuleID(.connector, "kv-memory"), aliases: ["loopback-connector-kv-memory"],
            summary: "In-process key-value store for KeyValueModel."),
        ModuleInfo(
            id: ModuleID(.connector, "rest"), aliases: ["loopback-connector-rest"],
            summary: "Declarative HTTP operations against another REST API."),
    ]
}
