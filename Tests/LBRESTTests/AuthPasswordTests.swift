import LBCore
import Testing

/// Password endpoints (auth-and-acl.md §3.2 `changePassword`, `resetPassword`, `setPassword`; §3.3
/// token revocation after a password change; §3.1 password rules; §3.1 settings
/// `restrictResetPasswordTokenScope`, `rejectPasswordChangesViaPatchOrReplace`).
@Suite("Auth: change, reset and set password")
struct AuthPasswordTests {
    @Test("change-password: 204; the old password stops working, other tokens are revoked, the caller's is kept", arguments: TestConnector.allCases)
    func changePassword(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let caller = try await client.register("ann")
            let other = try await client.logIn("ann")
            let bob = try await client.register("bob")
            let reply = try await client.post("/api/Users/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"n3w-pass"}"#, as: caller)
            expectNoBody(reply, 204)
            expectReply(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), 401, loginFailed)
            expectToken(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"n3w-pass"}"#), userId: 1)
            expectAllowed(try await client.get("/api/Users/1", as: caller))
            expectUnauthorized(try await client.get("/api/Users/1", as: other))
            // Another user's tokens are untouched.
            expectAllowed(try await client.get("/api/Users/2", as: bob))
        }
    }

    @Test("change-password: wrong old password 400 INVALID_PASSWORD; no token 401; bad new password 422; missing argument 400", arguments: TestConnector.allCases)
    func changePasswordErrors(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            expectReply(
                try await client.post("/api/Users/change-password", #"{"oldPassword":"wrong-pass","newPassword":"n3w-pass"}"#, as: ann), 400,
                errorBody(400, "Invalid current password", code: "INVALID_PASSWORD"))
            expectUnauthorized(try await client.post("/api/Users/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"n3w-pass"}"#))
            let long = String(repeating: "p", count: 73)
            expectReply(
                try await client.post("/api/Users/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"\#(long)"}"#, as: ann), 422,
                errorBody(422, "The password entered was too long. Max length is 72 (entered 73)", code: "PASSWORD_TOO_LONG"))
            expectReply(
                try await client.post("/api/Users/change-password", #"{"oldPassword":"s3cret-pass"}"#, as: ann), 400,
                errorBody(400, "newPassword is a required argument"))
            // Nothing changed.
            expectToken(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), userId: 1)
            expectAllowed(try await client.get("/api/Users/1", as: ann))
        }
    }

    @Test("reset: 204 for a known email; 404 EMAIL_NOT_FOUND; 400 EMAIL_REQUIRED; the password is unchanged", arguments: TestConnector.allCases)
    func reset(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            expectNoBody(try await client.post("/api/Users/reset", #"{"email":"ann@example.com"}"#), 204)
            expectReply(
                try await client.post("/api/Users/reset", #"{"email":"nobody@example.com"}"#), 404,
                errorBody(404, "Email not found", code: "EMAIL_NOT_FOUND"))
            let required = errorBody(400, "Email is required", code: "EMAIL_REQUIRED")
            expectReply(try await client.post("/api/Users/reset", "{}"), 400, required)
            expectReply(try await client.post("/api/Users/reset", #"{"email":42}"#), 400, required)
            // A logged-in caller may ask too.
            expectNoBody(try await client.post("/api/Users/reset", #"{"email":"ann@example.com"}"#, as: ann), 204)
            expectToken(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), userId: 1)
            expectAllowed(try await client.get("/api/Users/1", as: ann))
        }
    }

    @Test("reset-password with a token: 204, the new password works, the old one does not; without a token 401", arguments: TestConnector.allCases)
    func setPassword(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            expectUnauthorized(try await client.post("/api/Users/reset-password", #"{"newPassword":"n3w-pass"}"#))
            expectNoBody(try await client.post("/api/Users/reset-password", #"{"newPassword":"n3w-pass"}"#, as: ann), 204)
            expectReply(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), 401, loginFailed)
            expectToken(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"n3w-pass"}"#), userId: 1)
            let long = String(repeating: "p", count: 73)
            expectReply(
                try await client.post("/api/Users/reset-password", #"{"newPassword":"\#(long)"}"#, as: ann), 422,
                errorBody(422, "The password entered was too long. Max length is 72 (entered 73)", code: "PASSWORD_TOO_LONG"))
        }
    }

    @Test("restrictResetPasswordTokenScope: a login token cannot call reset-password", arguments: TestConnector.allCases)
    func restrictedResetScope(connector: TestConnector) async throws {
        let users = AuthUsers.member(settings: #""restrictResetPasswordTokenScope": true"#)
        try await withServer(authApp(users: users), connector: connector) { client in
            let ann = try await client.register("ann", users: users)
            expectUnauthorized(try await client.post("/api/Members/reset-password", #"{"newPassword":"n3w-pass"}"#, as: ann))
            expectToken(try await client.post("/api/Members/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), userId: 1)
            // The token still works where the DEFAULT scope is enough.
            expectAllowed(try await client.get("/api/Members/1", as: ann))
        }
    }

    @Test("PATCH with a password hashes it and revokes the owner's other tokens", arguments: TestConnector.allCases)
    func patchPassword(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let caller = try await client.register("ann")
            let other = try await client.logIn("ann")
            let reply = try await client.patch("/api/Users/1", #"{"password":"patched-pass"}"#, as: caller)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(userView(reply.json) == userJSON("ann", id: 1))
            expectNoSecrets(reply, plaintexts: ["patched-pass", defaultPassword])
            expectToken(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"patched-pass"}"#), userId: 1)
            expectReply(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), 401, loginFailed)
            expectAllowed(try await client.get("/api/Users/1", as: caller))
            expectUnauthorized(try await client.get("/api/Users/1", as: other))
        }
    }

    @Test("rejectPasswordChangesViaPatchOrReplace: PATCH/PUT with a password 401 PASSWORD_CHANGE_NOT_ALLOWED", arguments: TestConnector.allCases)
    func rejectPatchPassword(connector: TestConnector) async throws {
        let users = AuthUsers.member(settings: #""rejectPasswordChangesViaPatchOrReplace": true"#)
        try await withServer(authApp(users: users), connector: connector) { client in
            let ann = try await client.register("ann", users: users)
            let refused = errorBody(
                401, "Changing user password via patch/replace API is not allowed. Use changePassword() or setPassword() instead.",
                code: "PASSWORD_CHANGE_NOT_ALLOWED")
            expectReply(try await client.patch("/api/Members/1", #"{"password":"patched-pass"}"#, as: ann), 401, refused)
            expectReply(
                try await client.put("/api/Members/1", #"{"email":"ann@example.com","password":"patched-pass"}"#, as: ann), 401, refused)
            expectToken(try await client.post("/api/Members/login", #"{"email":"ann@example.com","password":"s3cret-pass"}"#), userId: 1)
            // Other properties still change.
            #expect(try await client.patch("/api/Members/1", #"{"username":"annie"}"#, as: ann).json?["username"] == "annie")
            expectNoBody(
                try await client.post("/api/Members/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"n3w-pass"}"#, as: ann), 204)
        }
    }
}
