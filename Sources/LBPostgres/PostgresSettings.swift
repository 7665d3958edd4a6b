import Foundation
import LBCore
import LBPlan
import LBRuntime
import NIOSSL
import PostgresNIO

/// The settings of a `postgresql` datasource, read from `datasources.json`.
///
/// `url` (`postgres://user:pass@host:port/db?sslmode=…`) or `host`, `port`, `user` (or
/// `username`), `password`, `database`; `schema` (default `public`); `ssl` / `sslmode`
/// (`disable`, `prefer`, `require`; `ssl: true` is `require`); `max` or `connectionLimit` (pool
/// size, default 10); `connectTimeout` (milliseconds, default 5000); `failFast` (a database that
/// cannot be reached at boot stops the boot instead of answering 503 until it is back);
/// `query_timeout` (or `queryTimeout`; milliseconds, default 30000: a statement still running
/// then has its connection closed and is answered with a 503); `preparedStatements` (default
/// true; false behind a pooler that does not keep them, such as PgBouncer in transaction mode
/// before 1.21).
struct PostgresSettings: Sendable {
    var host = "localhost"
    var port = 5432
    var user = "postgres"
    var password: String?
    var database: String?
    var schema = "public"
    var sslMode = "disable"
    var poolSize = 10
    var connectTimeout = Duration.seconds(5)
    var failFast = false
    var preparedStatements = true
    var queryTimeout = Duration.seconds(30)

    /// Reads the settings of `dataSource`; a setting of the wrong type is a 500 naming it.
    init(_ dataSource: DataSourcePlan) throws {
        let settings = dataSource.settings
        func fail(_ text: String) -> LoopBackError {
            LoopBackError(statusCode: 500, message: "postgresql: datasource '\(dataSource.name)': \(text)")
        }
        func string(_ key: String) throws -> String? {
            guard let value = settings[key], value != .null else { return nil }
            if let text = value.stringValue { return text }
            if let number = value.numberValue { return JSONValue.numberText(number) }
            throw fail("the '\(key)' setting must be a string")
        }
        func integer(_ key: String) throws -> Int? {
            guard let text = try string(key), !text.isEmpty else { return nil }
            guard let number = Int(text), number >= 0 else { throw fail("the '\(key)' setting must be a whole number") }
            return number
        }
        func flag(_ key: String) throws -> Bool? {
            guard let value = settings[key], value != .null else { return nil }
            if case .bool(let b) = value { return b }
            switch value.stringValue?.lowercased() {
            case "true"?, "1"?: return true
            case "false"?, "0"?, ""?: return false
            default: throw fail("the '\(key)' setting must be true or false")
            }
        }
        if let url = try string("url") ?? string("connectionString"), !url.isEmpty {
            try apply(url: url, fail: fail)
        }
        if let host = try string("host"), !host.isEmpty { self.host = host }
        if let port = try integer("port") { self.port = port }
        if let user = try string("user") ?? string("username"), !user.isEmpty { self.user = user }
        if let password = try string("password") { self.password = password }
        if let database = try string("database") ?? string("db"), !database.isEmpty { self.database = database }
        if let schema = try string("schema"), !schema.isEmpty { self.schema = schema }
        if let ssl = try flag("ssl") { sslMode = ssl ? "require" : "disable" }
        if let mode = try string("sslmode") ?? string("sslMode") { sslMode = mode.lowercased() }
        guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(sslMode) else {
            throw fail("sslmode '\(sslMode)' is not one of disable, prefer, require")
        }
        if let size = try integer("max") ?? integer("connectionLimit") ?? integer("poolSize") {
            guard size > 0 else { throw fail("the pool size must be at least 1") }
            poolSize = size
        }
        if let timeout = try integer("connectTimeout") ?? integer("connectionTimeoutMillis") {
            connectTimeout = .milliseconds(max(timeout, 1))
        }
        failFast = try flag("failFast") ?? false
        preparedStatements = try flag("preparedStatements") ?? true
        if let timeout = try integer("query_timeout") ?? integer("queryTimeout") {
            guard timeout > 0 else { throw fail("query_timeout must be at least 1 (milliseconds)") }
            queryTimeout = .milliseconds(timeout)
        }
    }

    /// Reads `postgres://user:password@host:port/database?sslmode=…`.
    private mutating func apply(url text: String, fail: (String) -> LoopBackError) throws {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme?.lowercased() ?? "") else {
            throw fail("the 'url' setting is not a postgres:// URL")
        }
        if let host = url.host, !host.isEmpty { self.host = host }
        if let port = url.port { self.port = port }
        if let user = url.user?.removingPercentEncoding, !user.isEmpty { self.user = user }
        if let password = url.password?.removingPercentEncoding { self.password = password }
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        if let database = path.removingPercentEncoding, !database.isEmpty { self.database = database }
        for item in url.queryItems ?? [] {
            switch item.name.lowercased() {
            case "sslmode": sslMode = (item.value ?? "").lowercased()
            case "ssl": sslMode = ["true", "1"].contains(item.value?.lowercased() ?? "") ? "require" : "disable"
            case "schema", "currentschema": if let value = item.value, !value.isEmpty { schema = value }
            default: continue
            }
        }
    }

    /// Where the server is, for messages (never the password).
    var address: String { "\(host):\(port)/\(database ?? user)" }

    /// The TLS `sslMode` asks for, and whether the server must accept it; `nil` for `disable`.
    var tlsMode: (configuration: TLSConfiguration, required: Bool)? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case "disable":
            return nil
        case "allow", "prefer":
            configuration.certificateVerification = .none
            return (configuration, false)
        case "require":
            configuration.certificateVerification = .none
            return (configuration, true)
        default:
            return (configuration, true)
        }
    }

    /// postgres-nio's TLS configuration for `sslMode`.
    var tls: PostgresClient.Configuration.TLS {
        guard let mode = tlsMode else { return .disable }
        return mode.required ? .require(mode.configuration) : .prefer(mode.configuration)
    }

    /// The client configuration.
    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }
}
