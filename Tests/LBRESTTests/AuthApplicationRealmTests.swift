import LBCore
import Testing

/// The `Application` model's keys (auth-and-acl.md §4) and login realms (§3.5).
@Suite("Auth: applications and realms")
struct AuthApplicationRealmTests {
    static func isHex(_ value: JSONValue?, length: Int) -> Bool {
        guard let text = value?.stringValue else { return false }
        return text.count == length && text.allSatisfy { "0123456789abcdef".contains($0) }
    }

    @Test("Application: a created app gets a 32-hex id and five 40-hex keys; a full save regenerates the keys", arguments: TestConnector.allCases)
    func applicationKeys(connector: TestConnector) async throws {
        let app = authApp(modelConfig: [("Application", openBuiltinEntry)])
        try await withServer(app, connector: connector) { client in
            let created = try await client.post("/api/Applications", #"{"name":"shop","clientKey":"mine"}"#)
            #expect(created.status == 200, "\(created.text)")
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(Self.isHex(created.json?["id"], length: 32))
            let keys = ["clientKey", "javaScriptKey", "restApiKey", "windowsKey", "masterKey"]
            for key in keys { #expect(Self.isHex(created.json?[key], length: 40), "\(key): \(created.text)") }
            let replaced = try await client.put("/api/Applications/\(id)", #"{"name":"shop 2"}"#)
            #expect(replaced.status == 200, "\(replaced.text)")
            for key in keys {
                #expect(Self.isHex(replaced.json?[key], length: 40))
                #expect(replaced.json?[key] != created.json?[key], "\(key) is regenerated")
            }
        }
    }

    @Test("Realms: realm from the body or the email prefix; none is 400 REALM_REQUIRED; another realm's user does not log in", arguments: TestConnector.allCases)
    func realms(connector: TestConnector) async throws {
        let users = AuthUsers.member(settings: #""realmRequired": true, "realmDelimiter": ":""#)
        try await withServer(authApp(users: users), connector: connector) { client in
            let signUp = #"{"realm":"acme","email":"ann@example.com","password":"s3cret-pass"}"#
            #expect(try await client.post("/api/Members", signUp).status == 200)
            #expect(try await client.post("/api/Members/login", #"{"email":"acme:ann@example.com","password":"s3cret-pass"}"#).status == 200)
            #expect(try await client.post("/api/Members/login", #"{"realm":"acme","email":"ann@example.com","password":"s3cret-pass"}"#).status == 200)
            expectReply(
                try await client.post("/api/Members/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), 400,
                errorBody(400, "realm is required", code: "REALM_REQUIRED"))
            expectReply(
                try await client.post("/api/Members/login", #"{"email":"other:ann@example.com","password":"s3cret-pass"}"#), 401,
                errorBody(401, "login failed", code: "LOGIN_FAILED"))
            // The same email in another realm is another user.
            #expect(try await client.post("/api/Members", #"{"realm":"other","email":"ann@example.com","password":"0ther-pass"}"#).status == 200)
            #expect(try await client.post("/api/Members/login", #"{"email":"other:ann@example.com","password":"0ther-pass"}"#).status == 200)
        }
    }
}

/// §3.3: with `emailVerificationRequired`, changing the email makes it unverified again.
@Suite("Auth: email changes")
struct AuthEmailChangeTests {
    @Test("A verified user who changes their email must verify it again")
    func emailChangeResetsVerification() async throws {
        let users = AuthUsers.member(settings: #""emailVerificationRequired": true"#)
        try await withServer(authAppWithRows(users: users), connector: .sqlite) { client in
            _ = try await client.signUp("ann", users: users)
            #expect(try await client.patch("/api/UserRows/1", #"{"emailVerified":true}"#).status == 200)
            let session = try await client.logIn("ann", users: users)
            let changed = try await client.request(
                .patch, "/api/Members/1", body: #"{"email":"ann2@example.com"}"#, headers: [.authorization: session.token])
            #expect(changed.status == 200, "\(changed.text)")
            #expect(changed.json?["emailVerified"] == false)
            let login = try await client.post("/api/Members/login", #"{"email":"ann2@example.com","password":"s3cret-pass"}"#)
            #expect(login.error("code") == "LOGIN_FAILED_EMAIL_NOT_VERIFIED")
        }
    }
}
