import LBCore
import LBRuntime
import Testing

@Suite("ACL decisions (auth-and-acl.md §7.2–7.3, §7.6)")
struct ACLDecisionTests {
    typealias F = ACLFixtures

    /// User 1 is an admin, user 2 owns product 5, user 3 is neither.
    static func exampleRoles() -> FakeRoles {
        FakeRoles(members: ["admin": [Principal(type: "USER", id: "1")]], owners: ["5": "2"])
    }

    static func deleteProduct5(by principals: [Principal]) -> AccessRequest {
        F.request("deleteById", "WRITE", aliases: ["destroyById", "removeById"], modelId: 5, principals: principals)
    }

    @Test("worked example: DELETE /api/Products/5 by an admin, the owner, another user and anonymously")
    func workedExampleDelete() async throws {
        let rules = try F.workedExampleRules()
        let candidates = ACLEvaluator.staticCandidates(rules, for: Self.deleteProduct5(by: []))
        #expect(candidates == [rules[0], rules[1], rules[2], rules[3]], "every rule passes the property pre-filter")

        let admin = try await ACLEvaluator.decide(
            Self.deleteProduct5(by: F.user("1")), rules: candidates, defaultPermission: nil, roles: Self.exampleRoles())
        #expect(admin.allowed && admin.permission == "ALLOW" && admin.rule == rules[2])

        let ownerRoles = Self.exampleRoles()
        let owner = try await ACLEvaluator.decide(
            Self.deleteProduct5(by: F.user("2")), rules: candidates, defaultPermission: nil, roles: ownerRoles)
        #expect(owner.allowed && owner.permission == "ALLOW" && owner.rule == rules[3])
        #expect(await ownerRoles.asked == ["admin", "$owner"], "the 8020 admin rule is asked before the 7632 owner rule")

        let other = try await ACLEvaluator.decide(
            Self.deleteProduct5(by: F.user("3")), rules: candidates, defaultPermission: nil, roles: Self.exampleRoles())
        #expect(!other.allowed && other.permission == "DENY" && other.rule == rules[0])
        #expect(ACLEvaluator.denial(Self.deleteProduct5(by: F.user("3")), modelStatus: nil, appStatus: nil).statusCode == 401)
        #expect(ACLEvaluator.denial(Self.deleteProduct5(by: F.user("3")), modelStatus: nil, appStatus: 403).statusCode == 403)

        let anonymousRoles = Self.exampleRoles()
        let anonymous = try await ACLEvaluator.decide(
            Self.deleteProduct5(by: []), rules: candidates, defaultPermission: nil, roles: anonymousRoles)
        #expect(!anonymous.allowed && anonymous.rule == rules[0])
        #expect(await anonymousRoles.asked == [], "a request without principals is in no data role")
    }

    @Test("worked example: GET /api/Products is allowed when authenticated, denied anonymously, with no role lookups")
    func workedExampleFind() async throws {
        let rules = try F.workedExampleRules()
        let roles = Self.exampleRoles()
        let user = try await ACLEvaluator.decide(
            F.request("find", "READ", principals: F.user("3")), rules: rules, defaultPermission: nil, roles: roles)
        #expect(user.allowed && user.rule == rules[1])
        let anonymous = try await ACLEvaluator.decide(
            F.request("find", "READ"), rules: rules, defaultPermission: nil, roles: roles)
        #expect(!anonymous.allowed && anonymous.rule == rules[0])
        #expect(await roles.asked == [])
    }

    // MARK: - Built-in and custom roles × access types × permissions

    /// Callers of the matrix: anonymous; user 1, an `editor` who owns product 5; user 2, neither.
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, ownerEditor, plainUser

        var principals: [Principal] {
            switch self {
            case .anonymous: []
            case .ownerEditor: F.user("1")
            case .plainUser: F.user("2")
            }
        }
    }

    static let roleMembers: [(role: String, members: Set<Caller>)] = [
        ("$everyone", [.anonymous, .ownerEditor, .plainUser]),
        ("$authenticated", [.ownerEditor, .plainUser]),
        ("$unauthenticated", [.anonymous]),
        ("$owner", [.ownerEditor]),
        ("editor", [.ownerEditor]),
    ]

    /// (rule access type, request access type, whether the rule applies)
    static let accessCases: [(rule: String, request: String, applies: Bool)] = [
        ("READ", "READ", true), ("READ", "WRITE", false), ("READ", "REPLICATE", false),
        ("WRITE", "READ", false), ("WRITE", "WRITE", true), ("WRITE", "REPLICATE", true),
        ("EXECUTE", "READ", true), ("EXECUTE", "WRITE", true), ("EXECUTE", "REPLICATE", true),
        ("*", "READ", true), ("*", "WRITE", true), ("*", "REPLICATE", true),
    ]

    @Test(
        "a role rule decides exactly for the callers in the role and requests of a matching access type",
        arguments: roleMembers, accessCases)
    func roleMatrix(role: (role: String, members: Set<Caller>), access: (rule: String, request: String, applies: Bool))
        async throws
    {
        for permission in ["ALLOW", "DENY"] {
            let fallback = permission == "ALLOW" ? "DENY" : "ALLOW"
            let rule = F.role(role.role, permission, accessType: access.rule)
            for caller in Caller.allCases {
                let request = F.request("touch", access.request, modelId: 5, principals: caller.principals)
                let roles = FakeRoles(members: ["editor": [Principal(type: "USER", id: "1")]], owners: ["5": "1"])
                let decision = try await ACLEvaluator.decide(request, rules: [rule], defaultPermission: fallback, roles: roles)
                let decides = access.applies && role.members.contains(caller)
                #expect(decision.permission == (decides ? permission : fallback), "\(permission) for \(caller)")
                #expect(decision.allowed == (decision.permission == "ALLOW"))
                #expect(decision.rule == (decides ? rule : nil))
            }
        }
    }

    // MARK: - Ranking

    @Test("at equal specificity DENY beats ALLOW, whatever the order of the rules")
    func denyWinsTies() async throws {
        let request = F.request("find", "READ", principals: F.user("1"))
        let allow = F.role("$everyone", "ALLOW"), deny = F.role("$everyone", "DENY")
        for rules in [[allow, deny], [deny, allow]] {
            let decision = try await ACLEvaluator.decide(request, rules: rules, defaultPermission: nil, roles: FakeRoles())
            #expect(!decision.allowed && decision.rule == deny)
        }
        let userAllow = ACLRule(permission: "ALLOW", principalType: "USER", principalId: "1")
        let userDeny = ACLRule(permission: "DENY", principalType: "USER", principalId: "1")
        let users = try await ACLEvaluator.decide(
            request, rules: [userAllow, userDeny], defaultPermission: nil, roles: FakeRoles())
        #expect(users.rule == userDeny)
    }

    @Test(
        "the kind of role ranks before the permission: custom > $owner > $authenticated > $everyone",
        arguments: [
            ("editor", "$owner"), ("$owner", "$authenticated"), ("$authenticated", "$everyone"), ("editor", "$everyone"),
        ])
    func roleKinds(stronger: String, weaker: String) async throws {
        let request = F.request("patchAttributes", "WRITE", modelId: 5, principals: F.user("1"))
        let roles = FakeRoles(members: ["editor": [Principal(type: "USER", id: "1")]], owners: ["5": "1"])
        let rules = [F.role(weaker, "DENY"), F.role(stronger, "ALLOW")]
        let decision = try await ACLEvaluator.decide(request, rules: rules, defaultPermission: nil, roles: roles)
        #expect(decision.allowed && decision.rule == rules[1])
    }

    @Test("USER rules outrank ROLE rules of the same specificity; APP rules rank between them")
    func principalRanking() async throws {
        let principals = [Principal(type: "USER", id: "7"), Principal(type: "APP", id: "mobile")]
        let request = F.request("find", "READ", principals: principals)
        let roles = FakeRoles(members: ["editor": [Principal(type: "USER", id: "7")]])
        let user = ACLRule(permission: "ALLOW", principalType: "USER", principalId: "7")
        let app = ACLRule(permission: "DENY", principalType: "APP", principalId: "mobile")
        let role = F.role("editor", "DENY", model: "*")
        let all = try await ACLEvaluator.decide(request, rules: [role, app, user], defaultPermission: nil, roles: roles)
        #expect(all.allowed && all.rule == user)
        #expect(await roles.asked == [], "the USER rule decides before any role is looked up")
        let withoutUser = try await ACLEvaluator.decide(request, rules: [role, app], defaultPermission: nil, roles: roles)
        #expect(!withoutUser.allowed && withoutUser.rule == app)
        let otherUser = ACLRule(permission: "DENY", principalType: "USER", principalId: "8")
        let rolesOnly = try await ACLEvaluator.decide(
            request, rules: [otherUser, F.role("editor", "ALLOW", model: "*")], defaultPermission: "DENY", roles: roles)
        #expect(rolesOnly.allowed, "a rule naming another user is not effective")
    }

    @Test("APP principals: named exactly by APP rules, and enough for $authenticated")
    func appPrincipals() async throws {
        let appOnly = F.request("find", "READ", principals: [Principal(type: "APP", id: "mobile")])
        #expect(appOnly.isAuthenticated)
        let appRule = ACLRule(permission: "ALLOW", principalType: "APP", principalId: "mobile")
        let allowed = try await ACLEvaluator.decide(appOnly, rules: [appRule], defaultPermission: "DENY", roles: FakeRoles())
        #expect(allowed.allowed && allowed.rule == appRule)
        let otherApp = F.request("find", "READ", principals: [Principal(type: "APP", id: "web")])
        let denied = try await ACLEvaluator.decide(otherApp, rules: [appRule], defaultPermission: "DENY", roles: FakeRoles())
        #expect(!denied.allowed && denied.rule == nil)
        let authenticated = try await ACLEvaluator.decide(
            otherApp, rules: [F.role("$authenticated", "ALLOW")], defaultPermission: "DENY", roles: FakeRoles())
        #expect(authenticated.allowed)
    }

    @Test("a user-model principal type is matched by name, and ids compare as strings")
    func userModelPrincipals() async throws {
        let request = F.request("find", "READ", principals: [Principal(type: "Customer", id: "42")])
        #expect(request.isAuthenticated)
        let rule = ACLRule(permission: "ALLOW", principalType: "Customer", principalId: "42")
        let asUSER = ACLRule(permission: "ALLOW", principalType: "USER", principalId: "42")
        #expect(try await ACLEvaluator.decide(request, rules: [rule], defaultPermission: "DENY", roles: FakeRoles()).allowed)
        #expect(try await !ACLEvaluator.decide(request, rules: [asUSER], defaultPermission: "DENY", roles: FakeRoles()).allowed)
        #expect(!F.request("find", "READ", principals: [Principal(type: "ROLE", id: "admin")]).isAuthenticated)
        #expect(!F.request("find", "READ", principals: [Principal(type: "USER", id: "")]).isAuthenticated)
    }

    @Test("wildcards: a rule on the model beats a rule on every model; a method rule beats a rule on every method")
    func wildcards() async throws {
        let request = F.request("find", "READ", principals: F.user("1"))
        func decidingRule(_ rules: [ACLRule]) async throws -> ACLRule? {
            try await ACLEvaluator.decide(request, rules: rules, defaultPermission: nil, roles: FakeRoles()).rule
        }
        let anyModel = F.role("$everyone", "DENY", model: "*")
        let thisModel = F.role("$everyone", "ALLOW")
        #expect(try await decidingRule([anyModel, thisModel]) == thisModel)
        let everyMethod = F.role("$authenticated", "ALLOW", accessType: "READ")
        let thisMethod = F.role("$everyone", "DENY", property: ["find"])
        #expect(try await decidingRule([everyMethod, thisMethod]) == thisMethod)
        let everyType = F.role("$authenticated", "ALLOW", property: ["find"])
        let thisType = F.role("$everyone", "DENY", property: ["find"], accessType: "READ")
        #expect(try await decidingRule([everyType, thisType]) == thisType)
        #expect(try await decidingRule([F.role("$everyone", "DENY", model: "Order")]) == nil)
    }

    @Test("property lists and aliases in static rules")
    func propertyListsAndAliases() async throws {
        let patch = F.request("patchAttributes", "WRITE", aliases: ["updateAttributes"], modelId: 5, principals: F.user("1"))
        let byAlias = F.role("$everyone", "DENY", property: ["updateAttributes"])
        let byList = F.role("$everyone", "DENY", property: ["create", "patchAttributes"])
        let unrelated = F.role("$everyone", "DENY", property: ["create", "upsert"])
        #expect(ACLEvaluator.staticCandidates([byAlias, byList, unrelated], for: patch) == [byAlias, byList])
        for rule in [byAlias, byList] {
            let decision = try await ACLEvaluator.decide(patch, rules: [rule], defaultPermission: nil, roles: FakeRoles())
            #expect(!decision.allowed && decision.rule == rule)
        }
        let open = try await ACLEvaluator.decide(patch, rules: [unrelated], defaultPermission: nil, roles: FakeRoles())
        #expect(open.allowed && open.rule == nil)
    }

    @Test("REPLICATE requests are matched by WRITE and EXECUTE rules, not by READ rules")
    func replicate() async throws {
        let request = F.request("checkpoint", "REPLICATE", principals: F.user("1"))
        for (access, denied) in [("WRITE", true), ("EXECUTE", true), ("REPLICATE", true), ("READ", false)] {
            let decision = try await ACLEvaluator.decide(
                request, rules: [F.role("$everyone", "DENY", accessType: access)], defaultPermission: nil, roles: FakeRoles())
            #expect(decision.allowed == !denied, "\(access)")
        }
    }

    // MARK: - Permissions and defaults

    @Test(
        "no rule, DEFAULT or no permission fall back to defaultPermission, else ALLOW",
        arguments: [
            ([], nil, "ALLOW"), ([], "DENY", "DENY"), ([], "ALLOW", "ALLOW"),
            (["DEFAULT"], nil, "ALLOW"), (["DEFAULT"], "DENY", "DENY"), ([nil], "DENY", "DENY"), ([nil], nil, "ALLOW"),
            (["DEFAULT", "ALLOW"], "DENY", "ALLOW"),  // the ALLOW rule scores higher than DEFAULT and decides
            (["DEFAULT", "DENY"], "ALLOW", "DENY"),
        ] as [([String?], String?, String)])
    func defaults(permissions: [String?], defaultPermission: String?, expected: String) async throws {
        let rules = permissions.map { F.role("$everyone", $0) }
        let decision = try await ACLEvaluator.decide(
            F.request("find", "READ"), rules: rules, defaultPermission: defaultPermission, roles: FakeRoles())
        #expect(decision.permission == expected)
        #expect(decision.allowed == (expected == "ALLOW"))
        #expect((decision.rule == nil) == permissions.isEmpty)
    }

    @Test("ALARM and AUDIT allow; they outrank ALLOW and lose to DENY at equal specificity")
    func alarmAndAudit() async throws {
        func decide(_ rules: [ACLRule], defaultPermission: String? = nil) async throws -> ACLDecision {
            try await ACLEvaluator.decide(
                F.request("find", "READ"), rules: rules, defaultPermission: defaultPermission, roles: FakeRoles())
        }
        for permission in ["ALARM", "AUDIT"] {
            let rule = F.role("$everyone", permission)
            let alone = try await decide([rule], defaultPermission: "DENY")
            #expect(alone.allowed && alone.permission == permission)
            #expect(try await decide([F.role("$everyone", "ALLOW"), rule]).rule == rule)
            #expect(try await !decide([rule, F.role("$everyone", "DENY")]).allowed)
        }
    }

    // MARK: - Role lookups

    @Test("roles is not asked about rules that cannot decide")
    func lazyRoleLookups() async throws {
        let user = F.user("1")
        let roles = FakeRoles(members: ["editor": Set(user), "admin": Set(user)], owners: ["5": "1"])
        // Decided by the user's own rule: the custom role below it is never looked up.
        _ = try await ACLEvaluator.decide(
            F.request("find", "READ", principals: user),
            rules: [
                F.role("editor", "DENY"),
                ACLRule(model: "Product", permission: "ALLOW", principalType: "USER", principalId: "1"),
            ],
            defaultPermission: nil, roles: roles)
        // A rule that does not apply (READ rule, WRITE request) is never looked up.
        _ = try await ACLEvaluator.decide(
            F.request("create", "WRITE", principals: user), rules: [F.role("admin", "ALLOW", accessType: "READ")],
            defaultPermission: nil, roles: roles)
        // $authenticated on the method decides before $owner on every method is looked up.
        _ = try await ACLEvaluator.decide(
            F.request("findById", "READ", modelId: 5, principals: user),
            rules: [F.role("$owner", "ALLOW"), F.role("$authenticated", "DENY", property: ["findById"])],
            defaultPermission: nil, roles: roles)
        #expect(await roles.asked == [])

        // Two rules of one role: asked once; the lower rule reuses the answer.
        let outsider = FakeRoles()
        let decision = try await ACLEvaluator.decide(
            F.request("deleteById", "WRITE", modelId: 5, principals: F.user("9")),
            rules: [F.role("admin", "ALLOW", property: ["deleteById"]), F.role("admin", "ALLOW"), F.role("$everyone", "DENY")],
            defaultPermission: nil, roles: outsider)
        #expect(!decision.allowed)
        #expect(await outsider.asked == ["admin"])
    }

    @Test("a failing role lookup fails the decision, but only when the lookup is needed")
    func failingLookup() async throws {
        let request = F.request("find", "READ", principals: F.user("1"))
        await #expect(throws: FailingRoles.Unavailable.self) {
            try await ACLEvaluator.decide(
                request, rules: [F.role("editor", "ALLOW")], defaultPermission: nil, roles: FailingRoles())
        }
        let decided = try await ACLEvaluator.decide(
            request, rules: [F.role("editor", "ALLOW"), F.role("$everyone", "DENY", property: ["find"])],
            defaultPermission: nil, roles: FailingRoles())
        #expect(!decided.allowed)
    }
}
