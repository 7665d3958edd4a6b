import Foundation
import LBCore
import LBTesting
import Testing

/// The account emails over real SMTP (auth-and-acl.md §3.4 verification, §3.2 reset): the `mail`
/// connector sends to an SMTP server on loopback, and the links in the messages work.
@Suite("Auth: verification and reset emails")
struct AuthMailTests {
    static let users = AuthUsers.member(settings: #"""
        "emailVerificationRequired": true,
        "verifyOptions": { "from": "accounts@example.com", "subject": "Welcome", "redirect": "/welcome" },
        "resetPasswordEmail": { "from": "accounts@example.com", "subject": "Reset", "url": "http://shop.test/reset?access_token={{token}}" }
        """#)

    static func mailDataSource(_ sink: SMTPSink) -> String {
        #""mail": { "name": "mail", "connector": "mail", "transports": [{ "type": "smtp", "host": "127.0.0.1", "port": \#(sink.port), "ignoreTLS": true }] }"#
    }

    @Test("verify sends the confirmation link, which verifies the email; reset sends a token that sets a new password", arguments: TestConnector.allCases)
    func flows(connector: TestConnector) async throws {
        let sink = try await SMTPSink.start()
        defer { Task { await sink.stop() } }
        let app = authApp(users: Self.users, modelConfig: [("Email", #"{ "dataSource": "mail" }"#)])
        try await withServer(app, connector: connector, dataSources: Self.mailDataSource(sink)) { client in
            _ = try await client.signUp("ann", users: Self.users)
            let credentials = #"{"email":"ann@example.com","password":"s3cret-pass"}"#
            #expect(try await client.post("/api/Members/login", credentials).error("code") == "LOGIN_FAILED_EMAIL_NOT_VERIFIED")

            #expect(try await client.post("/api/Members/1/verify", "{}").status == 204)
            let welcome = try #require(sink.messages.last)
            #expect(welcome.recipients == ["ann@example.com"])
            #expect(welcome.header("Subject") == "Welcome")
            let text = try #require(welcome.body("text/plain"))
            let link = try #require(text.range(of: #"http://localhost:3000/api/Members/confirm\?uid=1&redirect=%2Fwelcome&token=[0-9a-f]{128}"#, options: .regularExpression))
            let confirm = String(text[link]).replacingOccurrences(of: "http://localhost:3000", with: "")
            let confirmed = try await client.get(confirm)
            #expect(confirmed.status == 302 && confirmed.header("Location") == "/welcome", "\(confirmed.status) \(confirmed.text)")
            #expect(try await client.post("/api/Members/login", credentials).status == 200)

            #expect(try await client.post("/api/Members/reset", #"{"email":"ann@example.com"}"#).status == 204)
            let reset = try #require(sink.messages.last)
            #expect(reset.header("Subject") == "Reset")
            let body = try #require(reset.body("text/plain"))
            let tokenRange = try #require(body.range(of: #"access_token=[A-Za-z0-9]{64}"#, options: .regularExpression))
            let token = String(body[tokenRange].dropFirst("access_token=".count))
            #expect(try await client.post("/api/Members/reset-password?access_token=\(token)", #"{"newPassword":"n3w-secret"}"#).status == 204)
            #expect(try await client.post("/api/Members/login", credentials).status == 401)
            #expect(try await client.post("/api/Members/login", #"{"email":"ann@example.com","password":"n3w-secret"}"#).status == 200)
            #expect(sink.messages.allSatisfy { !$0.data.contains("s3cret-pass") && !$0.data.contains("n3w-secret") })
        }
    }
}
