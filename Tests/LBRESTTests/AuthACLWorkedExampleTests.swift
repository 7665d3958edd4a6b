import LBCore
import Testing

/// The worked example of auth-and-acl.md §7.6 (scores 8020 admin `deleteById` ALLOW, 7632 `$owner`
/// WRITE ALLOW, 7624 `$authenticated` READ ALLOW, 7495 `$everyone` DENY), with §7.5's 401/403.
/// One rule is added so that the admin can create the products: `admin ALLOW create`.
@Suite("Auth: §7.6 worked example")
struct AuthACLWorkedExampleTests {
    static let acls = rules(
        rule("$everyone", "DENY"), rule("$authenticated", "ALLOW", accessType: "READ"), rule("admin", "ALLOW", property: #""deleteById""#),
        rule("$owner", "ALLOW", accessType: "WRITE"), rule("admin", "ALLOW", property: #""create""#))

    static func app(config: String = "") -> [String: String] {
        authApp(
            users: .member(), models: ["product.json": ownedModel("Product", acls: acls)],
            modelConfig: openRoleModels + [("Product", #"{ "dataSource": "db" }"#)], config: config)
    }

    /// ann (1) owns every product; bob (2) is a plain user; carl (3) is an admin. Products 1–4.
    static func prepare(_ client: Client) async throws -> (ann: Session, bob: Session, carl: Session) {
        let ann = try await client.register("ann", users: .member())
        let bob = try await client.register("bob", users: .member())
        let carl = try await client.register("carl", users: .member())
        try await client.grant(role: "admin", to: [carl])
        for index in 1...4 {
            let created = try await client.post("/api/Products", #"{"text":"p\#(index)","userId":1}"#, as: carl)
            #expect(created.status == 200, "\(created.text)")
        }
        return (ann, bob, carl)
    }

    @Test("DELETE /Products/:id: admin 200, owner 200, other user and anonymous 401; GET for authenticated only", arguments: TestConnector.allCases)
    func example(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, bob, carl) = try await Self.prepare(client)
            expectUnauthorized(try await client.post("/api/Products", #"{"text":"p","userId":1}"#, as: ann), "only admins create")
            #expect(try await client.delete("/api/Products/1", as: carl).json == ["count": 1])
            #expect(try await client.delete("/api/Products/2", as: ann).json == ["count": 1])
            expectUnauthorized(try await client.delete("/api/Products/3", as: bob))
            expectUnauthorized(try await client.delete("/api/Products/3", as: nil))
            let list = try await client.get("/api/Products", as: bob)
            #expect(list.status == 200, "\(list.text)")
            #expect(ids(list) == [3, 4])
            expectUnauthorized(try await client.get("/api/Products", as: nil))
            // WRITE other than deleteById: the owner may, the admin (not owner) may not.
            #expect(try await client.patch("/api/Products/3", #"{"text":"by owner"}"#, as: ann).json?["text"] == "by owner")
            expectUnauthorized(try await client.patch("/api/Products/3", #"{"text":"by admin"}"#, as: carl))
            expectUnauthorized(try await client.patch("/api/Products/3", #"{"text":"by bob"}"#, as: bob))
            #expect(try await client.get("/api/Products/3", as: bob).json?["text"] == "by owner")
        }
    }

    @Test("With aclErrorStatus 403 the logged-in non-owner gets 403, anonymous still 401", arguments: TestConnector.allCases)
    func example403(connector: TestConnector) async throws {
        try await withServer(Self.app(config: #""aclErrorStatus": 403"#), connector: connector) { client in
            let (ann, bob, carl) = try await Self.prepare(client)
            expectForbidden(try await client.delete("/api/Products/3", as: bob))
            expectUnauthorized(try await client.delete("/api/Products/3", as: nil))
            expectForbidden(try await client.patch("/api/Products/3", #"{"text":"x"}"#, as: carl))
            #expect(try await client.delete("/api/Products/3", as: ann).json == ["count": 1])
            #expect(try await client.delete("/api/Products/4", as: carl).json == ["count": 1])
        }
    }
}
