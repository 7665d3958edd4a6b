import LBCore
import Testing

/// `$owner` (auth-and-acl.md §6.3 `isOwner`: a `userId` or `owner` property, else the first
/// belongsTo to a user model, or `ownerRelations`; a missing record is "not owned", rest-api.md
/// §1.5) and lbrun's choice for pitfall §8.3: the record id comes from the URL path only, so
/// `?id=` or a body `id` on a static method never makes the caller an owner.
@Suite("Auth: $owner")
struct AuthACLOwnerTests {
    static let ownerOnly = rules(rule("$everyone", "DENY"), rule("$owner", "ALLOW"))
    static let ownerOnlyWithSeed = rules(rule("$everyone", "DENY"), rule("$owner", "ALLOW"), rule("$everyone", "ALLOW", property: #""create""#))

    static func twoAuthors(_ name: String, settings: String = "") -> String {
        let more = settings.isEmpty ? "" : settings + ", "
        return """
            { "name": "\(name)", "plural": "\(name)s", \(more)"properties": { "text": "string" },
              "relations": {
                "author": { "type": "belongsTo", "model": "Member", "foreignKey": "authorId" },
                "editor": { "type": "belongsTo", "model": "Member", "foreignKey": "editorId" } },
              "acls": \(ownerOnlyWithSeed) }
            """
    }

    static func app() -> [String: String] {
        let models = [
            "note.json": ownedModel("Note", acls: ownerOnlyWithSeed),
            "draft.json": twoAuthors("Draft"),
            "review.json": twoAuthors("Review", settings: #""ownerRelations": ["editor"]"#),
            "audit.json": twoAuthors("Audit", settings: #""ownerRelations": true"#),
            "memo.json": #"{ "name": "Memo", "plural": "Memos", "properties": { "text": "string", "owner": "number" }, "acls": \#(ownerOnlyWithSeed) }"#,
        ]
        let entries = ["Note", "Draft", "Review", "Audit", "Memo"].map { ($0, #"{ "dataSource": "db" }"#) }
        return authApp(users: .member(), models: models, modelConfig: entries)
    }

    @Test("The owner (userId) may read, write and delete the record; others and anonymous get 401; a missing record is 401", arguments: TestConnector.allCases)
    func owner(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let ann = try await client.register("ann", users: .member())
            let bob = try await client.register("bob", users: .member())
            try await client.seed([#"{"text":"ann's","userId":1}"#, #"{"text":"bob's","userId":2}"#], at: "/api/Notes")
            #expect(try await client.get("/api/Notes/1", as: ann).json == ["text": "ann's", "id": 1, "userId": 1])
            #expect(try await client.get("/api/Notes/2", as: bob).json == ["text": "bob's", "id": 2, "userId": 2])
            #expect(try await client.get("/api/Notes/1/exists", as: ann).json == ["exists": true])
            #expect(try await client.patch("/api/Notes/1", #"{"text":"edited"}"#, as: ann).json?["text"] == "edited")
            #expect(try await client.put("/api/Notes/1", #"{"text":"replaced","userId":1}"#, as: ann).json?["text"] == "replaced")
            for (session, path) in [(bob, "/api/Notes/1"), (ann, "/api/Notes/2"), (nil, "/api/Notes/1")] as [(Session?, String)] {
                let who = session?.name ?? "anonymous"
                expectUnauthorized(try await client.get(path, as: session), "GET \(path) \(who)")
                expectUnauthorized(try await client.patch(path, #"{"text":"x"}"#, as: session), "PATCH \(path) \(who)")
                expectUnauthorized(try await client.put(path, #"{"text":"x"}"#, as: session), "PUT \(path) \(who)")
                expectUnauthorized(try await client.delete(path, as: session), "DELETE \(path) \(who)")
            }
            expectUnauthorized(try await client.get("/api/Notes/99", as: ann))
            expectUnauthorized(try await client.get("/api/Notes", as: ann), "find has no id: $owner never applies")
            #expect(try await client.delete("/api/Notes/1", as: ann).json == ["count": 1])
            #expect(try await client.get("/api/Notes/2", as: bob).json?["text"] == "bob's")
        }
    }

    @Test("?id= and a body id on static methods do not make the caller an owner", arguments: TestConnector.allCases)
    func idOutsideThePath(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let ann = try await client.register("ann", users: .member())
            try await client.seed([#"{"text":"ann's","userId":1}"#], at: "/api/Notes")
            expectAllowed(try await client.get("/api/Notes/1", as: ann))
            expectUnauthorized(try await client.get("/api/Notes?id=1", as: ann), "find ?id=")
            expectUnauthorized(try await client.get("/api/Notes/findOne?id=1", as: ann), "findOne ?id=")
            expectUnauthorized(try await client.get("/api/Notes/count?id=1", as: ann), "count ?id=")
            expectUnauthorized(try await client.patch("/api/Notes", #"{"id":1,"text":"x"}"#, as: ann), "patchOrCreate body id")
            expectUnauthorized(try await client.patch("/api/Notes?id=1", #"{"id":1,"text":"x"}"#, as: ann), "patchOrCreate ?id=")
            expectUnauthorized(try await client.put("/api/Notes", #"{"id":1,"text":"x","userId":1}"#, as: ann), "replaceOrCreate body id")
            expectUnauthorized(
                try await client.post("/api/Notes/update?id=1&where=" + enc(#"{"id":1}"#), #"{"text":"x"}"#, as: ann), "updateAll ?id=")
            expectUnauthorized(
                try await client.post("/api/Notes/upsertWithWhere?id=1&where=" + enc(#"{"id":1}"#), #"{"text":"x"}"#, as: ann),
                "upsertWithWhere ?id=")
            #expect(try await client.get("/api/Notes/1", as: ann).json?["text"] == "ann's")
        }
    }

    @Test("Without userId: the first belongsTo to a user model; ownerRelations names the relations (or all); an owner property", arguments: TestConnector.allCases)
    func ownerSources(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let ann = try await client.register("ann", users: .member())
            let bob = try await client.register("bob", users: .member())
            let carl = try await client.register("carl", users: .member())
            for model in ["Drafts", "Reviews", "Audits"] {
                try await client.seed([#"{"text":"t","authorId":1,"editorId":2}"#], at: "/api/" + model)
            }
            try await client.seed([#"{"text":"t","owner":1}"#], at: "/api/Memos")
            expectAllowed(try await client.get("/api/Drafts/1", as: ann), "Draft: author (first belongsTo)")
            expectUnauthorized(try await client.get("/api/Drafts/1", as: bob), "Draft: editor")
            expectAllowed(try await client.get("/api/Reviews/1", as: bob), "Review: editor (ownerRelations)")
            expectUnauthorized(try await client.get("/api/Reviews/1", as: ann), "Review: author")
            expectAllowed(try await client.get("/api/Audits/1", as: ann), "Audit: author (ownerRelations true)")
            expectAllowed(try await client.get("/api/Audits/1", as: bob), "Audit: editor (ownerRelations true)")
            expectUnauthorized(try await client.get("/api/Audits/1", as: carl), "Audit: neither")
            expectAllowed(try await client.get("/api/Memos/1", as: ann), "Memo: owner property")
            expectUnauthorized(try await client.get("/api/Memos/1", as: bob), "Memo: not the owner")
        }
    }

    @Test("On the user model itself, $owner compares the path id with the caller's id", arguments: TestConnector.allCases)
    func userModel(connector: TestConnector) async throws {
        let app = authApp(users: .member(settings: #""acls": \#(Self.ownerOnly)"#))
        try await withServer(app, connector: connector) { client in
            let ann = try await client.register("ann", users: .member())
            let bob = try await client.register("bob", users: .member())
            expectAllowed(try await client.get("/api/Members/1/exists", as: ann))
            expectUnauthorized(try await client.get("/api/Members/2/exists", as: ann))
            expectAllowed(try await client.get("/api/Members/2", as: bob))
            expectUnauthorized(try await client.get("/api/Members?id=2", as: bob))
        }
    }
}
