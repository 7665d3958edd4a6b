import LBCore
import Testing

/// Dynamic rules: rows of the `ACL` model (auth-and-acl.md §6.2 dynamic rules — `model` or `*`,
/// `property` with aliases, `accessType` requested or `*`, and the EXECUTE asymmetry; §7.1/§7.2
/// ranking together with static rules). `ACL` is public and open in these apps; rows take effect
/// at once and stop when deleted.
@Suite("Auth: dynamic ACL rows")
struct AuthACLDynamicTests {
    static func app() -> [String: String] {
        let models = [
            "note.json": ownedModel("Note", acls: "[]"),
            "locked.json": ownedModel("Locked", acls: rules(rule("$everyone", "DENY"), rule("$everyone", "ALLOW", property: #""create""#))),
        ]
        return authApp(
            users: .member(), models: models,
            modelConfig: openRoleModels + [("Note", #"{ "dataSource": "db" }"#), ("Locked", #"{ "dataSource": "db" }"#)])
    }

    static func prepare(_ client: Client) async throws -> (ann: Session, bob: Session) {
        let ann = try await client.register("ann", users: .member())
        let bob = try await client.register("bob", users: .member())
        try await client.seed([#"{"text":"one","userId":1}"#, #"{"text":"two","userId":1}"#], at: "/api/Notes")
        try await client.seed([#"{"text":"one","userId":1}"#], at: "/api/Lockeds")
        return (ann, bob)
    }

    /// POSTs an ACL row and returns its id (as path text).
    static func addRow(_ client: Client, _ row: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> String {
        let reply = try await client.post("/api/ACLs", row)
        #expect(reply.status == 200, "ACL row \(row): \(reply.text)", sourceLocation: sourceLocation)
        let id = reply.json?["id"]
        return id?.stringValue ?? id?.jsonText ?? ""
    }

    @Test("A row denying READ on a model applies at once and stops when deleted", arguments: TestConnector.allCases)
    func denyRead(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, _) = try await Self.prepare(client)
            expectAllowed(try await client.get("/api/Notes", as: ann))
            let id = try await Self.addRow(
                client, #"{"model":"Note","property":"*","accessType":"READ","permission":"DENY","principalType":"ROLE","principalId":"$everyone"}"#)
            expectUnauthorized(try await client.get("/api/Notes", as: ann))
            expectUnauthorized(try await client.get("/api/Notes/1", as: nil))
            expectAllowed(try await client.patch("/api/Notes/1", #"{"text":"x"}"#, as: nil))
            expectUnauthorized(try await client.get("/api/Lockeds", as: nil), "the row for Note leaves Locked's static rules alone")
            #expect(try await client.delete("/api/ACLs/" + id).json == ["count": 1])
            expectAllowed(try await client.get("/api/Notes", as: ann))
            expectAllowed(try await client.get("/api/Notes/1", as: nil))
        }
    }

    @Test("Rows match aliases (updateAttributes → PATCH /:id) and model \"*\"", arguments: TestConnector.allCases)
    func aliasesAndWildcards(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, _) = try await Self.prepare(client)
            _ = try await Self.addRow(
                client,
                #"{"model":"Note","property":"updateAttributes","accessType":"WRITE","permission":"DENY","principalType":"ROLE","principalId":"$everyone"}"#)
            expectUnauthorized(try await client.patch("/api/Notes/1", #"{"text":"x"}"#, as: ann))
            #expect(try await client.put("/api/Notes/1", #"{"text":"replaced","userId":1}"#, as: ann).json?["text"] == "replaced")
            _ = try await Self.addRow(
                client, #"{"model":"*","property":"find","accessType":"*","permission":"DENY","principalType":"ROLE","principalId":"$unauthenticated"}"#)
            expectUnauthorized(try await client.get("/api/Notes", as: nil))
            expectAllowed(try await client.get("/api/Notes", as: ann))
            expectAllowed(try await client.get("/api/Notes/1", as: nil))
            // ACL's own `$everyone ALLOW` names its model exactly, which outranks a `*` row (§7.1).
            expectAllowed(try await client.get("/api/ACLs", as: nil))
        }
    }

    @Test("A USER row outranks a static role rule; static and dynamic rules are ranked together", arguments: TestConnector.allCases)
    func userRow(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client)
            expectUnauthorized(try await client.get("/api/Lockeds/1", as: bob))
            _ = try await Self.addRow(
                client, #"{"model":"Locked","property":"*","accessType":"*","permission":"ALLOW","principalType":"USER","principalId":"2"}"#)
            expectAllowed(try await client.get("/api/Lockeds/1", as: bob))
            expectAllowed(try await client.patch("/api/Lockeds/1", #"{"text":"x"}"#, as: bob))
            expectUnauthorized(try await client.get("/api/Lockeds/1", as: ann))
            expectUnauthorized(try await client.get("/api/Lockeds/1", as: nil))
        }
    }

    @Test("An EXECUTE row is fetched only for EXECUTE methods (login), not for READ or WRITE", arguments: TestConnector.allCases)
    func executeRows(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, _) = try await Self.prepare(client)
            _ = try await Self.addRow(
                client, #"{"model":"Note","property":"*","accessType":"EXECUTE","permission":"DENY","principalType":"ROLE","principalId":"$everyone"}"#)
            expectAllowed(try await client.get("/api/Notes/1", as: ann))
            expectAllowed(try await client.patch("/api/Notes/1", #"{"text":"x"}"#, as: ann))
            let id = try await Self.addRow(
                client, #"{"model":"Member","property":"login","accessType":"EXECUTE","permission":"DENY","principalType":"ROLE","principalId":"$everyone"}"#)
            let credentials = #"{"email":"ann@example.com","password":"s3cret-pass"}"#
            expectUnauthorized(try await client.post("/api/Members/login", credentials))
            #expect(try await client.delete("/api/ACLs/" + id).json == ["count": 1])
            expectToken(try await client.post("/api/Members/login", credentials), userId: 1)
        }
    }
}
