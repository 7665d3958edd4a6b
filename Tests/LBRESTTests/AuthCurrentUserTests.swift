import LBCore
import Testing

/// The current-user literal (auth-and-acl.md §2.3, §1 explicit `loopback#token` in middleware.json):
/// with `currentUserLiteral: "me"`, `/me` segments become the caller's user id on any model path;
/// without a valid token such a URL is 401.
@Suite("Auth: currentUserLiteral")
struct AuthCurrentUserTests {
    static func app() -> [String: String] {
        authApp(
            models: ["note.json": #"{ "name": "Note", "properties": { "text": "string" } }"#], modelConfig: [("Note", #"{ "dataSource": "db" }"#)],
            authPhase: #"{ "loopback#token": { "params": { "currentUserLiteral": "me" } } }"#)
    }

    @Test("/Users/me is the caller (GET, PATCH); without a usable token 401", arguments: TestConnector.allCases)
    func me(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let ann = try await client.register("ann")
            let bob = try await client.register("bob")
            let mine = try await client.get("/api/Users/me", as: ann)
            #expect(mine.status == 200, "\(mine.text)")
            #expect(userView(mine.json) == userJSON("ann", id: 1))
            #expect(userView(try await client.get("/api/Users/me", as: bob).json) == userJSON("bob", id: 2))
            let filtered = try await client.get("/api/Users/me?filter=" + enc(#"{"fields":["username"]}"#), as: bob)
            #expect(withoutNulls(filtered.json) == ["username": "bob"], "\(filtered.text)")
            #expect(try await client.patch("/api/Users/me", #"{"username":"annie"}"#, as: ann).json?["username"] == "annie")
            #expect(try await client.get("/api/Users/2", as: bob).json?["username"] == "bob")
            expectUnauthorized(try await client.get("/api/Users/me"))
            expectUnauthorized(try await client.get("/api/Users/me", token: String(repeating: "z", count: 64)))
            expectUnauthorized(try await client.patch("/api/Users/me", #"{"username":"x"}"#, as: nil))
        }
    }

    @Test("The literal is rewritten on any model path", arguments: TestConnector.allCases)
    func otherModels(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            try await client.seed([#"{"text":"first"}"#, #"{"text":"second"}"#], at: "/api/Notes")
            try await client.signUp("ann")
            let bob = try await client.register("bob")
            #expect(try await client.get("/api/Notes/me", as: bob).json == ["text": "second", "id": 2])
            #expect(try await client.get("/api/Notes/me/exists", as: bob).json == ["exists": true])
            expectUnauthorized(try await client.get("/api/Notes/me"))
            // Only whole segments: `/mine` is an ordinary id.
            let mine = try await client.get("/api/Notes/mine", as: bob)
            #expect(mine.status == 404, "\(mine.text)")
        }
    }
}
