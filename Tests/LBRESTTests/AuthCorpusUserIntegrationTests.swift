import LBCore
import LBTesting
import Testing

/// The corpus fixture strongloop/loopback test/fixtures/user-integration-app served as-is (its `db`
/// on the test's connector, `mail` with the STUB transport as shipped), against the corpus README
/// section "strongloop__loopback/test/fixtures/user-integration-app": the built-in `User` with
/// relations and ACLs added in model-config.json, the `myUser` subclass, `Post` and `blog`
/// (auth-and-acl.md §3.2, §6.2 static rules incl. model-config `acls`, §6.3 `$owner`; hidden
/// properties of included users, §3.1; `accessTokens` has `disableInclude`).
@Suite("Auth: corpus user-integration-app fixture", .enabled(if: Repository.corpus != nil, "../shared/corpus is not present"))
struct AuthCorpusUserIntegrationTests {
    static func app() throws -> [String: String] {
        try lbFixture(
            "user-integration-app",
            extra: ["server/datasources.local.json": #"{ "mail": { "name": "mail", "connector": "mail", "transports": [{ "type": "STUB" }] } }"#])
    }

    /// Signs up and logs in `name` at `base` (`/api/users` or `/api/myUsers`).
    static func user(_ client: Client, _ base: String, _ name: String) async throws -> Session {
        let created = try await client.post(base, #"{"email":"\#(name)@example.com","password":"s3cret-pass"}"#)
        #expect(created.status == 200, "\(created.text)")
        #expect(created.json?["id"]?.numberValue != nil, "\(created.text)")
        expectNoSecrets(created)
        let login = try await client.post(base + "/login", #"{"email":"\#(name)@example.com","password":"s3cret-pass"}"#)
        #expect(login.status == 200, "\(login.text)")
        #expect(isTokenId(login.json?["id"]?.stringValue), "\(login.text)")
        return Session(id: login.json?["userId"]?.numberValue.map { Int($0) } ?? -1, token: login.json?["id"]?.stringValue ?? "", name: name)
    }

    @Test("User: sign up, log in, create posts as the owner, include the user on posts, patch, logout and change-password rules", arguments: TestConnector.allCases)
    func users(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            let ann = try await Self.user(client, "/api/users", "ann")
            let bob = try await Self.user(client, "/api/users", "bob")
            let post = try await client.post("/api/users/\(ann.id)/posts", #"{"title":"T","content":"C"}"#, as: ann)
            #expect(post.status == 200, "\(post.text)")
            #expect(post.json?["userId"] == .number(Double(ann.id)))
            #expect(post.json?["title"] == "T")
            expectDenied(try await client.post("/api/users/\(ann.id)/posts", #"{"title":"X"}"#, as: bob), "bob on ann's posts")
            expectDenied(try await client.post("/api/users/\(ann.id)/posts", #"{"title":"X"}"#, as: nil), "anonymous on ann's posts")
            let posts = try await client.get("/api/posts?filter=" + enc(#"{"include":"user"}"#))
            #expect(posts.status == 200, "\(posts.text)")
            let first = posts.json?.arrayValue?.first
            #expect(posts.json?.arrayValue?.count == 1)
            #expect(first?["user"]?["email"] == "ann@example.com", "\(posts.text)")
            #expect(first?["user"]?["accessTokens"] == nil)
            expectNoSecrets(posts)
            #expect(ann.token.isEmpty || !posts.text.contains(ann.token))
            let patched = try await client.patch("/api/users/\(ann.id)", #"{"username":"ann"}"#, as: ann)
            #expect(patched.status == 200, "\(patched.text)")
            expectNoSecrets(patched)
            expectDenied(try await client.patch("/api/users/\(ann.id)", #"{"username":"x"}"#, as: bob), "bob patches ann")
            let noToken = try await client.request(.post, "/api/users/logout")
            #expect(noToken.status == 401, "\(noToken.text)")
            let badToken = try await client.request(.post, "/api/users/logout", headers: [.authorization: "invalid-token"])
            #expect(badToken.status == 401, "\(badToken.text)")
            expectDenied(try await client.post("/api/users/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"n3w-pass"}"#), "change-password")
            expectNoBody(try await client.send(.post, "/api/users/logout", as: ann), 204)
        }
    }

    @Test("myUser and blog: the same flows on the subclass", arguments: TestConnector.allCases)
    func myUsers(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            let mary = try await Self.user(client, "/api/myUsers", "mary")
            let nick = try await Self.user(client, "/api/myUsers", "nick")
            let blog = try await client.post("/api/myUsers/\(mary.id)/blogs", #"{"title":"B","content":"C"}"#, as: mary)
            #expect(blog.status == 200, "\(blog.text)")
            #expect(blog.json?["userId"] == .number(Double(mary.id)))
            expectDenied(try await client.post("/api/myUsers/\(mary.id)/blogs", #"{"title":"X"}"#, as: nick), "nick on mary's blogs")
            let blogs = try await client.get("/api/blogs?filter=" + enc(#"{"include":"user"}"#))
            #expect(blogs.status == 200, "\(blogs.text)")
            #expect(blogs.json?.arrayValue?.first?["user"]?["email"] == "mary@example.com", "\(blogs.text)")
            expectNoSecrets(blogs)
            #expect(try await client.patch("/api/myUsers/\(mary.id)", #"{"username":"mary"}"#, as: mary).status == 200)
            expectDenied(try await client.get("/api/myUsers/\(mary.id)", as: nick), "nick reads mary")
            expectDenied(try await client.get("/api/myUsers", as: mary), "find")
            #expect(try await client.request(.post, "/api/myUsers/logout").status == 401)
            expectDenied(try await client.post("/api/myUsers/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"n3w-pass"}"#), "change-password")
            expectNoBody(try await client.post("/api/myUsers/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"n3w-pass"}"#, as: mary), 204)
            #expect(try await client.post("/api/myUsers/login", #"{"email":"mary@example.com","password":"n3w-pass"}"#).status == 200)
        }
    }
}
