public import LBCore
public import LBPlan

/// Authentication and access control of an app (auth-and-acl.md §1): whether it is on, the
/// access tokens, the account methods of each User-based model, and the stores of roles and
/// dynamic ACLs.
///
/// LoopBack 3 turned auth on from JavaScript (`app.enableAuth()`); lbrun reads `enableAuth` from
/// config.json. Unset, it is on when the app has a User-based model and an AccessToken model
/// attached to datasources — what a scaffolded LoopBack 3 app has.
public struct AuthRuntime: Sendable {
    public let enabled: Bool
    /// Where `enabled` came from, for the startup banner.
    public let reason: String
    public let tokens: AccessTokens?
    /// `aclErrorStatus` from config.json.
    public let appErrorStatus: Int?
    /// The `ACL` model's rows, when it is attached.
    let dynamicRules: DynamicACLs?
    /// Each model's static rules, converted once.
    let staticRules: [String: [ACLRule]]
    let directory: ModelDirectory

    init(plan: AppPlan, directory: ModelDirectory) {
        self.directory = directory
        let userModel = plan.models.first { $0.isA("User") && directory.repository($0.name) != nil }
        let tokenName = userModel?.relation(named: "accessTokens")?.model ?? "AccessToken"
        let tokenRepository = directory.repository(tokenName)
        switch plan.config.settings["enableAuth"] {
        case .bool(let flag)?:
            enabled = flag
            reason = "enableAuth: \(flag) in config"
        default:
            enabled = userModel != nil && tokenRepository != nil
            reason = enabled ? "a User model and \(tokenName) are attached" : "no User model with an AccessToken model attached"
        }
        tokens = tokenRepository.map {
            AccessTokens(repository: $0, allowEternal: userModel?.settings["allowEternalTokens"]?.isTruthy == true)
        }
        appErrorStatus = plan.config.settings["aclErrorStatus"]?.numberValue.map { Int($0) }
        dynamicRules = directory.repository("ACL").map { DynamicACLs(repository: $0) }
        staticRules = Dictionary(plan.models.map { model in (model.name, model.acls.map { ACLRule($0, model: model.name) }) }, uniquingKeysWith: { first, _ in first })
    }

    /// The account methods of the User-based model of `repository`.
    public func accounts(_ repository: ModelRepository) -> UserAccounts? {
        guard repository.model.isA("User"), let tokens else { return nil }
        return UserAccounts(users: repository, tokens: tokens)
    }

    /// Call after a write to the `ACL` model through this instance.
    public func dynamicRulesChanged() {
        dynamicRules?.invalidate()
    }
}
