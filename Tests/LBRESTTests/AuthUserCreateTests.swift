import LBCore
import Testing

/// `POST /Users` (auth-and-acl.md §3.1, §3.2 `create`): the response hides the password,
/// `emailVerified` is forced to false, and the 422s of the User validations and password rules.
@Suite("Auth: User create")
struct AuthUserCreateTests {
    @Test("Create: 200 with the user, no password; anonymous and logged-in callers may create", arguments: TestConnector.allCases)
    func create(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let created = try await client.post("/api/Users", #"{"username":"ann","email":"ann@example.com","password":"s3cret-pass"}"#)
            #expect(created.status == 200, "\(created.text)")
            #expect(userView(created.json) == userJSON("ann", id: 1))
            #expect(created.json?["password"] == nil)
            expectNoSecrets(created)
            let ann = try await client.logIn("ann")
            let second = try await client.post("/api/Users", #"{"username":"bob","email":"bob@example.com","password":"other-pass"}"#, as: ann)
            #expect(second.status == 200, "\(second.text)")
            #expect(userView(second.json) == userJSON("bob", id: 2))
            expectNoSecrets(second, plaintexts: ["other-pass"])
            let read = try await client.get("/api/Users/1", as: ann)
            #expect(userView(read.json) == userJSON("ann", id: 1))
            expectNoSecrets(read)
        }
    }

    @Test("Create ignores a truthy emailVerified: it is stored as false", arguments: TestConnector.allCases)
    func emailVerifiedForcedFalse(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let created = try await client.post(
                "/api/Users", #"{"email":"ann@example.com","password":"s3cret-pass","username":"ann","emailVerified":true}"#)
            #expect(created.status == 200, "\(created.text)")
            #expect(created.json?["emailVerified"] == false)
            let ann = try await client.logIn("ann")
            #expect(try await client.get("/api/Users/1", as: ann).json?["emailVerified"] == false)
        }
    }

    @Test("Missing email: 422 presence; missing or non-string password: 422 presence", arguments: TestConnector.allCases)
    func requiredProperties(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            expectReply(
                try await client.post("/api/Users", #"{"username":"ann","password":"s3cret-pass"}"#), 422,
                userValidationError(property: "email", code: "presence", message: "can't be blank", value: "undefined"))
            expectReply(
                try await client.post("/api/Users", #"{"email":"ann@example.com"}"#), 422,
                userValidationError(property: "password", code: "presence", message: "can't be blank", value: "undefined"))
            let numeric = try await client.post("/api/Users", #"{"email":"ann@example.com","password":12345678}"#)
            #expect(numeric.status == 422, "\(numeric.text)")
            #expect(numeric.error("name") == "ValidationError")
            #expect(numeric.error("details")?["codes"] == ["password": ["presence"]])
            #expect(try await client.post("/api/Users", #"{"email":"ann@example.com","password":"s3cret-pass"}"#).status == 200)
        }
    }

    @Test("Invalid email: 422 custom.email `is invalid`; TLD-less `ann@com` is accepted", arguments: TestConnector.allCases)
    func emailFormat(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            for email in ["not-an-email", "ann@", "@example.com", "ann example@example.com"] {
                expectReply(
                    try await client.post("/api/Users", #"{"email":"\#(email)","password":"s3cret-pass"}"#), 422,
                    userValidationError(property: "email", code: "custom.email", message: "is invalid", value: "\"\(email)\""), email)
            }
            let tldLess = try await client.post("/api/Users", #"{"email":"ann@com","password":"s3cret-pass"}"#)
            #expect(tldLess.status == 200, "\(tldLess.text)")
            #expect(tldLess.json?["email"] == "ann@com")
        }
    }

    @Test("Duplicate email: 422 `Email already exists`; duplicate username: 422 `User already exists`", arguments: TestConnector.allCases)
    func uniqueness(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            try await client.signUp("ann")
            expectReply(
                try await client.post("/api/Users", #"{"username":"other","email":"ann@example.com","password":"s3cret-pass"}"#), 422,
                userValidationError(property: "email", code: "uniqueness", message: "Email already exists", value: #""ann@example.com""#))
            expectReply(
                try await client.post("/api/Users", #"{"username":"ann","email":"other@example.com","password":"s3cret-pass"}"#), 422,
                userValidationError(property: "username", code: "uniqueness", message: "User already exists", value: #""ann""#))
            // Emails are case-sensitive by default: another case is another email.
            #expect(try await client.post("/api/Users", #"{"email":"ANN@example.com","password":"s3cret-pass"}"#).status == 200)
            // Absent usernames are not checked for uniqueness.
            #expect(try await client.post("/api/Users", #"{"email":"cid@example.com","password":"s3cret-pass"}"#).status == 200)
            #expect(try await client.post("/api/Users", #"{"email":"dan@example.com","password":"s3cret-pass"}"#).status == 200)
            let ann = try await client.logIn("ann")
            #expect(try await client.get("/api/Users/1", as: ann).json?["email"] == "ann@example.com")
        }
    }

    @Test("Empty password: 422 INVALID_PASSWORD; 73 bytes: 422 PASSWORD_TOO_LONG; 72 bytes is fine", arguments: TestConnector.allCases)
    func passwordRules(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            expectReply(
                try await client.post("/api/Users", #"{"email":"ann@example.com","password":""}"#), 422,
                errorBody(422, "Invalid password.", code: "INVALID_PASSWORD"))
            let long = String(repeating: "p", count: 73)
            expectReply(
                try await client.post("/api/Users", #"{"email":"ann@example.com","password":"\#(long)"}"#), 422,
                errorBody(422, "The password entered was too long. Max length is 72 (entered 73)", code: "PASSWORD_TOO_LONG"))
            // 37 × "é" is 37 characters but 74 UTF-8 bytes.
            let wide = try await client.post("/api/Users", #"{"email":"ann@example.com","password":"\#(String(repeating: "é", count: 37))"}"#)
            #expect(wide.status == 422, "\(wide.text)")
            #expect(wide.error("code") == "PASSWORD_TOO_LONG")
            let fits = String(repeating: "p", count: 72)
            let created = try await client.post("/api/Users", #"{"email":"ann@example.com","password":"\#(fits)"}"#)
            #expect(created.status == 200, "\(created.text)")
            #expect(created.json?["id"] == 1, "the refused creates stored nothing")
            expectNoSecrets(created, plaintexts: [fits])
            expectToken(try await client.post("/api/Users/login", #"{"email":"ann@example.com","password":"\#(fits)"}"#), userId: 1)
        }
    }

    @Test("caseSensitiveEmail: false stores the email lower-cased and logs in with any case", arguments: TestConnector.allCases)
    func caseInsensitiveEmail(connector: TestConnector) async throws {
        let users = AuthUsers.member(settings: #""options": { "caseSensitiveEmail": false }"#)
        try await withServer(authApp(users: users), connector: connector) { client in
            let created = try await client.post("/api/Members", #"{"email":"Ann@Example.COM","password":"s3cret-pass"}"#)
            #expect(created.json?["email"] == "ann@example.com", "\(created.text)")
            expectReply(
                try await client.post("/api/Members", #"{"email":"ANN@example.com","password":"s3cret-pass"}"#), 422,
                userValidationError(model: "Member", property: "email", code: "uniqueness", message: "Email already exists", value: #""ann@example.com""#))
            expectToken(try await client.post("/api/Members/login", #"{"email":"ANN@EXAMPLE.com","password":"s3cret-pass"}"#), userId: 1)
        }
    }
}
