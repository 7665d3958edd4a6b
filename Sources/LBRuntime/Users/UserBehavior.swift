import Foundation
import LBCore
import LBPlan

/// What a User-based model does on every write (auth-and-acl.md §3.1): passwords are checked and
/// stored as bcrypt hashes, `emailVerified` cannot be set by a create, emails are lower-cased
/// unless `caseSensitiveEmail`, and `email` must look like an address and, with `username`, be unique.
struct UserBehavior: Sendable {
    let model: ModelPlan
    /// bcrypt rounds (`saltWorkFactor`, default 10).
    let cost: Int
    let caseSensitiveEmail: Bool
    /// Uniqueness is per realm when both `realmRequired` and `realmDelimiter` are set.
    let perRealm: Bool
    /// `emailVerificationRequired`: a changed email is no longer verified.
    let verificationRequired: Bool

    init?(_ model: ModelPlan) {
        guard model.isA("User") else { return nil }
        self.model = model
        cost = model.settings["saltWorkFactor"]?.numberValue.map { Int($0) } ?? 10
        caseSensitiveEmail = model.settings["caseSensitiveEmail"] != .bool(false)
        perRealm = model.settings["realmRequired"]?.isTruthy == true && model.settings["realmDelimiter"]?.isTruthy == true
        verificationRequired = model.settings["emailVerificationRequired"]?.isTruthy == true
    }

    /// `data` as it is stored: the password hashed (a non-string one dropped, so that presence
    /// fails), the email lower-cased when emails are case-insensitive, and on create
    /// `emailVerified` forced to false.
    func prepare(_ data: Record, creating: Bool) async throws -> Record {
        var result = data
        switch data["password"] {
        case .string(let password)?:
            try Passwords.check(password)
            result["password"] = .string(await Passwords.hash(password, cost: cost))
        case nil:
            break
        default:
            result.removeValue(forKey: "password")
        }
        if !caseSensitiveEmail, case .string(let email)? = data["email"] { result["email"] = .string(email.lowercased()) }
        if creating, let verified = data["emailVerified"], verified.isTruthy { result["emailVerified"] = false }
        return result
    }

    /// Adds the email format and uniqueness failures of `record` (whose id is `id`, `nil` when new).
    func validate(_ record: Record, id: JSONValue?, in repository: ModelRepository, failures: inout ValidationFailures) async throws {
        if case .string(let email)? = record["email"] {
            if !Self.looksLikeEmail(email) {
                failures.add("email", code: "custom.email", message: "is invalid", value: record["email"])
            } else if try await taken("email", email, record: record, id: id, in: repository) {
                failures.add("email", code: "uniqueness", message: "Email already exists", value: record["email"])
            }
        }
        if case .string(let username)? = record["username"], try await taken("username", username, record: record, id: id, in: repository) {
            failures.add("username", code: "uniqueness", message: "User already exists", value: record["username"])
        }
    }

    /// Whether another user already has `value` as `property`.
    private func taken(_ property: String, _ value: String, record: Record, id: JSONValue?, in repository: ModelRepository) async throws -> Bool {
        var condition: Where = .condition(path: property, op: .eq, value: .string(value))
        if perRealm { condition = Where.conjunction(condition, .condition(path: "realm", op: .eq, value: record["realm"] ?? .null))! }
        if let id, let idName = model.idName {
            condition = Where.conjunction(condition, .condition(path: idName, op: .neq, value: id))!
        }
        return try await repository.connector.count(model, where: condition) > 0
    }

    /// An address with one `@`, a non-empty local part and domain, and no spaces (TLD-less
    /// domains such as `local@com` pass, as with LoopBack's validator).
    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return !text.contains(where: \.isWhitespace) && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}
