import LBCore
import Testing

/// Custom roles through `Role` and `RoleMapping` rows (auth-and-acl.md §4 Role/RoleMapping, §6.3
/// custom role membership, §7.1 custom role > `$owner` at equal specificity). `Role`,
/// `RoleMapping` and `ACL` are public and open in these apps so that the test can write rows.
@Suite("Auth: custom roles")
struct AuthACLCustomRoleTests {
    static let seed = rule("$everyone", "ALLOW", property: #""create""#)

    static func app() -> [String: String] {
        let models = [
            "edit-note.json": ownedModel(
                "EditNote", acls: rules(rule("$everyone", "DENY"), rule("editor", "ALLOW", accessType: "WRITE"), rule("$authenticated", "ALLOW", accessType: "READ"), seed)),
            "block-note.json": ownedModel(
                "BlockNote", acls: rules(rule("$everyone", "DENY"), rule("$owner", "ALLOW"), rule("blocked", "DENY"), seed)),
            "audit-note.json": ownedModel("AuditNote", acls: rules(rule("$everyone", "DENY"), rule("auditor", "ALLOW", accessType: "READ"), seed)),
        ]
        let entries = ["EditNote", "BlockNote", "AuditNote"].map { ($0, #"{ "dataSource": "db" }"#) }
        return authApp(users: .member(), models: models, modelConfig: openRoleModels + entries)
    }

    static func prepare(_ client: Client) async throws -> (ann: Session, bob: Session) {
        let ann = try await client.register("ann", users: .member())
        let bob = try await client.register("bob", users: .member())
        for model in ["EditNotes", "BlockNotes", "AuditNotes"] {
            try await client.seed([#"{"text":"one","userId":1}"#, #"{"text":"two","userId":1}"#], at: "/api/" + model)
        }
        return (ann, bob)
    }

    @Test("A mapped user gets the role's rights; others do not; removing the mapping takes them away", arguments: TestConnector.allCases)
    func editor(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client)
            expectUnauthorized(try await client.patch("/api/EditNotes/1", #"{"text":"x"}"#, as: bob))
            let mappings = try await client.grant(role: "editor", to: [bob])
            let edited = try await client.patch("/api/EditNotes/1", #"{"text":"edited"}"#, as: bob)
            #expect(edited.status == 200, "\(edited.text)")
            #expect(edited.json?["text"] == "edited")
            #expect(try await client.delete("/api/EditNotes/1", as: bob).json == ["count": 1])
            expectUnauthorized(try await client.patch("/api/EditNotes/2", #"{"text":"x"}"#, as: ann))
            expectUnauthorized(try await client.patch("/api/EditNotes/2", #"{"text":"x"}"#, as: nil))
            expectAllowed(try await client.get("/api/EditNotes/2", as: ann))
            // The mapping is gone: so is the right, at once.
            let mappingId = mappings.first?.stringValue ?? mappings.first.map { $0.jsonText } ?? ""
            #expect(try await client.delete("/api/RoleMappings/" + mappingId).json == ["count": 1])
            expectUnauthorized(try await client.patch("/api/EditNotes/2", #"{"text":"x"}"#, as: bob))
        }
    }

    @Test("A custom role outranks $owner at equal specificity", arguments: TestConnector.allCases)
    func customBeatsOwner(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client)
            expectAllowed(try await client.get("/api/BlockNotes/1", as: ann))
            expectUnauthorized(try await client.get("/api/BlockNotes/1", as: bob))
            try await client.grant(role: "blocked", to: [ann])
            expectUnauthorized(try await client.get("/api/BlockNotes/1", as: ann))
            expectUnauthorized(try await client.patch("/api/BlockNotes/1", #"{"text":"x"}"#, as: ann))
        }
    }

    @Test("A role with no mapping matches nobody; a mapping for another user does not leak", arguments: TestConnector.allCases)
    func unmappedRole(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client)
            let role = try await client.post("/api/Roles", #"{"name":"auditor"}"#)
            #expect(role.status == 200, "\(role.text)")
            expectUnauthorized(try await client.get("/api/AuditNotes/1", as: ann))
            expectUnauthorized(try await client.get("/api/AuditNotes/1", as: bob))
            // Another role's name does not count.
            try await client.grant(role: "auditors", to: [bob])
            expectUnauthorized(try await client.get("/api/AuditNotes/1", as: bob))
            // Mapping bob to the role (its id compared as a string) lets him read.
            let roleId = role.json?["id"] ?? .null
            let mapping = try await client.post(
                "/api/RoleMappings", #"{"principalType":"USER","principalId":"2","roleId":\#(roleId.jsonText)}"#)
            #expect(mapping.status == 200, "\(mapping.text)")
            expectAllowed(try await client.get("/api/AuditNotes/1", as: bob))
            expectAllowed(try await client.get("/api/AuditNotes", as: bob))
            expectUnauthorized(try await client.patch("/api/AuditNotes/1", #"{"text":"x"}"#, as: bob))
            expectUnauthorized(try await client.get("/api/AuditNotes/1", as: ann))
            expectUnauthorized(try await client.get("/api/AuditNotes/1", as: nil))
        }
    }
}
