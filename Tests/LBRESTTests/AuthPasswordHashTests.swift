import Foundation
import LBCore
import Testing

/// How passwords are stored (auth-and-acl.md §3.1 password hashing: bcrypt `$2a$`/`$2b$` with
/// `saltWorkFactor` rounds, compatible with hashes LoopBack 3 wrote). Read through a `UserRow`
/// model sharing the user table, so these tests run on SQLite only.
@Suite("Auth: stored password hashes")
struct AuthPasswordHashTests {
    /// bcrypt of "s3cret-pass" as LoopBack 3 (bcryptjs) stores it, cost 10, prefix `$2a$`.
    static let legacy2a = "$2a$10$abcdefghijklmnopqrstuuf8IDzradNoVu7dQxKrv4wH5ASwrrEI6"
    /// bcrypt of "s3cret-pass", cost 4, prefix `$2b$`.
    static let legacy2b = "$2b$04$abcdefghijklmnopqrstuuaUNpTaGyHErb7YklXKRt/SEtSLxPST6"

    /// Whether `hash` is a bcrypt hash (`$2a$`/`$2b$`) with `cost` rounds.
    static func isBcrypt(_ hash: String?, cost: Int) -> Bool {
        guard let hash, hash.count == 60 else { return false }
        let prefix = String(format: "$2a$%02d$", cost)
        let other = String(format: "$2b$%02d$", cost)
        let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return (hash.hasPrefix(prefix) || hash.hasPrefix(other)) && hash.dropFirst(7).allSatisfy { alphabet.contains($0) }
    }

    @Test("The built-in User stores a salted bcrypt hash with cost 10, never the password")
    func builtinHash() async throws {
        try await withServer(authAppWithRows(), connector: .sqlite) { client in
            try await client.signUp("ann")
            try await client.signUp("bob")
            let rows = try await client.get("/api/UserRows")
            let hashes = rows.json?.arrayValue?.map { $0["password"]?.stringValue } ?? []
            #expect(hashes.count == 2, "\(rows.text)")
            for hash in hashes {
                #expect(Self.isBcrypt(hash, cost: 10), "\(hash ?? "nil")")
                #expect(hash?.contains(defaultPassword) == false)
            }
            #expect(hashes.first != hashes.last, "the same password gets two salts")
        }
    }

    @Test("saltWorkFactor sets the cost; a password change stores a new hash")
    func saltWorkFactor() async throws {
        let users = AuthUsers.member()
        try await withServer(authAppWithRows(users: users), connector: .sqlite) { client in
            let ann = try await client.register("ann", users: users)
            let before = try await client.get("/api/UserRows/1").json?["password"]?.stringValue
            #expect(Self.isBcrypt(before, cost: 4), "\(before ?? "nil")")
            expectNoBody(
                try await client.post("/api/Members/change-password", #"{"oldPassword":"s3cret-pass","newPassword":"n3w-pass"}"#, as: ann), 204)
            let after = try await client.get("/api/UserRows/1").json?["password"]?.stringValue
            #expect(Self.isBcrypt(after, cost: 4), "\(after ?? "nil")")
            #expect(after != before)
        }
    }

    @Test("Hashes written by LoopBack 3 ($2a$ cost 10, $2b$ cost 4) verify at login")
    func legacyHashes() async throws {
        try await withServer(authAppWithRows(), connector: .sqlite) { client in
            for (name, hash) in [("old", Self.legacy2a), ("older", Self.legacy2b)] {
                let row = try await client.post("/api/UserRows", #"{"email":"\#(name)@example.com","password":"\#(hash)"}"#)
                #expect(row.status == 200, "\(row.text)")
            }
            let first = try await client.post("/api/Users/login", #"{"email":"old@example.com","password":"s3cret-pass"}"#)
            expectToken(first, userId: 1)
            let second = try await client.post("/api/Users/login", #"{"email":"older@example.com","password":"s3cret-pass"}"#)
            expectToken(second, userId: 2)
            expectReply(try await client.post("/api/Users/login", #"{"email":"old@example.com","password":"s3cret-pasS"}"#), 401, loginFailed)
            let ann = Session(id: 1, token: first.json?["id"]?.stringValue ?? "no-token", name: "old")
            let own = try await client.get("/api/Users/1", as: ann)
            #expect(own.json?["email"] == "old@example.com", "\(own.text)")
            expectNoSecrets(own)
        }
    }
}
