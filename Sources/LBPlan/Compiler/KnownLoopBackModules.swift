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

    /// LoopBack 2 middleware names that LoopBack 3 removed, with what lbrun does instead.
    static let legacyMiddleware: [String: (replacement: String?, hint: String)] = [
        "loopback#errorHandler": ("strong-error-handler", "LoopBack 3 removed it; write 'strong-error-handler' (lbrun serves that in its place)"),
        "loopback#compress": ("compression", "LoopBack 3 removed it; write 'compression' (lbrun serves that in its place)"),
        "loopback#context": (nil, "LoopBack 3 removed per-request context; delete the entry (lbrun ignores it)"),
        "loopback#cookieParser": (nil, "LoopBack 3 removed it; lbrun reads cookies itself, delete the entry"),
        "loopback#session": (nil, "LoopBack 3 removed it; delete the entry (lbrun ignores it)"),
        "loopback#bodyParser": ("body-parser#json", "LoopBack 3 removed it; write 'body-parser#json'"),
    ]

    /// LoopBack 3 components lbrun does not ship.
    static let foreignComponents: Set<String> = [
        "loopback-component-storage", "loopback-component-oauth2", "loopback-component-passport",
        "loopback-component-push", "loopback-component-model-diagram", "loopback-component-jsonapi",
        "loopback-component-visualizer", "loopback-component-fixtures", "loopback-component-auto-migrate",
    ]
}
