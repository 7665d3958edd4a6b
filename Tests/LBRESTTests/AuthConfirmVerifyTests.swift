import LBCore
import Testing

/// Email confirmation and verification (auth-and-acl.md §3.2 `confirm`, `prototype.verify`; §3.4;
/// §3.1 `emailVerificationRequired`; 5xx bodies per rest-api.md §5.1). A verification token can
/// only be read or planted through storage, so the successful confirmations run on SQLite with a
/// `UserRow` model sharing the user table.
@Suite("Auth: confirm and verify")
struct AuthConfirmVerifyTests {
    @Test("confirm: wrong token 400 INVALID_TOKEN; unknown uid 404 USER_NOT_FOUND; missing arguments 400", arguments: TestConnector.allCases)
    func confirmErrors(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            try await client.signUp("ann")
            expectReply(
                try await client.get("/api/Users/confirm?uid=1&token=abc"), 400, errorBody(400, "Invalid token: abc", code: "INVALID_TOKEN"))
            expectReply(
                try await client.get("/api/Users/confirm?uid=7&token=abc"), 404, errorBody(404, "User not found: 7", code: "USER_NOT_FOUND"))
            expectReply(try await client.get("/api/Users/confirm?uid=1"), 400, errorBody(400, "token is a required argument"))
            expectReply(try await client.get("/api/Users/confirm?token=abc"), 400, errorBody(400, "uid is a required argument"))
            let ann = try await client.logIn("ann")
            #expect(try await client.get("/api/Users/1", as: ann).json?["emailVerified"] != true)
        }
    }

    @Test("confirm with the stored token: 204, emailVerified true, the token is cleared")
    func confirm() async throws {
        try await withServer(authAppWithRows(), connector: .sqlite) { client in
            try await client.signUp("ann")
            #expect(try await client.patch("/api/UserRows/1", #"{"verificationToken":"tok-123"}"#).status == 200)
            expectNoBody(try await client.get("/api/Users/confirm?uid=1&token=tok-123"), 204)
            let ann = try await client.logIn("ann")
            #expect(try await client.get("/api/Users/1", as: ann).json?["emailVerified"] == true)
            let row = try await client.get("/api/UserRows/1")
            #expect(row.json?["verificationToken"] == nil || row.json?["verificationToken"] == .null, "\(row.text)")
            #expect(row.json?["emailVerified"] == true)
            expectReply(
                try await client.get("/api/Users/confirm?uid=1&token=tok-123"), 400,
                errorBody(400, "Invalid token: tok-123", code: "INVALID_TOKEN"))
        }
    }

    @Test("confirm with redirect: 302 and Location")
    func confirmRedirect() async throws {
        try await withServer(authAppWithRows(), connector: .sqlite) { client in
            try await client.signUp("ann")
            #expect(try await client.patch("/api/UserRows/1", #"{"verificationToken":"tok-456"}"#).status == 200)
            let reply = try await client.get("/api/Users/confirm?uid=1&token=tok-456&redirect=" + enc("/welcome?from=mail"))
            #expect(reply.status == 302, "\(reply.text)")
            #expect(reply.header("Location") == "/welcome?from=mail")
            #expect(try await client.get("/api/UserRows/1").json?["emailVerified"] == true)
        }
    }

    @Test("emailVerificationRequired: login refused until confirmed, then allowed")
    func verificationRequiredFlow() async throws {
        let users = AuthUsers.member(settings: #""emailVerificationRequired": true"#)
        try await withServer(authAppWithRows(users: users), connector: .sqlite) { client in
            try await client.signUp("ann", users: users)
            let body = #"{"email":"ann@example.com","password":"s3cret-pass"}"#
            #expect(try await client.post("/api/Members/login", body).error("code") == "LOGIN_FAILED_EMAIL_NOT_VERIFIED")
            #expect(try await client.patch("/api/UserRows/1", #"{"verificationToken":"tok-789"}"#).status == 200)
            expectNoBody(try await client.get("/api/Members/confirm?uid=1&token=tok-789"), 204)
            expectToken(try await client.post("/api/Members/login", body), userId: 1)
        }
    }

    @Test("verify without a mail datasource: 500 (message in debug mode, reason phrase in production)", arguments: TestConnector.allCases)
    func verifyWithoutMail(connector: TestConnector) async throws {
        try await withServer(authApp(debug: true), connector: connector) { client in
            try await client.signUp("ann")
            let reply = try await client.request(.post, "/api/Users/1/verify")
            expectDebugError(reply, 500, "You must connect the Email Model to a Mail connector")
        }
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            expectReply(try await client.request(.post, "/api/Users/1/verify"), 500, internalServerErrorBody)
            expectReply(try await client.send(.post, "/api/Users/1/verify", as: ann), 500, internalServerErrorBody)
            // An unknown user: the instance lookup fails after the ($everyone) ACL check.
            expectReply(
                try await client.request(.post, "/api/Users/99/verify"), 404,
                errorBody(404, "could not find a model with id 99", code: "MODEL_NOT_FOUND"))
        }
    }
}
