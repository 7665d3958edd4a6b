import Foundation
import LBCore
import Testing

/// Security properties of the auth layer (auth-and-acl.md §3.1 hidden `password` and
/// `verificationToken`, `disableInclude` on `accessTokens`; §3.2 one `login failed` answer; §6.3
/// `$owner` isolation between users; §8 hardening): nothing secret in any response of a full
/// flow, no user enumeration through login, one user's token is useless on another's records,
/// and a thousand failed logins leave the server working.
@Suite("Auth: security")
struct AuthSecurityTests {
    static func app() -> [String: String] {
        let note = ownedModel(
            "Note", acls: rules(rule("$everyone", "DENY"), rule("$owner", "ALLOW"), rule("$authenticated", "ALLOW", property: #""create""#), rule("$authenticated", "ALLOW", property: #""find""#)),
            user: "User")
        return authApp(models: ["note.json": note], modelConfig: [("Note", #"{ "dataSource": "db" }"#)])
    }

    @Test("No password, hash or verification token in any response of a whole flow", arguments: TestConnector.allCases)
    func noSecretsInAnyResponse(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            var replies: [(String, Reply)] = []
            func record(_ label: String, _ reply: Reply) { replies.append((label, reply)) }
            record("create", try await client.post("/api/Users", #"{"username":"ann","email":"ann@example.com","password":"s3cret-pass","verificationToken":"vt-secret"}"#))
            record("create bob", try await client.post("/api/Users", #"{"username":"bob","email":"bob@example.com","password":"s3cret-pass"}"#))
            let login = try await client.post("/api/Users/login?include=user", #"{"email":"ann@example.com","password":"s3cret-pass"}"#)
            record("login include=user", login)
            let ann = Session(id: 1, token: login.json?["id"]?.stringValue ?? "", name: "ann")
            let token = ann.token
            record("findById", try await client.get("/api/Users/1", as: ann))
            record("findById fields", try await client.get("/api/Users/1?filter=" + enc(#"{"fields":["password","verificationToken","email"]}"#), as: ann))
            record("findById include accessTokens", try await client.get("/api/Users/1?filter=" + enc(#"{"include":"accessTokens"}"#), as: ann))
            record("accessTokens", try await client.get("/api/Users/1/accessTokens", as: ann))
            record("patch", try await client.patch("/api/Users/1", #"{"username":"annie"}"#, as: ann))
            record("note create", try await client.post("/api/Notes", #"{"text":"n","userId":1}"#, as: ann))
            record("notes include user", try await client.get("/api/Notes?filter=" + enc(#"{"include":"user"}"#), as: ann))
            record("note include user", try await client.get("/api/Notes/1?filter=" + enc(#"{"include":"user"}"#), as: ann))
            record("note user", try await client.get("/api/Notes/1/user", as: ann))
            record("notes include user fields password", try await client.get("/api/Notes?filter=" + enc(#"{"include":{"relation":"user","scope":{"fields":["password"]}}}"#), as: ann))
            record("duplicate email", try await client.post("/api/Users", #"{"email":"ann@example.com","password":"s3cret-pass"}"#))
            record("too long", try await client.post("/api/Users", #"{"email":"x@example.com","password":"s3cret-pass\#(String(repeating: "!", count: 70))"}"#))
            record("wrong password", try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pasS"}"#))
            record("change-password wrong", try await client.post("/api/Users/change-password", #"{"oldPassword":"s3cret-pasS","newPassword":"n3w-pass"}"#, as: ann))
            record("change-password", try await client.post("/api/Users/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"n3w-pass"}"#, as: ann))
            record("replace", try await client.put("/api/Users/1", #"{"username":"ann","email":"ann@example.com","password":"n3w-pass"}"#, as: ann))
            record("confirm", try await client.get("/api/Users/confirm?uid=1&token=wrong"))
            record("reset", try await client.post("/api/Users/reset", #"{"email":"ann@example.com"}"#))
            record("find denied", try await client.get("/api/Users", as: ann))
            let statuses: [String: Int] = [
                "create": 200, "create bob": 200, "login include=user": 200, "findById": 200, "accessTokens": 401,
                "patch": 200, "note create": 200, "notes include user": 200, "note include user": 200, "note user": 200,
                "duplicate email": 422, "too long": 422, "wrong password": 401, "change-password wrong": 400, "change-password": 204,
                "replace": 200, "confirm": 400, "reset": 204, "find denied": 401,
            ]
            for (label, reply) in replies {
                #expect(reply.status < 500, "\(label): \(reply.text)")
                if let status = statuses[label] { #expect(reply.status == status, "\(label): \(reply.text)") }
                expectNoSecrets(reply, plaintexts: [defaultPassword, "n3w-pass", "vt-secret"], label)
            }
            #expect(isTokenId(token), "login: \(login.text)")
            for (label, reply) in replies where label != "login include=user" && !token.isEmpty {
                #expect(!reply.text.contains(token), "\(label) shows the access token: \(reply.text)")
            }
            let included = replies.first { $0.0 == "notes include user" }?.1
            #expect(included?.json?.arrayValue?.first?["user"]?["email"] == "ann@example.com", "\(included?.text ?? "")")
        }
    }

    @Test("Login does not reveal whether a user exists: the same status, body and content type", arguments: TestConnector.allCases)
    func noEnumeration(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            try await client.signUp("ann")
            let pairs = [
                (#"{"email":"ann@example.com","password":"wrong-pass"}"#, #"{"email":"zed@example.com","password":"wrong-pass"}"#),
                (#"{"username":"ann","password":"wrong-pass"}"#, #"{"username":"zed","password":"wrong-pass"}"#),
            ]
            for (existing, unknown) in pairs {
                let wrong = try await client.post("/api/Users/login", existing)
                let missing = try await client.post("/api/Users/login", unknown)
                expectReply(wrong, 401, loginFailed, existing)
                expectReply(missing, 401, loginFailed, unknown)
                #expect(wrong.text == missing.text)
                #expect(wrong.header("Content-Type") == missing.header("Content-Type"))
            }
        }
    }

    @Test("One user's token cannot read, change or delete another user's owner-protected records", arguments: TestConnector.allCases)
    func crossUser(connector: TestConnector) async throws {
        try await withServer(Self.app(), connector: connector) { client in
            let ann = try await client.register("ann")
            let bob = try await client.register("bob")
            #expect(try await client.post("/api/Notes", #"{"text":"bob's secret","userId":2}"#, as: bob).status == 200)
            for path in ["/api/Users/2", "/api/Notes/1"] {
                expectUnauthorized(try await client.get(path, as: ann), "GET \(path)")
                expectUnauthorized(try await client.patch(path, #"{"text":"hacked","username":"hacked"}"#, as: ann), "PATCH \(path)")
                expectUnauthorized(try await client.put(path, #"{"text":"hacked","email":"hack@example.com","password":"hacked-pass"}"#, as: ann), "PUT \(path)")
                expectUnauthorized(try await client.post(path + "/replace", #"{"text":"hacked","email":"hack@example.com","password":"hacked-pass"}"#, as: ann), "replace \(path)")
                expectUnauthorized(try await client.delete(path, as: ann), "DELETE \(path)")
            }
            // change-password acts on the caller only (both started with the same password).
            expectNoBody(
                try await client.post("/api/Users/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"hacked-pass"}"#, as: ann), 204)
            expectReply(try await client.post("/api/Users/login", #"{"email":"bob@example.com","password":"hacked-pass"}"#), 401, loginFailed)
            // Everything of bob's is intact.
            #expect(userView(try await client.get("/api/Users/2", as: bob).json) == userJSON("bob", id: 2))
            #expect(try await client.get("/api/Notes/1", as: bob).json == ["text": "bob's secret", "id": 1, "userId": 2])
            expectToken(try await client.post("/api/Users/login", #"{"email":"bob@example.com","password":"s3cret-pass"}"#), userId: 2)
            expectUnauthorized(try await client.get("/api/Notes/1/exists", as: ann))
        }
    }

    @Test("1,000 failed logins (4 at a time) leave the server healthy", .timeLimit(.minutes(10)), arguments: TestConnector.allCases)
    func failedLoginFlood(connector: TestConnector) async throws {
        let app = authApp(
            users: .member(), models: ["note.json": #"{ "name": "Note", "properties": { "text": "string" } }"#],
            modelConfig: [("Note", #"{ "dataSource": "db" }"#)])
        try await withServer(app, connector: connector) { client in
            let ann = try await client.register("ann", users: .member())
            let outcomes = try await withThrowingTaskGroup(of: [String: Int].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var seen: [String: Int] = [:]
                        for attempt in 0..<250 {
                            let body =
                                attempt % 100 == 0
                                ? #"{"email":"nobody\#(worker)-\#(attempt)@example.com","password":"guess-\#(attempt)"}"#
                                : #"{"email":"ann@example.com","password":"guess-\#(worker)-\#(attempt)"}"#
                            let reply = try await client.post("/api/Members/login", body)
                            seen["\(reply.status) \(reply.json == loginFailed ? "login failed" : reply.text)", default: 0] += 1
                        }
                        return seen
                    }
                }
                var all: [String: Int] = [:]
                for try await seen in group { all.merge(seen, uniquingKeysWith: +) }
                return all
            }
            #expect(outcomes == ["401 login failed": 1000], "\(outcomes)")
            #expect(try await client.post("/api/Notes", #"{"text":"still here"}"#).status == 200)
            #expect(try await client.get("/api/Notes").json == [["text": "still here", "id": 1]])
            expectToken(try await client.post("/api/Members/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), userId: 1)
            expectAllowed(try await client.get("/api/Members/1", as: ann))
        }
    }
}
