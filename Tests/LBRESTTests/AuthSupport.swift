import Foundation
import HTTPTypes
import LBCore
import LBTesting
import Testing

// Fixture apps and helpers shared by the auth and ACL suites (auth-and-acl.md §1–§8; error bodies
// of rest-api.md §5). Every auth test boots an app built by `authApp`.

/// The user model an auth app serves.
enum AuthUsers: Sendable {
    /// lbrun's built-in `User` at `/api/Users` (bcrypt cost 10).
    case builtin
    /// `Member` (base `User`, `saltWorkFactor` 4 for speed) at `/api/Members`; `settings` are extra
    /// JSON members of its definition, e.g. `"ttl": 60`.
    case member(settings: String = "")

    /// The REST path of the user model.
    var path: String {
        switch self {
        case .builtin: "/api/Users"
        case .member: "/api/Members"
        }
    }
}

/// A scaffolded auth app (auth-and-acl.md §1): the user model public on `db`; `AccessToken`, `ACL`,
/// `RoleMapping` and `Role` on `db` and private; built-in models from `loopback/common/models`.
///
/// * `models`: definition files (file name → JSON) in `common/models`;
/// * `modelConfig`: more model-config entries, in order (name → JSON entry); an entry named like a
///   default one (e.g. `"ACL"`) replaces it;
/// * `config`: extra members of `server/config.json` (e.g. `"aclErrorStatus": 403`);
/// * `authPhase`: the `auth` phase of `middleware.json` (e.g. a `loopback#token` entry);
/// * `debug`: strong-error-handler in debug mode (5xx bodies keep their message).
func authApp(
    users: AuthUsers = .builtin, models: [String: String] = [:], modelConfig: [(String, String)] = [],
    config: String = "", authPhase: String? = nil, debug: Bool = false, extra: [String: String] = [:]
) -> [String: String] {
    var entries: [(String, String)] = []
    switch users {
    case .builtin: entries.append(("User", #"{ "dataSource": "db" }"#))
    case .member: entries.append(("Member", #"{ "dataSource": "db" }"#))
    }
    entries += [
        ("AccessToken", #"{ "dataSource": "db", "public": false }"#),
        ("ACL", #"{ "dataSource": "db", "public": false }"#),
        ("RoleMapping", #"{ "dataSource": "db", "public": false, "options": { "strictObjectIDCoercion": true } }"#),
        ("Role", #"{ "dataSource": "db", "public": false }"#),
    ]
    for (name, entry) in modelConfig {
        if let index = entries.firstIndex(where: { $0.0 == name }) { entries[index].1 = entry } else { entries.append((name, entry)) }
    }
    let configExtra = config.isEmpty ? "" : ", " + config
    let handler = debug ? #"{ "params": { "debug": true, "log": false } }"# : "{}"
    let auth = authPhase.map { "\"auth\": \($0), " } ?? ""
    var files = [
        "server/config.json":
            #"{ "restApiRoot": "/api", "remoting": { "rest": { "handleErrors": false }, "json": { "limit": "100kb" } }"# + configExtra + " }",
        "server/model-config.json":
            #"{ "_meta": { "sources": ["loopback/common/models", "../common/models"] }, "#
            + entries.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + " }",
        "server/middleware.json": """
            { \(auth)"routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final": { "loopback#urlNotFound": {} },
              "final:after": { "strong-error-handler": \(handler) } }
            """,
    ]
    if case .member(let settings) = users {
        let more = settings.isEmpty ? "" : ", " + settings
        files["common/models/member.json"] = #"{ "name": "Member", "base": "User", "saltWorkFactor": 4"# + more + " }"
    }
    for (file, definition) in models { files["common/models/" + file] = definition }
    for (path, contents) in extra { files[path] = contents }
    return files
}

/// A model-config entry that exposes a built-in model (`Role`, `RoleMapping`, `ACL`) on `db` with
/// an extra `$everyone` ALLOW rule, so that tests can write role mappings and dynamic ACL rows.
let openBuiltinEntry =
    #"{ "dataSource": "db", "public": true, "acls": [{ "principalType": "ROLE", "principalId": "$everyone", "permission": "ALLOW" }] }"#

/// `Role`, `RoleMapping` and `ACL` public and open (see `openBuiltinEntry`).
let openRoleModels: [(String, String)] = [("Role", openBuiltinEntry), ("RoleMapping", openBuiltinEntry), ("ACL", openBuiltinEntry)]

/// A definition of a `PersistedModel` named `name` (plural `<name>s`) with a `text` string, a
/// `userId` belongsTo `user` (relation `user`, default `Member`) and `acls` (a JSON array). Extra
/// JSON members go in `settings`.
func ownedModel(_ name: String, acls: String, settings: String = "", user: String = "Member") -> String {
    let more = settings.isEmpty ? "" : settings + ", "
    return """
        { "name": "\(name)", "plural": "\(name)s", \(more)"properties": { "text": "string" },
          "relations": { "user": { "type": "belongsTo", "model": "\(user)", "foreignKey": "userId" } },
          "acls": \(acls) }
        """
}

/// One static ACL rule as JSON text. `property` is a JSON value (a quoted name or an array).
func rule(_ principalId: String, _ permission: String, accessType: String? = nil, property: String? = nil, type: String = "ROLE") -> String {
    var members = [#""principalType": "\#(type)""#, #""principalId": "\#(principalId)""#, #""permission": "\#(permission)""#]
    if let accessType { members.append(#""accessType": "\#(accessType)""#) }
    if let property { members.append(#""property": \#(property)"#) }
    return "{ " + members.joined(separator: ", ") + " }"
}

/// A JSON array of rules.
func rules(_ items: String...) -> String { "[" + items.joined(separator: ", ") + "]" }

// MARK: - Expected bodies

/// 401 of an ACL denial without a (valid) token, or with one by default (§7.5).
let authorizationRequired = errorBody(401, "Authorization Required", code: "AUTHORIZATION_REQUIRED")
/// 403 of an ACL denial with a valid token under `aclErrorStatus: 403` (§7.5).
let accessDenied = errorBody(403, "Access Denied", code: "ACCESS_DENIED")
/// 401 of an expired or invalid token (§2.2).
let invalidAccessToken = errorBody(401, "Invalid Access Token", code: "INVALID_TOKEN")
/// 401 of every failed login (§3.2).
let loginFailed = errorBody(401, "login failed", code: "LOGIN_FAILED")
/// 401 of a logout without a usable token (§3.2).
let logoutWithoutToken = errorBody(401, "accessToken is required to logout")

/// The password every test user gets unless a test says otherwise.
let defaultPassword = "s3cret-pass"

/// A logged-in user as the tests see it.
struct Session: Sendable, CustomStringConvertible {
    let id: Int
    let token: String
    let name: String
    var email: String { name + "@example.com" }
    var description: String { "\(name)#\(id)" }
}

/// A `ValidationError` body of a User-based model (rest-api.md §6.4) for one failing property;
/// `value` as the message renders it (a JSON-quoted string, or `undefined`).
func userValidationError(model: String = "User", property: String, code: String, message: String, value: String) -> JSONValue {
    let text = "The `\(model)` instance is not valid. Details: `\(property)` \(message) (value: \(value))."
    let details: JSONValue = [
        "context": .string(model), "codes": [property: [.string(code)]], "messages": [property: [.string(message)]],
    ]
    return ["error": ["statusCode": 422, "name": "ValidationError", "message": .string(text), "details": details]]
}

// MARK: - Requests with a token

extension Client {
    /// Any request; `session`'s token goes in `Authorization: <id>` (the LB3 client style).
    func send(
        _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, as session: Session?, headers: HTTPFields = [:]
    ) async throws -> Reply {
        var fields = headers
        if let session { fields[.authorization] = session.token }
        return try await request(method, path, body: body, headers: fields)
    }

    func get(_ path: String, as session: Session?) async throws -> Reply { try await send(.get, path, as: session) }
    func post(_ path: String, _ body: String, as session: Session?) async throws -> Reply { try await send(.post, path, body, as: session) }
    func patch(_ path: String, _ body: String, as session: Session?) async throws -> Reply { try await send(.patch, path, body, as: session) }
    func put(_ path: String, _ body: String, as session: Session?) async throws -> Reply { try await send(.put, path, body, as: session) }
    func delete(_ path: String, as session: Session?) async throws -> Reply { try await send(.delete, path, as: session) }

    /// GET with the token in `Authorization: <token>` (nil: none).
    func get(_ path: String, token: String?) async throws -> Reply {
        try await request(.get, path, headers: token.map { [.authorization: $0] } ?? [:])
    }

    /// `POST <users>` with username `name`, email `<name>@example.com`; expects 200 and returns the id.
    @discardableResult
    func signUp(
        _ name: String, users: AuthUsers = .builtin, password: String = defaultPassword,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> Int {
        let reply = try await post(users.path, #"{"username":"\#(name)","email":"\#(name)@example.com","password":"\#(password)"}"#)
        #expect(reply.status == 200, "sign-up of \(name): \(reply.text)", sourceLocation: sourceLocation)
        return reply.json?["id"]?.numberValue.map { Int($0) } ?? -1
    }

    /// `POST <users>/login` by email; expects 200 and returns the session.
    func logIn(
        _ name: String, users: AuthUsers = .builtin, password: String = defaultPassword, ttl: Int? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> Session {
        let ttlMember = ttl.map { #","ttl":\#($0)"# } ?? ""
        let reply = try await post(users.path + "/login", #"{"email":"\#(name)@example.com","password":"\#(password)"\#(ttlMember)}"#)
        #expect(reply.status == 200, "login of \(name): \(reply.text)", sourceLocation: sourceLocation)
        return Session(
            id: reply.json?["userId"]?.numberValue.map { Int($0) } ?? -1, token: reply.json?["id"]?.stringValue ?? "no-token", name: name)
    }

    /// `signUp` then `logIn`.
    @discardableResult
    func register(
        _ name: String, users: AuthUsers = .builtin, password: String = defaultPassword,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> Session {
        try await signUp(name, users: users, password: password, sourceLocation: sourceLocation)
        return try await logIn(name, users: users, password: password, sourceLocation: sourceLocation)
    }

    /// Creates role `name` through the public `Role` model and maps `users` to it through
    /// `RoleMapping` (`principalType` USER, `principalId` the user id as a string, §4).
    /// Returns the ids of the mappings, in order.
    @discardableResult
    func grant(
        role name: String, to users: [Session], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> [JSONValue] {
        let role = try await post("/api/Roles", #"{"name":"\#(name)"}"#)
        #expect(role.status == 200, "role \(name): \(role.text)", sourceLocation: sourceLocation)
        let roleId = role.json?["id"] ?? .null
        var mappings: [JSONValue] = []
        for user in users {
            let mapping = try await post(
                "/api/RoleMappings", #"{"principalType":"USER","principalId":"\#(user.id)","roleId":\#(roleId.jsonText)}"#)
            #expect(mapping.status == 200, "mapping \(user) to \(name): \(mapping.text)", sourceLocation: sourceLocation)
            mappings.append(mapping.json?["id"] ?? .null)
        }
        return mappings
    }
}

// MARK: - Expectations

/// The reply is `status` with exactly `body`.
func expectReply(_ reply: Reply, _ status: Int, _ body: JSONValue, _ comment: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(reply.status == status, "\(comment) \(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.json == body, "\(comment) \(reply.text)", sourceLocation: sourceLocation)
}

/// The reply is the default ACL denial: 401 `Authorization Required`.
func expectUnauthorized(_ reply: Reply, _ comment: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    expectReply(reply, 401, authorizationRequired, comment, sourceLocation: sourceLocation)
}

/// The reply is a 403 `Access Denied`.
func expectForbidden(_ reply: Reply, _ comment: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    expectReply(reply, 403, accessDenied, comment, sourceLocation: sourceLocation)
}

/// The reply is 200 (an allowed call).
func expectAllowed(_ reply: Reply, _ comment: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(reply.status == 200, "\(comment) \(reply.text)", sourceLocation: sourceLocation)
}

/// Checks an access token body (§2.4): exactly `id` (64 characters of `[A-Za-z0-9]`), `ttl`,
/// `created` (an ISO date within a minute of now), `userId`, then `extra` keys, in that order;
/// `null` members are ignored.
func expectToken(
    _ reply: Reply, userId: Int, ttl: Int = 1_209_600, extra: [String] = [], sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
    let body = withoutNulls(reply.json)
    #expect(body?.objectValue?.keys.elements == ["id", "ttl", "created", "userId"] + extra, "\(reply.text)", sourceLocation: sourceLocation)
    #expect(isTokenId(body?["id"]?.stringValue), "token id: \(reply.text)", sourceLocation: sourceLocation)
    #expect(body?["ttl"] == .number(Double(ttl)), "\(reply.text)", sourceLocation: sourceLocation)
    #expect(body?["userId"] == .number(Double(userId)), "\(reply.text)", sourceLocation: sourceLocation)
    let created = body?["created"]?.stringValue.flatMap(parseISODate)
    #expect(created.map { abs($0.timeIntervalSinceNow) < 60 } == true, "created: \(reply.text)", sourceLocation: sourceLocation)
}

/// Whether `id` looks like a LoopBack access token id: 64 characters of `[A-Za-z0-9]`.
func isTokenId(_ id: String?) -> Bool {
    guard let id else { return false }
    return id.count == 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
}

/// An ISO 8601 date with milliseconds, as LoopBack renders dates.
func parseISODate(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
}

/// A user as rendered by the API, for exact comparison: `null` members dropped, and
/// `emailVerified` dropped when it is `false` (LoopBack leaves it unset on create; a store may
/// render it `false` or `null`).
func userView(_ value: JSONValue?) -> JSONValue? {
    guard case .object(var members) = withoutNulls(value) else { return withoutNulls(value) }
    if members["emailVerified"] == .bool(false) { members.removeValue(forKey: "emailVerified") }
    return .object(members)
}

/// `{"username": name, "email": "<name>@example.com", "id": id}`: a fresh user as the API shows it
/// (through `userView`).
func userJSON(_ name: String, id: Int) -> JSONValue {
    ["username": .string(name), "email": .string(name + "@example.com"), "id": .number(Double(id))]
}

/// No secret reaches the client (§3.1, §8): no `password` or `verificationToken` member at any
/// depth, no bcrypt hash and none of `plaintexts` anywhere in the raw body.
func expectNoSecrets(
    _ reply: Reply, plaintexts: [String] = [defaultPassword], _ comment: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    func secretKeys(_ value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return members.keys.filter { $0 == "password" || $0 == "verificationToken" } + members.values.flatMap(secretKeys)
        case .array(let elements):
            return elements.flatMap(secretKeys)
        default:
            return []
        }
    }
    if let body = reply.json {
        #expect(secretKeys(body).isEmpty, "secret members in \(comment): \(reply.text)", sourceLocation: sourceLocation)
    }
    for marker in ["$2a$", "$2b$", "$2y$"] + plaintexts {
        #expect(!reply.text.contains(marker), "\(comment) leaks \(marker): \(reply.text)", sourceLocation: sourceLocation)
    }
}

/// `text` base64-encoded (UTF-8).
func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

/// The header `X-Access-Token`.
let xAccessToken = HTTPField.Name("X-Access-Token")!

// MARK: - Reading the stored user rows (SQLite only)

/// A plain model `UserRow` at `/api/UserRows` stored in the same SQLite table as the user model
/// `table`, with nothing hidden: the tests read the stored password hash and write a
/// `verificationToken` through it, without going through the user model.
func userRowModel(table: String = "User") -> String {
    #"""
    { "name": "UserRow", "plural": "UserRows", "sqlite3": { "table": "\#(table)" },
      "properties": { "email": "string", "password": "string", "emailVerified": "boolean", "verificationToken": "string" } }
    """#
}

/// `authApp` plus `UserRow` (see `userRowModel`), for the SQLite connector.
func authAppWithRows(users: AuthUsers = .builtin, config: String = "", debug: Bool = false) -> [String: String] {
    let table: String
    switch users {
    case .builtin: table = "User"
    case .member: table = "Member"
    }
    return authApp(
        users: users, models: ["user-row.json": userRowModel(table: table)], modelConfig: [("UserRow", #"{ "dataSource": "db" }"#)],
        config: config, debug: debug)
}

// MARK: - Corpus fixtures

/// The JSON files under `server/` and `common/models/` of the corpus app
/// `strongloop__loopback/test/fixtures/<name>`, plus `extra` (e.g. a `datasources.local.json`
/// for datasources besides the test's `db`).
func lbFixture(_ name: String, extra: [String: String] = [:]) throws -> [String: String] {
    let root = (Repository.corpus ?? "") + "/strongloop__loopback/test/fixtures/" + name
    var files: [String: String] = [:]
    for folder in ["server", "common/models"] {
        for file in try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder) where file.hasSuffix(".json") {
            files[folder + "/" + file] = try String(contentsOfFile: root + "/" + folder + "/" + file, encoding: .utf8)
        }
    }
    for (path, contents) in extra { files[path] = contents }
    return files
}

/// A denial in an app whose error handler may run in debug mode: status 401 and code
/// `AUTHORIZATION_REQUIRED` (debug bodies add properties, so the body is not compared whole).
func expectDenied(_ reply: Reply, _ comment: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(reply.status == 401, "\(comment) \(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.error("code") == "AUTHORIZATION_REQUIRED", "\(comment) \(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.error("message") == "Authorization Required", "\(comment)", sourceLocation: sourceLocation)
}
