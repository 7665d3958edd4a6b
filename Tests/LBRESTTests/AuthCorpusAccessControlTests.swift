import LBCore
import LBTesting
import Testing

/// The corpus fixture strongloop/loopback test/fixtures/access-control served as-is (its `db` on
/// the test's connector, `mail` as shipped), against the corpus README section
/// "strongloop__loopback/test/fixtures/access-control" (auth-and-acl.md §1 default switch, §3.2
/// built-in User ACLs inherited by `user`, §6.2 inheritance, §6.3 `$owner`, custom roles nobody
/// is in; rest-api.md §5.3 401 `AUTHORIZATION_REQUIRED`). The app's error handler is in debug
/// mode, so denials are checked by status, code and message.
@Suite("Auth: corpus access-control fixture", .enabled(if: Repository.corpus != nil, "../shared/corpus is not present"))
struct AuthCorpusAccessControlTests {
    static func app() throws -> [String: String] {
        try lbFixture("access-control", extra: ["server/datasources.local.json": #"{ "mail": { "name": "mail", "connector": "mail" } }"#])
    }

    /// Signs up and logs in `name` through `/api/users`.
    static func user(_ client: Client, _ name: String) async throws -> Session {
        let created = try await client.post("/api/users", #"{"email":"\#(name)@example.com","password":"s3cret-pass"}"#)
        #expect(created.status == 200, "\(created.text)")
        let login = try await client.post("/api/users/login", #"{"email":"\#(name)@example.com","password":"s3cret-pass"}"#)
        #expect(login.status == 200, "\(login.text)")
        #expect(isTokenId(login.json?["id"]?.stringValue), "\(login.text)")
        return Session(id: login.json?["userId"]?.numberValue.map { Int($0) } ?? -1, token: login.json?["id"]?.stringValue ?? "", name: name)
    }

    @Test("user: create for anyone; list for no one; /:id for the owner only; logout 204", arguments: TestConnector.allCases)
    func users(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            let ann = try await Self.user(client, "ann")
            let created = try await client.post("/api/users", #"{"email":"bob@example.com","password":"s3cret-pass"}"#, as: ann)
            #expect(created.status == 200, "logged-in create: \(created.text)")
            expectNoSecrets(created)
            let bob = Session(
                id: 2, token: try await client.post("/api/users/login", #"{"email":"bob@example.com","password":"s3cret-pass"}"#).json?["id"]?.stringValue ?? "",
                name: "bob")
            for session in [nil, ann] as [Session?] {
                expectDenied(try await client.get("/api/users", as: session), "GET /users")
                expectDenied(try await client.post("/api/users/upsertWithWhere?where=" + enc(#"{"id":1}"#), #"{"email":"x@example.com"}"#, as: session), "upsertWithWhere")
            }
            for session in [nil, bob] as [Session?] {
                let who = session?.name ?? "anonymous"
                expectDenied(try await client.get("/api/users/1", as: session), "GET \(who)")
                expectDenied(try await client.put("/api/users/1", #"{"username":"x"}"#, as: session), "PUT \(who)")
                expectDenied(try await client.patch("/api/users/1", #"{"username":"x"}"#, as: session), "PATCH \(who)")
                expectDenied(try await client.delete("/api/users/1", as: session), "DELETE \(who)")
            }
            let own = try await client.get("/api/users/1", as: ann)
            #expect(own.status == 200, "\(own.text)")
            #expect(own.json?["email"] == "ann@example.com")
            expectNoSecrets(own)
            // replaceOnPUT false: PUT /:id patches.
            let put = try await client.put("/api/users/1", #"{"username":"ann"}"#, as: ann)
            #expect(put.status == 200, "\(put.text)")
            #expect(put.json?["email"] == "ann@example.com")
            #expect(try await client.patch("/api/users/1", #"{"username":"annie"}"#, as: ann).json?["username"] == "annie")
            let destroyAll = try await client.delete("/api/users", as: ann)
            #expect(destroyAll.status == 404, "\(destroyAll.text)")
            expectNoBody(try await client.send(.post, "/api/users/logout", as: bob), 204)
            expectDenied(try await client.get("/api/users/2", as: bob), "after logout")
            #expect(try await client.delete("/api/users/1", as: ann).json == ["count": 1])
        }
    }

    @Test("accessToken: create for anyone, everything else 401", arguments: TestConnector.allCases)
    func accessTokens(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            let ann = try await Self.user(client, "ann")
            let created = try await client.post("/api/accessTokens", "{}")
            #expect(created.status == 200, "\(created.text)")
            let id = created.json?["id"]?.stringValue ?? "none"
            for session in [nil, ann] as [Session?] {
                let who = session?.name ?? "anonymous"
                expectDenied(try await client.get("/api/accessTokens", as: session), "GET / \(who)")
                expectDenied(try await client.put("/api/accessTokens", #"{"id":"\#(id)","ttl":1}"#, as: session), "PUT / \(who)")
                expectDenied(try await client.get("/api/accessTokens/" + id, as: session), "GET /:id \(who)")
                expectDenied(try await client.put("/api/accessTokens/" + id, #"{"ttl":1}"#, as: session), "PUT /:id \(who)")
                expectDenied(try await client.delete("/api/accessTokens/" + id, as: session), "DELETE /:id \(who)")
                // Not even one's own token.
                expectDenied(try await client.get("/api/accessTokens/" + ann.token, as: session), "GET own \(who)")
            }
        }
    }

    @Test("bank: READ for everyone, writes 401 ($dynamic-role has no members)", arguments: TestConnector.allCases)
    func banks(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            let ann = try await Self.user(client, "ann")
            for session in [nil, ann] as [Session?] {
                let who = session?.name ?? "anonymous"
                #expect(try await client.get("/api/banks", as: session).json == [], "\(who)")
                let missing = try await client.get("/api/banks/1", as: session)
                #expect(missing.status == 404, "allowed, then not found (\(who)): \(missing.text)")
                #expect(missing.error("code") == "MODEL_NOT_FOUND")
                #expect(try await client.get("/api/banks/count", as: session).json == ["count": 0], "\(who)")
                expectDenied(try await client.post("/api/banks", #"{"name":"b"}"#, as: session), "POST \(who)")
                expectDenied(try await client.put("/api/banks/1", #"{"name":"b"}"#, as: session), "PUT \(who)")
                expectDenied(try await client.delete("/api/banks/1", as: session), "DELETE \(who)")
                expectDenied(try await client.post("/api/banks/upsertWithWhere?where=" + enc(#"{"id":1}"#), #"{"name":"b"}"#, as: session), "upsertWithWhere \(who)")
            }
        }
    }

    @Test("accounts: $owner only, no create over REST; transaction all 401; alert READ only; email private", arguments: TestConnector.allCases)
    func accountsAndOthers(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            let ann = try await Self.user(client, "ann")
            for base in ["/api/accounts-replacing", "/api/accounts-updating"] {
                for session in [nil, ann] as [Session?] {
                    let who = "\(base) \(session?.name ?? "anonymous")"
                    expectDenied(try await client.get(base, as: session), "GET / \(who)")
                    expectDenied(try await client.post(base, #"{"userId":\#(ann.id)}"#, as: session), "POST \(who)")
                    expectDenied(try await client.get(base + "/1", as: session), "GET /1 \(who)")
                    expectDenied(try await client.put(base + "/1", #"{"userId":\#(ann.id)}"#, as: session), "PUT /1 \(who)")
                    expectDenied(try await client.patch(base + "/1", #"{"userId":\#(ann.id)}"#, as: session), "PATCH /1 \(who)")
                    expectDenied(try await client.delete(base + "/1", as: session), "DELETE /1 \(who)")
                    expectDenied(try await client.get(base + "/1/transactions", as: session), "transactions \(who)")
                }
            }
            expectDenied(try await client.post("/api/accounts-replacing/1/replace", "{}", as: ann), "replace")
            for session in [nil, ann] as [Session?] {
                let who = session?.name ?? "anonymous"
                expectDenied(try await client.get("/api/transactions", as: session), "transactions GET \(who)")
                expectDenied(try await client.post("/api/transactions", "{}", as: session), "transactions POST \(who)")
                #expect(try await client.get("/api/alerts", as: session).json == [], "alerts GET \(who)")
                expectDenied(try await client.post("/api/alerts", "{}", as: session), "alerts POST \(who)")
                let email = try await client.get("/api/emails", as: session)
                #expect(email.status == 404, "email is private (\(who)): \(email.text)")
            }
        }
    }
}
