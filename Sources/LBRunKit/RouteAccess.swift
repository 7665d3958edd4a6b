import LBCore
import LBPlan
import LBREST
import LBRuntime

/// Who may call a route under the app's static ACLs: the built-in roles `$unauthenticated`,
/// `$authenticated` and `$owner` (for routes on an instance) and every custom role the model's
/// ACLs name, each decided by `ACLEvaluator` as for a real request.
struct RouteAccess {
    /// The callers tried: a name as printed, whether it has a user, and the roles it is in.
    struct Caller {
        let name: String
        let authenticated: Bool
        let roles: Set<String>
    }

    /// A role oracle that answers from a fixed set.
    struct FixedRoles: RoleMembership {
        let roles: Set<String>
        func isInRole(_ role: String, _ request: AccessRequest) async throws -> Bool { roles.contains(role) }
    }

    static let builtinRoles: Set<String> = ["$everyone", "$authenticated", "$unauthenticated", "$owner"]

    /// Whether the app checks ACLs: config `enableAuth`, else a User-based model and an
    /// AccessToken model attached to datasources (as `AuthRuntime` decides when serving).
    static func authEnabled(_ plan: AppPlan) -> Bool {
        if case .bool(let flag)? = plan.config.settings["enableAuth"] { return flag }
        guard let user = plan.models.first(where: { $0.isA("User") && $0.dataSource != nil }) else { return false }
        let tokenModel = user.relation(named: "accessTokens")?.model ?? "AccessToken"
        return plan.model(named: tokenModel)?.dataSource != nil
    }

    /// The summary of who may call `route` of `model`: `everyone`, `authenticated`, a list such
    /// as `owner, admin`, or `nobody`.
    static func callers(_ route: RestRoute, of model: ModelPlan) async throws -> String {
        let customRoles = Set(model.acls.filter { $0.principalType == Principal.role }.map(\.principalId)).subtracting(builtinRoles).sorted()
        var callers = [Caller(name: "unauthenticated", authenticated: false, roles: []), Caller(name: "authenticated", authenticated: true, roles: [])]
        if route.segments.contains(.parameter("id")) { callers.append(Caller(name: "owner", authenticated: true, roles: ["$owner"])) }
        callers += customRoles.map { Caller(name: $0, authenticated: true, roles: [$0]) }
        let rules = model.acls.map { ACLRule($0, model: model.name) }
        var allowed: [String] = []
        for caller in callers {
            let request = AccessRequest(
                model: model.name, property: RestAPI.aclName(route.method), methodNames: route.aliases.map(RestAPI.aclName),
                accessType: route.accessType, modelId: caller.roles.contains("$owner") ? "1" : nil,
                principals: caller.authenticated ? [Principal(type: Principal.user, id: "1")] : [], hasValidToken: caller.authenticated)
            let decision = try await ACLEvaluator.decide(
                request, rules: ACLEvaluator.staticCandidates(rules, for: request),
                defaultPermission: model.settings["defaultPermission"]?.stringValue, roles: FixedRoles(roles: caller.roles))
            if decision.allowed { allowed.append(caller.name) }
        }
        let others = callers.dropFirst(2).map(\.name)
        if allowed.count == callers.count { return "everyone" }
        if allowed.contains("authenticated"), !allowed.contains("unauthenticated"), others.allSatisfy(allowed.contains) { return "authenticated" }
        return allowed.isEmpty ? "nobody" : allowed.joined(separator: ", ")
    }
}
