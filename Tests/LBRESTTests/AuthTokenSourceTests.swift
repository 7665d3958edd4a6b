import Foundation
import HTTPTypes
import LBCore
import Testing

/// Where access tokens are read from and how they are validated (auth-and-acl.md §2.1 sources and
/// order, §2.2 unknown and expired tokens, §8.2 raw Bearer tokens, §8.1/§8.10 expired tokens
/// answer 401 even where `aclErrorStatus` is 403 and on `login`).
@Suite("Auth: token sources and validation")
struct AuthTokenSourceTests {
    /// `Note`: only authenticated users may create; no one may read.
    static let note = ownedModel(
        "Note", acls: rules(rule("$everyone", "DENY"), rule("$authenticated", "ALLOW", property: #""create""#)), user: "User")

    static func app(config: String = "") -> [String: String] {
        authApp(models: ["note.json": note], modelConfig: [("Note", #"{ "dataSource": "db" }"#)], config: config)
    }

    /// The ways one token id can be sent, as (label, path suffix, headers).
    static func carriers(_ token: String) -> [(String, String, HTTPFields)] {
        [
            ("Authorization: <id>", "", [.authorization: token]),
            ("Authorization: Bearer <id>", "", [.authorization: "Bearer " + token]),
            ("Authorization: Bearer base64(id)", "", [.authorization: "Bearer " + base64(token)]),
            ("Authorization: Basic base64(id:)", "", [.authorization: "Basic " + base64(token + ":")]),
            ("Authorization: basic base64(x:id)", "", [.authorization: "basic " + base64("x:" + token)]),
            ("X-Access-Token", "", [xAccessToken: token]),
            ("?access_token=", "?access_token=" + token, [:]),
            ("Cookie access_token", "", [.cookie: "theme=dark; access_token=" + token]),
        ]
    }

    @Test("Every token source authenticates", arguments: TestConnector.allCases)
    func sources(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let ann = try await client.register("ann")
            try await client.register("bob")
            for (label, suffix, headers) in Self.carriers(ann.token) {
                let own = try await client.request(.get, "/api/Users/1" + suffix, headers: headers)
                #expect(own.status == 200, "\(label): \(own.text)")
                #expect(own.json?["email"] == "ann@example.com", "\(label)")
                expectUnauthorized(try await client.request(.get, "/api/Users/2" + suffix, headers: headers), label)
                let created = try await client.request(.post, "/api/Notes" + suffix, body: #"{"text":"by header"}"#, headers: headers)
                #expect(created.status == 200, "\(label): \(created.text)")
            }
            let inBody = try await client.post("/api/Notes", #"{"text":"by body","access_token":"\#(ann.token)"}"#)
            #expect(inBody.status == 200, "access_token in the body: \(inBody.text)")
            #expect(inBody.json?["text"] == "by body")
            expectUnauthorized(try await client.post("/api/Notes", #"{"text":"anonymous"}"#))
        }
    }

    @Test("An unknown or malformed token is no token: anonymous, no error", arguments: TestConnector.allCases)
    func unknownToken(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            try await client.register("ann")
            let unknown = String(repeating: "Q", count: 64)
            var carriers = Self.carriers(unknown)
            carriers += [
                ("Bearer garbage", "", [.authorization: "Bearer %%%not-base64%%%"]),
                ("Basic garbage", "", [.authorization: "Basic ###"]),
                ("empty Authorization", "", [.authorization: ""]),
            ]
            for (label, suffix, headers) in carriers {
                expectUnauthorized(try await client.request(.get, "/api/Users/1" + suffix, headers: headers), label)
                expectUnauthorized(try await client.request(.post, "/api/Notes" + suffix, body: #"{"text":"x"}"#, headers: headers), label)
                // Anonymous callers may log in.
                let login = try await client.request(
                    .post, "/api/Users/login" + suffix, body: #"{"email":"ann@example.com","password":"s3cret-pass"}"#, headers: headers)
                expectToken(login, userId: 1)
            }
            expectUnauthorized(try await client.post("/api/Notes", #"{"text":"x","access_token":"\#(unknown)"}"#))
        }
    }

    @Test("Order: access_token parameter, then X-Access-Token, then Authorization; empty values are skipped", arguments: TestConnector.allCases)
    func precedence(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let ann = try await client.register("ann")
            let bob = try await client.register("bob")
            let queryFirst = try await client.request(.get, "/api/Users/1?access_token=" + ann.token, headers: [.authorization: bob.token])
            #expect(queryFirst.status == 200, "\(queryFirst.text)")
            let headerFirst: HTTPFields = [xAccessToken: ann.token, .authorization: bob.token]
            #expect(try await client.request(.get, "/api/Users/1", headers: headerFirst).status == 200)
            expectUnauthorized(try await client.request(.get, "/api/Users/2", headers: headerFirst))
            let emptySkipped: HTTPFields = [xAccessToken: "", .authorization: bob.token]
            #expect(try await client.request(.get, "/api/Users/2", headers: emptySkipped).status == 200)
            // The body comes before the query string: a valid body token wins over an unknown query one.
            let unknown = String(repeating: "Q", count: 64)
            let bodyFirst = try await client.request(
                .post, "/api/Notes?access_token=" + unknown, body: #"{"text":"x","access_token":"\#(ann.token)"}"#)
            #expect(bodyFirst.status == 200, "\(bodyFirst.text)")
        }
    }

    /// `Member`s (bcrypt cost 4) so that the short tokens are used well within their 2 s.
    @Test("An expired token: 401 INVALID_TOKEN even on login; it is deleted, so it is then anonymous", arguments: TestConnector.allCases)
    func expired(connector: TestConnector) async throws {
        let users = AuthUsers.member()
        try await withServer(authApp(users: users), connector: connector) { client in
            try await client.signUp("ann", users: users)
            let fresh = try await client.logIn("ann", users: users)
            let first = try await client.logIn("ann", users: users, ttl: 2)
            let second = try await client.logIn("ann", users: users, ttl: 2)
            let third = try await client.logIn("ann", users: users, ttl: 2)
            expectAllowed(try await client.get("/api/Members/1", as: third))
            try await Task.sleep(for: .milliseconds(2300))
            let credentials = #"{"email":"ann@example.com","password":"s3cret-pass"}"#
            expectReply(try await client.post("/api/Members/login", credentials, as: first), 401, invalidAccessToken, "login")
            expectReply(try await client.get("/api/Members/1", as: second), 401, invalidAccessToken, "findById")
            expectReply(try await client.request(.get, "/api/Members/1?access_token=" + third.token), 401, invalidAccessToken, "query")
            // Deleted on first use: now an unknown token.
            expectUnauthorized(try await client.get("/api/Members/1", as: second))
            expectToken(try await client.post("/api/Members/login", credentials, as: first), userId: 1)
            expectAllowed(try await client.get("/api/Members/1", as: fresh))
        }
    }

    @Test("ttl -1 is kept but refused without allowEternalTokens; allowed with it", arguments: TestConnector.allCases)
    func eternal(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            try await client.signUp("ann")
            let login = try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass","ttl":-1}"#)
            expectToken(login, userId: 1, ttl: -1)
            expectReply(try await client.get("/api/Users/1", token: login.json?["id"]?.stringValue), 401, invalidAccessToken)
        }
        let users = AuthUsers.member(settings: #""allowEternalTokens": true"#)
        try await withServer(authApp(users: users), connector: connector) { client in
            try await client.signUp("ann", users: users)
            let login = try await client.post("/api/Members/login", #"{"email":"ann@example.com","password":"s3cret-pass","ttl":-1}"#)
            expectToken(login, userId: 1, ttl: -1)
            expectAllowed(try await client.get("/api/Members/1", token: login.json?["id"]?.stringValue))
        }
    }

    @Test("aclErrorStatus 403: an expired token is still 401 INVALID_TOKEN, an unknown one 401 Authorization Required", arguments: TestConnector.allCases)
    func expiredUnder403(connector: TestConnector) async throws {
        try await withServer(Self.app(config: #""aclErrorStatus": 403"#), connector: connector) { client in
            try await client.signUp("ann")
            let short = try await client.logIn("ann", ttl: 1)
            let valid = try await client.logIn("ann")
            expectForbidden(try await client.get("/api/Notes", as: valid))
            try await Task.sleep(for: .milliseconds(1300))
            expectReply(try await client.get("/api/Notes", as: short), 401, invalidAccessToken)
            expectUnauthorized(try await client.get("/api/Notes", token: String(repeating: "Q", count: 64)))
            expectUnauthorized(try await client.get("/api/Notes"))
        }
    }
}
