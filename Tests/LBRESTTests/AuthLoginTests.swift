import LBCore
import Testing

/// `POST /Users/login` (auth-and-acl.md §3.2 login details, §2.4 token shape, §3.1 `ttl`/`maxTTL`/
/// `emailVerificationRequired` settings): email or username, `ttl` rules, `include=user`, the 400s
/// and the single 401 `login failed` body.
@Suite("Auth: User login")
struct AuthLoginTests {
    @Test("Login by email and by username: 200 with a fresh 64-character token each time", arguments: TestConnector.allCases)
    func emailAndUsername(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            try await client.signUp("ann")
            try await client.signUp("bob")
            let byEmail = try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#)
            expectToken(byEmail, userId: 1)
            expectNoSecrets(byEmail)
            let byUsername = try await client.post("/api/Users/login", #"{"username":"bob","password":"s3cret-pass"}"#)
            expectToken(byUsername, userId: 2)
            let again = try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#)
            expectToken(again, userId: 1)
            #expect(again.json?["id"] != byEmail.json?["id"])
            // Both of ann's tokens work.
            for token in [byEmail, again].compactMap({ $0.json?["id"]?.stringValue }) {
                #expect(try await client.get("/api/Users/1", token: token).status == 200)
            }
            // email wins over username when both are given.
            let both = try await client.post("/api/Users/login", #"{"email":"ann@example.com","username":"bob","password":"s3cret-pass"}"#)
            expectToken(both, userId: 1)
        }
    }

    @Test("ttl: as asked, 0 means the default, capped at maxTTL (1 year)", arguments: TestConnector.allCases)
    func ttl(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            try await client.signUp("ann")
            let cases: [(String, Int)] = [(",\"ttl\":60", 60), ("", 1_209_600), (",\"ttl\":0", 1_209_600), (",\"ttl\":99999999999", 31_556_926)]
            for (member, expected) in cases {
                let reply = try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"\#(member)}"#)
                expectToken(reply, userId: 1, ttl: expected)
            }
        }
    }

    @Test("The user model's ttl and maxTTL settings", arguments: TestConnector.allCases)
    func ttlSettings(connector: TestConnector) async throws {
        let users = AuthUsers.member(settings: #""ttl": 3600, "maxTTL": 7200"#)
        try await withServer(authApp(users: users), connector: connector) { client in
            try await client.signUp("ann", users: users)
            for (member, expected) in [("", 3600), (",\"ttl\":60", 60), (",\"ttl\":100000", 7200)] {
                let reply = try await client.post("/api/Members/login", #"{"email":"ann@example.com","password":"s3cret-pass"\#(member)}"#)
                expectToken(reply, userId: 1, ttl: expected)
            }
        }
    }

    @Test("include=user (any case, string or array) embeds the user without hidden properties", arguments: TestConnector.allCases)
    func includeUser(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            try await client.signUp("ann")
            let body = #"{"email":"ann@example.com","password":"s3cret-pass"}"#
            for query in ["include=user", "include=USER", "include=" + enc(#"["user"]"#)] {
                let reply = try await client.post("/api/Users/login?" + query, body)
                expectToken(reply, userId: 1, extra: ["user"])
                #expect(userView(reply.json?["user"]) == userJSON("ann", id: 1), "\(query): \(reply.text)")
                expectNoSecrets(reply, query)
            }
            let without = try await client.post("/api/Users/login?include=orders", body)
            expectToken(without, userId: 1)
        }
    }

    @Test("No email and no username: 400 USERNAME_EMAIL_REQUIRED; non-string ones: 400 INVALID_EMAIL / INVALID_USERNAME", arguments: TestConnector.allCases)
    func badCredentials(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            try await client.signUp("ann")
            let required = errorBody(400, "username or email is required", code: "USERNAME_EMAIL_REQUIRED")
            expectReply(try await client.post("/api/Users/login", #"{"password":"s3cret-pass"}"#), 400, required)
            expectReply(try await client.post("/api/Users/login", "{}"), 400, required)
            expectReply(try await client.post("/api/Users/login", #"{"email":"","username":"","password":"x"}"#), 400, required)
            let email = try await client.post("/api/Users/login", #"{"email":{"neq":null},"password":"s3cret-pass"}"#)
            #expect(email.status == 400, "\(email.text)")
            #expect(email.error("code") == "INVALID_EMAIL")
            let username = try await client.post("/api/Users/login", #"{"username":["ann"],"password":"s3cret-pass"}"#)
            #expect(username.status == 400, "\(username.text)")
            #expect(username.error("code") == "INVALID_USERNAME")
        }
    }

    @Test("Unknown email, unknown username, wrong or missing password, other case: the same 401 login failed", arguments: TestConnector.allCases)
    func loginFailures(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            try await client.signUp("ann")
            let bodies = [
                #"{"email":"ann@example.com","password":"wrong-pass"}"#,
                #"{"email":"nobody@example.com","password":"s3cret-pass"}"#,
                #"{"username":"ann","password":"wrong-pass"}"#,
                #"{"username":"nobody","password":"s3cret-pass"}"#,
                #"{"email":"ann@example.com"}"#,
                #"{"email":"ann@example.com","password":""}"#,
                #"{"email":"ANN@example.com","password":"s3cret-pass"}"#,
                #"{"email":"ann@example.com","password":"S3CRET-PASS"}"#,
            ]
            var texts: Set<String> = []
            for body in bodies {
                let reply = try await client.post("/api/Users/login", body)
                expectReply(reply, 401, loginFailed, body)
                texts.insert(reply.text)
            }
            #expect(texts.count == 1, "the bodies differ: \(texts)")
        }
    }

    @Test("emailVerificationRequired: an unverified user gets 401 LOGIN_FAILED_EMAIL_NOT_VERIFIED with the user id", arguments: TestConnector.allCases)
    func emailVerificationRequired(connector: TestConnector) async throws {
        let users = AuthUsers.member(settings: #""emailVerificationRequired": true"#)
        try await withServer(authApp(users: users), connector: connector) { client in
            try await client.signUp("ann", users: users)
            try await client.signUp("bob", users: users)
            let reply = try await client.post("/api/Members/login", #"{"email":"bob@example.com","password":"s3cret-pass"}"#)
            expectReply(
                reply, 401,
                json(#"{"error":{"statusCode":401,"name":"Error","message":"login failed as the email has not been verified","code":"LOGIN_FAILED_EMAIL_NOT_VERIFIED","details":{"userId":2}}}"#))
            // The password is checked first.
            expectReply(try await client.post("/api/Members/login", #"{"email":"bob@example.com","password":"wrong-pass"}"#), 401, loginFailed)
        }
    }
}
