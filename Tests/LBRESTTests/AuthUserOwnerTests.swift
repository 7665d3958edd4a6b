import LBCore
import Testing

/// The User instance endpoints and the built-in User ACLs (auth-and-acl.md §3.2 table: `findById`,
/// `patchAttributes`, `replaceById`, `deleteById` for `$owner`, everything else `$everyone` DENY;
/// §3.3 side effects; §6.3 `$owner` on the user model; §7.5 status with `aclErrorStatus`).
@Suite("Auth: User instance endpoints and built-in ACLs")
struct AuthUserOwnerTests {
    @Test("GET /Users/:id: 200 for the owner; 401 for another user and for anonymous", arguments: TestConnector.allCases)
    func findById(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            let bob = try await client.register("bob")
            let own = try await client.get("/api/Users/1", as: ann)
            #expect(own.status == 200)
            #expect(userView(own.json) == userJSON("ann", id: 1))
            expectNoSecrets(own)
            #expect(userView(try await client.get("/api/Users/2", as: bob).json) == userJSON("bob", id: 2))
            expectUnauthorized(try await client.get("/api/Users/2", as: ann))
            expectUnauthorized(try await client.get("/api/Users/1"))
            // A missing user is "not owned": 401, not 404.
            expectUnauthorized(try await client.get("/api/Users/99", as: ann))
            // The filter argument still applies for the owner.
            let fields = try await client.get("/api/Users/1?filter=" + enc(#"{"fields":["email"]}"#), as: ann)
            #expect(withoutNulls(fields.json) == ["email": "ann@example.com"], "\(fields.text)")
        }
    }

    @Test("PATCH /Users/:id: owner 200; others 401 and nothing changes", arguments: TestConnector.allCases)
    func patch(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            let bob = try await client.register("bob")
            let patched = try await client.patch("/api/Users/1", #"{"username":"annie"}"#, as: ann)
            #expect(patched.status == 200, "\(patched.text)")
            #expect(userView(patched.json) == ["username": "annie", "email": "ann@example.com", "id": 1])
            expectNoSecrets(patched)
            expectUnauthorized(try await client.patch("/api/Users/1", #"{"username":"hijacked"}"#, as: bob))
            expectUnauthorized(try await client.patch("/api/Users/1", #"{"username":"hijacked"}"#, as: nil))
            #expect(try await client.get("/api/Users/1", as: ann).json?["username"] == "annie")
        }
    }

    @Test("PATCH of the email revokes the owner's other tokens and keeps the caller's", arguments: TestConnector.allCases)
    func emailChangeRevokesTokens(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let caller = try await client.register("ann")
            let other = try await client.logIn("ann")
            let bob = try await client.register("bob")
            #expect(try await client.patch("/api/Users/1", #"{"email":"ann2@example.com"}"#, as: caller).json?["email"] == "ann2@example.com")
            expectAllowed(try await client.get("/api/Users/1", as: caller))
            expectUnauthorized(try await client.get("/api/Users/1", as: other))
            expectAllowed(try await client.get("/api/Users/2", as: bob))
            // A change of another property revokes nothing.
            let third = try await client.logIn("ann2")
            #expect(try await client.patch("/api/Users/1", #"{"username":"annie"}"#, as: caller).status == 200)
            expectAllowed(try await client.get("/api/Users/1", as: third))
        }
    }

    @Test("PUT /Users/:id and POST /Users/:id/replace: owner 200 (email and password required); others 401", arguments: TestConnector.allCases)
    func replace(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            let bob = try await client.register("bob")
            let body = #"{"username":"annie","email":"ann@example.com","password":"replaced-pass"}"#
            expectUnauthorized(try await client.put("/api/Users/1", body, as: bob))
            expectUnauthorized(try await client.post("/api/Users/1/replace", body, as: bob))
            expectUnauthorized(try await client.put("/api/Users/1", body, as: nil))
            let replaced = try await client.put("/api/Users/1", body, as: ann)
            #expect(replaced.status == 200, "\(replaced.text)")
            #expect(userView(replaced.json) == ["username": "annie", "email": "ann@example.com", "id": 1])
            expectNoSecrets(replaced, plaintexts: ["replaced-pass", defaultPassword])
            expectToken(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"replaced-pass"}"#), userId: 1)
            let again = try await client.post("/api/Users/1/replace", #"{"email":"ann@example.com","password":"again-pass"}"#, as: ann)
            #expect(again.status == 200, "\(again.text)")
            #expect(userView(again.json) == ["email": "ann@example.com", "id": 1])
            // Without a password the replacement is invalid.
            expectReply(
                try await client.put("/api/Users/1", #"{"email":"ann@example.com"}"#, as: ann), 422,
                userValidationError(property: "password", code: "presence", message: "can't be blank", value: "undefined"))
        }
    }

    @Test("DELETE /Users/:id: owner 200 {count:1} and the user's tokens are deleted; others 401", arguments: TestConnector.allCases)
    func delete(connector: TestConnector) async throws {
        let note = ownedModel("Note", acls: rules(rule("$everyone", "DENY"), rule("$authenticated", "ALLOW", accessType: "READ")), user: "User")
        let app = authApp(models: ["note.json": note], modelConfig: [("Note", #"{ "dataSource": "db" }"#)])
        try await withServer(app, connector: connector) { client in
            let ann = try await client.register("ann")
            let second = try await client.logIn("ann")
            let bob = try await client.register("bob")
            expectUnauthorized(try await client.delete("/api/Users/1", as: bob))
            expectUnauthorized(try await client.delete("/api/Users/1", as: nil))
            expectAllowed(try await client.get("/api/Notes", as: second))
            #expect(try await client.delete("/api/Users/1", as: ann).json == ["count": 1])
            // Both tokens are gone: the requests are anonymous (an existing token would make the
            // first one a 404 for the owner, and the second a 200).
            expectUnauthorized(try await client.get("/api/Users/1", as: ann))
            expectUnauthorized(try await client.get("/api/Notes", as: second))
            expectReply(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), 401, loginFailed)
            expectAllowed(try await client.get("/api/Users/2", as: bob))
            expectAllowed(try await client.get("/api/Notes", as: bob))
        }
    }

    @Test("find, findOne, count, exists, updateAll, upsert, accessTokens: 401 even for a logged-in owner", arguments: TestConnector.allCases)
    func everyoneDenied(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            for session in [ann, nil] {
                let who = session.map { "\($0)" } ?? "anonymous"
                expectUnauthorized(try await client.get("/api/Users", as: session), "find \(who)")
                expectUnauthorized(try await client.get("/api/Users/findOne", as: session), "findOne \(who)")
                expectUnauthorized(try await client.get("/api/Users/count", as: session), "count \(who)")
                expectUnauthorized(try await client.get("/api/Users/1/exists", as: session), "exists \(who)")
                expectUnauthorized(try await client.post("/api/Users/update?where=" + enc(#"{"id":1}"#), #"{"username":"x"}"#, as: session), "updateAll \(who)")
                expectUnauthorized(try await client.patch("/api/Users", #"{"id":1,"username":"x"}"#, as: session), "patchOrCreate \(who)")
                expectUnauthorized(try await client.put("/api/Users", #"{"id":1,"email":"x@example.com","password":"p"}"#, as: session), "replaceOrCreate \(who)")
                expectUnauthorized(try await client.post("/api/Users/upsertWithWhere?where=" + enc(#"{"id":1}"#), #"{"username":"x"}"#, as: session), "upsertWithWhere \(who)")
                expectUnauthorized(try await client.get("/api/Users/1/accessTokens", as: session), "accessTokens \(who)")
                expectUnauthorized(try await client.get("/api/Users/1/accessTokens/count", as: session), "accessTokens count \(who)")
                expectUnauthorized(try await client.post("/api/Users/1/accessTokens", "{}", as: session), "accessTokens create \(who)")
                expectUnauthorized(try await client.delete("/api/Users/1/accessTokens", as: session), "accessTokens delete \(who)")
            }
            #expect(try await client.get("/api/Users/1", as: ann).json?["username"] == "ann")
        }
    }

    @Test("aclErrorStatus 403 in config.json: denied with a valid token 403, without one 401", arguments: TestConnector.allCases)
    func forbidden(connector: TestConnector) async throws {
        try await withServer(authApp(config: #""aclErrorStatus": 403"#), connector: connector) { client in
            let ann = try await client.register("ann")
            try await client.signUp("bob")
            expectForbidden(try await client.get("/api/Users", as: ann))
            expectForbidden(try await client.get("/api/Users/2", as: ann))
            expectForbidden(try await client.patch("/api/Users/2", #"{"username":"x"}"#, as: ann))
            expectUnauthorized(try await client.get("/api/Users"))
            expectUnauthorized(try await client.get("/api/Users/2"))
            // An unknown token is no token.
            expectUnauthorized(try await client.get("/api/Users/2", token: String(repeating: "A", count: 64)))
            expectAllowed(try await client.get("/api/Users/1", as: ann))
        }
    }
}
