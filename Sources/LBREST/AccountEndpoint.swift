import LBCore
import LBRuntime

/// The REST side of a User-based model's account methods (auth-and-acl.md §3.2): arguments from
/// the body and query, LoopBack 3's statuses (204 for the methods without a result, 302 for a
/// confirmation with `redirect`).
struct AccountEndpoint {
    let accounts: UserAccounts
    let app: RuntimeApp

    func invoke(_ operation: AccountOperation, arguments: RestArguments, token: ResolvedToken?) async throws -> RestAPI.Result {
        switch operation {
        case .login:
            var include = arguments.query["include"]
            if case .string(let text)? = include, text.hasPrefix("[") {
                include = QueryString.parseJSON(text) ?? include
            }
            let names = include?.arrayValue ?? include.map { [$0] } ?? []
            let includeUser = names.contains { $0.stringValue?.lowercased() == "user" }
            return .json(.object(try await accounts.login(try arguments.data(), includeUser: includeUser)))
        case .logout:
            try await accounts.logout(token)
            return .noContent
        case .confirm:
            try await accounts.confirm(
                uid: arguments.query["uid"].flatMap { $0.stringValue.flatMap(ArgumentCoercion.any) ?? $0 },
                token: arguments.query["token"])
            if let redirect = arguments.query["redirect"]?.stringValue, !redirect.isEmpty { return .redirect(redirect) }
            return .noContent
        case .resetPassword:
            let body = try arguments.data()
            let (token, user) = try await accounts.resetPassword(email: body["email"], realm: body["realm"])
            try await AccountMail(app: app, accounts: accounts).reset(token: token, user: user)
            return .noContent
        case .changePassword:
            let body = try arguments.data()
            try await accounts.changePassword(token, old: body["oldPassword"], new: body["newPassword"])
            return .noContent
        case .setPassword:
            try await accounts.setPassword(token, new: try arguments.data()["newPassword"])
            return .noContent
        case .verify:
            let (id, _) = try arguments.id()
            try await AccountMail(app: app, accounts: accounts).verify(accounts.users.coercedId(id))
            return .noContent
        }
    }
}
