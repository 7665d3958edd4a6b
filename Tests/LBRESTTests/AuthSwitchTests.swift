import LBCore
import Testing

/// Turning authentication on and off (auth-and-acl.md §1; §4 for the private built-in models):
/// `"enableAuth"` in config.json, and the default when it is unset (on for an app with a
/// User-based model and an AccessToken model attached; off otherwise, which leaves every model open).
@Suite("Auth: switching authentication on and off")
struct AuthSwitchTests {
    static let lockedNote = ownedModel("Note", acls: rules(rule("$everyone", "DENY")))

    @Test("enableAuth unset in a scaffolded app: ACLs enforced (built-in User DENY, model DENY)", arguments: TestConnector.allCases)
    func defaultOn(connector: TestConnector) async throws {
        let app = authApp(users: .member(), models: ["note.json": Self.lockedNote], modelConfig: [("Note", #"{ "dataSource": "db" }"#)])
        try await withServer(app, connector: connector) { client in
            let ann = try await client.register("ann", users: .member())
            expectUnauthorized(try await client.get("/api/Members"))
            expectUnauthorized(try await client.get("/api/Members", as: ann))
            expectUnauthorized(try await client.get("/api/Notes"))
            expectUnauthorized(try await client.post("/api/Notes", #"{"text":"x"}"#))
            expectUnauthorized(try await client.get("/api/Notes", as: ann))
        }
    }

    @Test("enableAuth: true enforces ACLs", arguments: TestConnector.allCases)
    func explicitOn(connector: TestConnector) async throws {
        let app = authApp(
            users: .member(), models: ["note.json": Self.lockedNote], modelConfig: [("Note", #"{ "dataSource": "db" }"#)],
            config: #""enableAuth": true"#)
        try await withServer(app, connector: connector) { client in
            expectUnauthorized(try await client.get("/api/Notes"))
            expectUnauthorized(try await client.get("/api/Members/count"))
        }
    }

    @Test("enableAuth: false: everything is open, passwords still hidden", arguments: TestConnector.allCases)
    func explicitOff(connector: TestConnector) async throws {
        let app = authApp(
            models: ["note.json": ownedModel("Note", acls: rules(rule("$everyone", "DENY")), user: "User")],
            modelConfig: [("Note", #"{ "dataSource": "db" }"#)], config: #""enableAuth": false"#)
        try await withServer(app, connector: connector) { client in
            try await client.signUp("ann")
            try await client.signUp("bob")
            let list = try await client.get("/api/Users")
            #expect(list.status == 200, "\(list.text)")
            #expect(list.json?.arrayValue?.map { userView($0) } == [userJSON("ann", id: 1), userJSON("bob", id: 2)])
            expectNoSecrets(list)
            let one = try await client.get("/api/Users/1")
            #expect(one.status == 200)
            #expect(userView(one.json) == userJSON("ann", id: 1))
            #expect(try await client.get("/api/Users/count").json == ["count": 2])
            let created = try await client.post("/api/Notes", #"{"text":"open","userId":2}"#)
            #expect(created.json == ["text": "open", "id": 1, "userId": 2])
            #expect(try await client.get("/api/Notes/1").json == ["text": "open", "id": 1, "userId": 2])
            #expect(try await client.patch("/api/Notes/1", #"{"text":"edited"}"#).json?["text"] == "edited")
            #expect(try await client.delete("/api/Notes/1").json == ["count": 1])
            let patched = try await client.patch("/api/Users/2", #"{"username":"robert"}"#)
            #expect(patched.status == 200)
            #expect(userView(patched.json) == ["username": "robert", "email": "bob@example.com", "id": 2])
            #expect(try await client.delete("/api/Users/2").json == ["count": 1])
        }
    }

    @Test("enableAuth unset and no user model: model ACLs are not enforced", arguments: TestConnector.allCases)
    func defaultOffWithoutUsers(connector: TestConnector) async throws {
        let note = #"{ "name": "Note", "properties": { "text": "string" }, "acls": [{ "principalType": "ROLE", "principalId": "$everyone", "permission": "DENY" }] }"#
        let app = productApp(models: ["note.json": note], modelConfig: ["Note": #"{ "dataSource": "db" }"#])
        try await withServer(app, connector: connector) { client in
            let created = try await client.post("/api/Notes", #"{"text":"open"}"#)
            #expect(created.json == ["text": "open", "id": 1])
            #expect(try await client.get("/api/Notes").json == [["text": "open", "id": 1]])
            #expect(try await client.get("/api/Notes/1").json == ["text": "open", "id": 1])
            #expect(try await client.delete("/api/Notes/1").json == ["count": 1])
        }
    }

    @Test("AccessToken, ACL, Role and RoleMapping of the scaffold are not exposed", arguments: TestConnector.allCases)
    func privateBuiltins(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            for plural in ["AccessTokens", "ACLs", "Roles", "RoleMappings"] {
                let reply = try await client.get("/api/" + plural)
                expectReply(reply, 404, errorBody(404, "There is no method to handle GET /\(plural)"), plural)
            }
        }
    }
}
