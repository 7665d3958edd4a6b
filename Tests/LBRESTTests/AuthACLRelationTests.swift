import LBCore
import Testing

/// Relation methods are authorised against the source model (auth-and-acl.md §5 step 1 —
/// `property` is `__get__pages` etc., `modelId` the parent's id; §7.4 access types of relation
/// methods; §8.6: the target model's own rules are not consulted for relation routes).
@Suite("Auth: ACLs on relation methods")
struct AuthACLRelationTests {
    static func app() -> [String: String] {
        let notebook = #"""
            { "name": "Notebook", "properties": { "text": "string" },
              "relations": {
                "user": { "type": "belongsTo", "model": "Member", "foreignKey": "userId" },
                "pages": { "type": "hasMany", "model": "Page", "foreignKey": "notebookId" } },
              "acls": [
                { "principalType": "ROLE", "principalId": "$everyone", "permission": "DENY" },
                { "principalType": "ROLE", "principalId": "$authenticated", "permission": "ALLOW", "accessType": "READ" },
                { "principalType": "ROLE", "principalId": "$owner", "permission": "ALLOW", "property": "__create__pages" },
                { "principalType": "ROLE", "principalId": "$everyone", "permission": "ALLOW", "property": "create" } ] }
            """#
        let binder = #"""
            { "name": "Binder", "properties": { "text": "string" },
              "relations": { "pages": { "type": "hasMany", "model": "Page", "foreignKey": "notebookId" } },
              "acls": [ { "principalType": "ROLE", "principalId": "$everyone", "permission": "DENY", "property": "__get__pages" } ] }
            """#
        let page = #"""
            { "name": "Page", "properties": { "text": "string", "notebookId": "number" },
              "acls": [ { "principalType": "ROLE", "principalId": "$everyone", "permission": "DENY", "accessType": "READ" } ] }
            """#
        return authApp(
            users: .member(), models: ["notebook.json": notebook, "binder.json": binder, "page.json": page],
            modelConfig: ["Notebook", "Binder", "Page"].map { ($0, #"{ "dataSource": "db" }"#) })
    }

    static func prepare(_ client: Client) async throws -> (ann: Session, bob: Session) {
        let ann = try await client.register("ann", users: .member())
        let bob = try await client.register("bob", users: .member())
        try await client.seed([#"{"text":"ann's notebook","userId":1}"#], at: "/api/Notebooks")
        try await client.seed([#"{"text":"binder"}"#], at: "/api/Binders")
        try await client.seed([#"{"text":"p1","notebookId":1}"#], at: "/api/Pages")
        return (ann, bob)
    }

    @Test("READ relation methods follow the source model's READ rule, not the target's", arguments: TestConnector.allCases)
    func readThroughRelation(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (_, bob) = try await Self.prepare(client)
            let pages = try await client.get("/api/Notebooks/1/pages", as: bob)
            #expect(pages.json == [["text": "p1", "notebookId": 1, "id": 1]], "\(pages.text)")
            #expect(try await client.get("/api/Notebooks/1/pages/count", as: bob).json == ["count": 1])
            #expect(try await client.get("/api/Notebooks/1/pages/1", as: bob).json?["text"] == "p1")
            expectUnauthorized(try await client.get("/api/Pages", as: bob))
            expectUnauthorized(try await client.get("/api/Pages/1", as: bob))
            expectUnauthorized(try await client.get("/api/Notebooks/1/pages", as: nil))
            expectUnauthorized(try await client.get("/api/Notebooks/1/pages/count", as: nil))
        }
    }

    @Test("WRITE relation methods: only what the source model allows ($owner __create__pages)", arguments: TestConnector.allCases)
    func writeThroughRelation(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client)
            expectUnauthorized(try await client.post("/api/Notebooks/1/pages", #"{"text":"by bob"}"#, as: bob))
            expectUnauthorized(try await client.post("/api/Notebooks/1/pages", #"{"text":"anonymous"}"#, as: nil))
            let created = try await client.post("/api/Notebooks/1/pages", #"{"text":"by ann"}"#, as: ann)
            #expect(created.json == ["text": "by ann", "notebookId": 1, "id": 2], "\(created.text)")
            expectUnauthorized(try await client.put("/api/Notebooks/1/pages/1", #"{"text":"x"}"#, as: ann), "__updateById__pages")
            expectUnauthorized(try await client.delete("/api/Notebooks/1/pages/1", as: ann), "__destroyById__pages")
            expectUnauthorized(try await client.delete("/api/Notebooks/1/pages", as: ann), "__delete__pages")
            #expect(try await client.get("/api/Notebooks/1/pages/count", as: bob).json == ["count": 2])
        }
    }

    @Test("A rule naming a relation method (__get__pages) applies to that route only", arguments: TestConnector.allCases)
    func namedRelationMethod(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, _) = try await Self.prepare(client)
            for session in [nil, ann] {
                expectUnauthorized(try await client.get("/api/Binders/1/pages", as: session))
                #expect(try await client.get("/api/Binders/1/pages/count", as: session).json == ["count": 1])
                #expect(try await client.get("/api/Binders/1", as: session).json == ["text": "binder", "id": 1])
            }
        }
    }

    @Test("The belongsTo route to a user never shows the password", arguments: TestConnector.allCases)
    func relatedUser(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client)
            for session in [ann, bob] {
                let reply = try await client.get("/api/Notebooks/1/user", as: session)
                expectNoSecrets(reply, "\(session)")
            }
            expectUnauthorized(try await client.get("/api/Notebooks/1/user", as: nil))
        }
    }
}
