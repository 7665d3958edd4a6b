/// Names from the LoopBack 3 ecosystem that lbrun recognises without shipping, so it can tell a
/// user "lbrun does not ship this" (with a way out) rather than "unknown name".
enum KnownLoopBackModules {
    /// Connectors of LoopBack 3 that lbrun does not implement, by short name.
    static let foreignConnectors: Set<String> = [
        "mongodb", "mysql", "mssql", "oracle", "db2", "db2z", "dashdb", "informix", "cloudant", "couchdb2", "redis",
        "kv-redis", "kv-extreme-scale", "soap", "remote", "cassandra", "elasticsearch", "es", "neo4j", "arangodb",
        "firebase", "openapi", "swagger", "grpc", "rethinkdb", "couchbase", "mqlight", "zosconnectee", "sqlite3-legacy",
    ]

    /// The short name of a connector reference: `loopback-connector-mongodb` → `mongodb`.
    static func shortConnectorName(_ name: String) -> String {
        name.hasPrefix("loopback-connector-") ? String(name.dropFirst("loopback-connector-".count)) : name
    }

    /// Middleware that LoopBack 3 removed (calling it threw), with the migration hint.
    static let removedMiddleware: [String: String] = [
        "loopback#errorHandler": "use \"strong-error-handler\" in \"final:after\" (options: debug, log, safeFields)",
        "loopback#compress": "use \"compression\" in \"initial\" (options: threshold, level)",
        "loopback#context": "LoopBack 3 dropped per-request context; delete the entry",
        "loopback#cookieParser": "lbrun reads the cookies it needs (access_token, authorization) itself; delete the entry",
        "loopback#session": "LoopBack 3 removed express-session from loopback; delete the entry (access tokens carry sessions)",
        "loopback#bodyParser": "use \"body-parser#json\" and \"body-parser#urlencoded\" in \"parse\"",
    ]

    /// LoopBack 3 components lbrun does not ship.
    static let foreignComponents: Set<String> = [
        "loopback-component-storage", "loopback-component-oauth2", "loopback-component-passport",
        "loopback-component-push", "loopback-component-model-diagram", "loopback-component-jsonapi",
        "loopback-component-visualizer", "loopback-component-fixtures", "loopback-component-auto-migrate",
    ]
}
