import LBCore

/// LoopBack 3's ACL evaluation (loopback common/models/acl.js `checkAccessForContext`,
/// auth-and-acl.md §6–7) as pure functions over rules the caller collects: which static rules and
/// dynamic rows can apply, how each scores, which one decides, and the error of a denial.
public enum ACLEvaluator {
    /// Static rules of a model that can apply to `request` (§6.2 pre-filter): kept when the rule's
    /// property is absent, `*`, the canonical method name or a list containing it — and, unlike
    /// LoopBack 3 (§8 pitfall 4), when it names an alias of the method (`updateAttributes` for
    /// `patchAttributes`).
    public static func staticCandidates(_ rules: [ACLRule], for request: AccessRequest) -> [ACLRule] {
        let names = Set(request.allMethodNames + [ACLTerms.wildcard, ""])
        return rules.filter { rule in rule.property.isEmpty || rule.property.contains(where: names.contains) }
    }

    /// The query for the dynamic rules of `request` among the `ACL` model's rows (§6.2):
    /// `model ∈ {Model, "*"}`, `property ∈ methodNames ∪ {"*"}` and `accessType ∈ {requested, "*"}`
    /// (`{REPLICATE, WRITE, "*"}` for a REPLICATE request), AND-ed in that order. A wildcard property
    /// or access type in the request drops its condition.
    public static func dynamicRuleWhere(for request: AccessRequest) -> Where {
        var conditions = [inq("model", [request.model, ACLTerms.wildcard])]
        if request.property != ACLTerms.wildcard {
            conditions.append(inq("property", request.allMethodNames + [ACLTerms.wildcard]))
        }
        switch request.accessType {
        case ACLTerms.wildcard: break
        case ACLTerms.replicate:
            conditions.append(inq("accessType", [ACLTerms.replicate, ACLTerms.write, ACLTerms.wildcard]))
        default:
            conditions.append(inq("accessType", [request.accessType, ACLTerms.wildcard]))
        }
        return .and(conditions)
    }

    /// Decides `request` against its candidate `rules` — the dynamic rows first, then the static
    /// candidates, as LoopBack 3 concatenates them (§7.2–7.3).
    ///
    /// Rules are ranked by `score` (equal scores keep their order) and those scoring -1 dropped;
    /// the first *effective* rule decides. A rule is effective when it names one of the request's
    /// principals exactly (type and id), or is a `ROLE` rule whose role the request is in:
    /// `$everyone`, `$authenticated` and `$unauthenticated` are answered here; every other role
    /// (`$owner`, `$related`, custom roles) is asked of `roles`, and only when all higher-ranked
    /// rules turned out not to be effective — rules that cannot win cause no lookups, and each role
    /// is asked at most once. A request without principals is in none of those roles and asks
    /// nothing (LoopBack 3's `isInRole` and `isOwner` answer `false` without a user).
    ///
    /// No effective rule, or a deciding rule whose permission is absent or `DEFAULT`, gives
    /// `defaultPermission` (the model setting), else `ALLOW`. Everything but `DENY` allows.
    public static func decide(
        _ request: AccessRequest, rules: [ACLRule], defaultPermission: String?, roles: some RoleMembership
    ) async throws -> ACLDecision {
        let ranked = rules.enumerated()
            .map { (rule: $0.element, score: score($0.element, request), position: $0.offset) }
            .filter { $0.score >= 0 }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }
        var memberships: [String: Bool] = [:]
        for candidate in ranked {
            if try await isEffective(candidate.rule, for: request, roles: roles, memberships: &memberships) {
                return decision(candidate.rule.permission, rule: candidate.rule, defaultPermission: defaultPermission)
            }
        }
        return decision(nil, rule: nil, defaultPermission: defaultPermission)
    }

    /// Whether `rule` names a principal of `request` or a role `request` is in; `memberships`
    /// remembers the answers of `roles`.
    private static func isEffective(
        _ rule: ACLRule, for request: AccessRequest, roles: some RoleMembership, memberships: inout [String: Bool]
    ) async throws -> Bool {
        if request.principals.contains(where: { $0.type == rule.principalType && $0.id == rule.principalId }) {
            return true
        }
        guard rule.principalType == Principal.role else { return false }
        switch rule.principalId {
        case ACLTerms.everyone: return true
        case ACLTerms.authenticated: return request.isAuthenticated
        case ACLTerms.unauthenticated: return !request.isAuthenticated
        default:
            guard !request.principals.isEmpty else { return false }
            if let known = memberships[rule.principalId] { return known }
            let member = try await roles.isInRole(rule.principalId, request)
            memberships[rule.principalId] = member
            return member
        }
    }

    /// The decision for the chosen rule's `permission`, with LoopBack's defaulting.
    private static func decision(_ permission: String?, rule: ACLRule?, defaultPermission: String?) -> ACLDecision {
        var final = permission ?? ACLTerms.defaultPermission
        if final.isEmpty || final == ACLTerms.defaultPermission { final = defaultPermission ?? ACLTerms.allow }
        if final.isEmpty || final == ACLTerms.defaultPermission { final = ACLTerms.allow }
        return ACLDecision(allowed: final != ACLTerms.deny, permission: final, rule: rule)
    }

    /// `path ∈ values`, without repeated values.
    private static func inq(_ path: String, _ values: [String]) -> Where {
        var distinct: [String] = []
        for value in values where !distinct.contains(value) { distinct.append(value) }
        return .condition(path: path, op: .inq, value: .array(distinct.map(JSONValue.string)))
    }
}
