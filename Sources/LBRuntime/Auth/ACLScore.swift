extension ACLEvaluator {
    /// How specifically `rule` matches `request` (LoopBack 3's `ACL.getMatchingScore`,
    /// auth-and-acl.md §7.1); higher wins, `-1` when the rule does not apply.
    ///
    /// Model, property and access type each weigh exact (3) over wildcard rule (2) over wildcard
    /// request (1); then the principal type (USER 4, APP 3, ROLE 2, other 1), the kind of role
    /// (custom 5, `$owner` 4, `$related` 3, `$authenticated`/`$unauthenticated` 2, `$everyone` 1) and
    /// last the permission (DEFAULT -1, ALLOW 0, ALARM 1, AUDIT 2, DENY 3), so at equal specificity
    /// DENY beats ALLOW. An `EXECUTE` rule matches every access type exactly, a `WRITE` rule matches
    /// `REPLICATE`; a property matches the canonical method name or any alias, and a property list
    /// matches when one of its names does.
    public static func score(_ rule: ACLRule, _ request: AccessRequest) -> Int {
        let model = orWildcard(request.model), ruleModel = orWildcard(rule.model)
        let property = orWildcard(request.property)
        let ruleProperties = rule.property.isEmpty ? [ACLTerms.wildcard] : rule.property.map(orWildcard)
        let accessType = orWildcard(request.accessType), ruleAccessType = orWildcard(rule.accessType)
        let fieldWeights = [
            fieldWeight(exact: ruleModel == model, rule: [ruleModel], request: model),
            fieldWeight(
                exact: ruleProperties.contains { $0 == property || request.methodNames.contains($0) },
                rule: ruleProperties, request: property),
            fieldWeight(
                exact: ruleAccessType == accessType || ruleAccessType == ACLTerms.execute
                    || (ruleAccessType == ACLTerms.write && accessType == ACLTerms.replicate),
                rule: [ruleAccessType], request: accessType),
        ]
        var score = 0
        for weight in fieldWeights {
            guard let weight else { return -1 }
            score = score * 4 + weight
        }
        score = score * 4 + principalTypeWeight(rule.principalType)
        score = score * 8 + (rule.principalType == Principal.role ? roleWeight(rule.principalId) : 0)
        return score * 4 + (ACLTerms.permissionWeights[orAllow(rule.permission)] ?? 0)
    }

    /// One field's weight: exact 3, wildcard rule 2, wildcard request 1; `nil` when it does not match.
    private static func fieldWeight(exact: Bool, rule: [String], request: String) -> Int? {
        if exact { return 3 }
        if rule.contains(ACLTerms.wildcard) { return 2 }
        if request == ACLTerms.wildcard { return 1 }
        return nil
    }

    private static func principalTypeWeight(_ type: String) -> Int {
        switch type {
        case Principal.user: 4
        case Principal.app: 3
        case Principal.role: 2
        default: 1
        }
    }

    private static func roleWeight(_ role: String) -> Int {
        switch role {
        case ACLTerms.owner: 4
        case ACLTerms.related: 3
        case ACLTerms.authenticated, ACLTerms.unauthenticated: 2
        case ACLTerms.everyone: 1
        default: 5
        }
    }

    /// JavaScript's `value || "*"`.
    private static func orWildcard(_ value: String) -> String {
        value.isEmpty ? ACLTerms.wildcard : value
    }

    /// JavaScript's `permission || "ALLOW"`.
    private static func orAllow(_ permission: String?) -> String {
        guard let permission, !permission.isEmpty else { return ACLTerms.allow }
        return permission
    }
}
