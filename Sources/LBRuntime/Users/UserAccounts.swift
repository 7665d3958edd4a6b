import Foundation
public import LBCore
import LBPlan

/// The account methods of a User-based model (auth-and-acl.md §3.2): login, logout, password
/// changes and resets, email confirmation. Errors are LoopBack 3's, with its codes.
public struct UserAccounts: Sendable {
    public let users: ModelRepository
    let tokens: AccessTokens

    init(users: ModelRepository, tokens: AccessTokens) {
        self.users = users
        self.tokens = tokens
    }

    var settings: JSONValue { users.model.settings }
    /// The model's write rules, which also say how emails compare and whether they must be verified.
    var behavior: UserBehavior? { users.users }

    /// `POST /login`: a new access token for the user the credentials name; with `includeUser`
    /// the user under `user`. An unknown user and a wrong password get the same answer, after
    /// the same amount of work.
    public func login(_ credentials: Record, includeUser: Bool) async throws -> Record {
        let lookup: (String, JSONValue)
        let present = { (value: JSONValue?) -> JSONValue? in value == nil || value == .null || value == .string("") ? nil : value }
        if let email = present(credentials["email"]) {
            guard email.stringValue != nil else { throw LoopBackError.badRequest("email must be a string", code: "INVALID_EMAIL") }
            lookup = ("email", email)
        } else if let username = present(credentials["username"]) {
            guard username.stringValue != nil else { throw LoopBackError.badRequest("username must be a string", code: "INVALID_USERNAME") }
            lookup = ("username", username)
        } else {
            throw LoopBackError.badRequest("username or email is required", code: "USERNAME_EMAIL_REQUIRED")
        }
        var value = lookup.1
        let realm = try self.realm(credentials, value: &value)
        if lookup.0 == "email", behavior?.caseSensitiveEmail == false, let text = value.stringValue { value = .string(text.lowercased()) }
        var condition: Where = .condition(path: lookup.0, op: .eq, value: value)
        if let realm {
            condition = Where.conjunction(condition, .condition(path: "realm", op: .eq, value: realm))!
        }
        let user = try await users.connector.find(users.model, Filter(where: users.scopedWhere(condition), limit: 1)).first
        let password = credentials["password"]?.stringValue ?? ""
        let matches = await Passwords.verify(password, hash: user?["password"]?.stringValue ?? "")
        guard let user, matches, let userId = user[users.model.idName ?? "id"] else {
            throw LoopBackError(statusCode: 401, message: "login failed", code: "LOGIN_FAILED")
        }
        if behavior?.verificationRequired == true, user["emailVerified"]?.isTruthy != true {
            throw LoopBackError(
                statusCode: 401, message: "login failed as the email has not been verified", code: "LOGIN_FAILED_EMAIL_NOT_VERIFIED",
                details: ["userId": userId])
        }
        let maxTTL = settings["maxTTL"]?.numberValue ?? 31_556_926
        let requested = credentials["ttl"]?.numberValue.flatMap { $0 == 0 ? nil : $0 } ?? settings["ttl"]?.numberValue ?? 1_209_600
        var token = try await tokens.create(userId: userId, ttl: min(requested, maxTTL))
        if includeUser { token["user"] = .object(users.renderer.render(user)) }
        return token
    }

    /// The realm of a login (auth-and-acl.md §3.5): `credentials.realm`, else with `realmDelimiter`
    /// the part of the email or username before it (which `value` then loses). With
    /// `realmRequired` or `realmDelimiter` a login without one is 400 `REALM_REQUIRED`.
    func realm(_ credentials: Record, value: inout JSONValue) throws -> JSONValue? {
        let required = settings["realmRequired"]?.isTruthy == true
        let delimiter = settings["realmDelimiter"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if let realm = credentials["realm"], realm != .null, realm != .string("") {
            guard realm.stringValue != nil else { throw LoopBackError.badRequest("realm must be a string", code: "INVALID_REALM") }
            return realm
        }
        if let delimiter, let text = value.stringValue, let range = text.range(of: delimiter) {
            value = .string(String(text[range.upperBound...]))
            return .string(String(text[..<range.lowerBound]))
        }
        guard !required && delimiter == nil else { throw LoopBackError.badRequest("realm is required", code: "REALM_REQUIRED") }
        return nil
    }

    /// `logout`: deletes the request's token; 401 without one.
    public func logout(_ token: ResolvedToken?) async throws {
        guard let token else {
            throw LoopBackError(statusCode: 401, message: "accessToken is required to logout")
        }
        try await tokens.revoke(token.id)
    }

    /// `POST /change-password`: the token's user changes their password, knowing the old one.
    /// The user's other tokens are revoked; this one stays.
    public func changePassword(_ token: ResolvedToken?, old: JSONValue?, new: JSONValue?) async throws {
        let (user, userId) = try await tokenUser(token)
        guard let old = old?.stringValue else { throw LoopBackError.badRequest("oldPassword is a required argument") }
        guard let new = new?.stringValue else { throw LoopBackError.badRequest("newPassword is a required argument") }
        guard await Passwords.verify(old, hash: user["password"]?.stringValue ?? "") else {
            throw LoopBackError.badRequest("Invalid current password", code: "INVALID_PASSWORD")
        }
        _ = try await users.patch(user, id: userId, with: ["password": .string(new)], validate: false)
        try await tokens.revokeAll(of: userId, except: token?.id)
    }

    /// `POST /reset-password`: the token's user (holding a reset token) sets a new password; a
    /// token of another user model is 403.
    public func setPassword(_ token: ResolvedToken?, new: JSONValue?) async throws {
        if let type = token?.principalType, type != users.model.name {
            throw LoopBackError(statusCode: 403, message: "Access Denied", code: "ACCESS_DENIED")
        }
        let (user, userId) = try await tokenUser(token)
        guard let new = new?.stringValue else { throw LoopBackError(statusCode: 422, message: "Invalid password.", code: "INVALID_PASSWORD") }
        _ = try await users.patch(user, id: userId, with: ["password": .string(new)], validate: false)
        try await tokens.revokeAll(of: userId, except: token?.id)
    }

    /// `POST /reset`: creates a short-lived token (`resetPasswordTokenTTL`, 900 s) for the user
    /// with `email`; returns it with the user, for the reset email.
    public func resetPassword(email: JSONValue?, realm: JSONValue?) async throws -> (token: Record, user: Record) {
        guard var address = email?.stringValue else { throw LoopBackError.badRequest("Email is required", code: "EMAIL_REQUIRED") }
        if behavior?.caseSensitiveEmail == false { address = address.lowercased() }
        var condition: Where = .condition(path: "email", op: .eq, value: .string(address))
        if let realm, realm != .null { condition = Where.conjunction(condition, .condition(path: "realm", op: .eq, value: realm))! }
        guard let user = try await users.connector.find(users.model, Filter(where: users.scopedWhere(condition), limit: 1)).first,
            let userId = user[users.model.idName ?? "id"]
        else {
            throw LoopBackError.notFound("Email not found", code: "EMAIL_NOT_FOUND")
        }
        if behavior?.verificationRequired == true, user["emailVerified"]?.isTruthy != true {
            throw LoopBackError(statusCode: 401, message: "Email has not been verified", code: "RESET_FAILED_EMAIL_NOT_VERIFIED")
        }
        let ttl = settings["resetPasswordTokenTTL"]?.numberValue ?? 900
        let scopes = settings["restrictResetPasswordTokenScope"]?.isTruthy == true ? ["reset-password"] : nil
        return (try await tokens.create(userId: userId, ttl: ttl, scopes: scopes), users.renderer.render(user))
    }

    /// `GET /confirm`: marks the user's email verified when `token` is their verification token.
    public func confirm(uid: JSONValue?, token: JSONValue?) async throws {
        guard let uid, uid != .null, uid != .string("") else { throw LoopBackError.badRequest("uid is a required argument") }
        guard let token = token?.stringValue, !token.isEmpty else { throw LoopBackError.badRequest("token is a required argument") }
        guard let user = try await users.storedRecord(uid) else {
            throw LoopBackError.notFound("User not found: \(users.display(uid))", code: "USER_NOT_FOUND")
        }
        guard let expected = user["verificationToken"]?.stringValue, Self.constantTimeEqual(expected, token) else {
            throw LoopBackError.badRequest("Invalid token: \(token)", code: "INVALID_TOKEN")
        }
        _ = try await users.patch(user, id: uid, with: ["emailVerified": true, "verificationToken": .null], validate: false)
    }

    /// Stores a new verification token (128 hex characters) on the user and returns it.
    public func newVerificationToken(for id: JSONValue) async throws -> (token: String, user: Record) {
        guard let user = try await users.storedRecord(id) else {
            throw LoopBackError.notFound("could not find a model with id \(users.display(id))", code: "MODEL_NOT_FOUND")
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<64).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        _ = try await users.patch(user, id: id, with: ["verificationToken": .string(token)], validate: false)
        return (token, users.renderer.render(user))
    }

    /// After a write that changed `email` or `password` of user `id`: the user's other tokens are
    /// revoked (the request's own stays, so the caller stays logged in).
    public func afterSensitiveChange(_ data: Record, userId: JSONValue, keeping token: ResolvedToken?) async throws {
        guard data["email"] != nil || data["password"] != nil else { return }
        try await tokens.revokeAll(of: userId, except: token?.id)
    }

    /// With `rejectPasswordChangesViaPatchOrReplace`, a write other than the password methods
    /// may not set `password`: 401 `PASSWORD_CHANGE_NOT_ALLOWED`.
    public func checkPasswordChange(_ data: Record) throws {
        guard settings["rejectPasswordChangesViaPatchOrReplace"]?.isTruthy == true, data["password"] != nil else { return }
        throw LoopBackError(
            statusCode: 401,
            message: "Changing user password via patch/replace API is not allowed. Use changePassword() or setPassword() instead.",
            code: "PASSWORD_CHANGE_NOT_ALLOWED")
    }

    /// Deletes every token of user `id` (the user was deleted).
    public func revokeTokens(of id: JSONValue) async throws {
        try await tokens.revokeAll(of: id)
    }

    /// The stored user of a token; 401 when the token or the user is missing.
    private func tokenUser(_ token: ResolvedToken?) async throws -> (Record, JSONValue) {
        guard let token, let userId = token.userId else {
            throw LoopBackError(statusCode: 401, message: "Authorization Required", code: "AUTHORIZATION_REQUIRED")
        }
        guard let user = try await users.storedRecord(userId) else {
            throw LoopBackError(statusCode: 401, message: "User \(users.display(userId)) not found", code: "USER_NOT_FOUND")
        }
        return (user, userId)
    }

    /// Compares two secrets in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
