import LBCore
import LBRuntime
import Testing

@Suite("ACL matching scores (auth-and-acl.md §7.1)")
struct ACLScoreTests {
    typealias F = ACLFixtures

    @Test("the worked example of §7.6 scores exactly as documented")
    func workedExampleScores() throws {
        let rules = try F.workedExampleRules()
        let delete = F.request("deleteById", "WRITE", aliases: ["destroyById", "removeById"], modelId: 5)
        #expect(rules.map { ACLEvaluator.score($0, delete) } == [7495, -1, 8020, 7632])
        let find = F.request("find", "READ")
        #expect(ACLEvaluator.score(rules[0], find) == 7495)
        #expect(ACLEvaluator.score(rules[1], find) == 7624)
        #expect(ACLEvaluator.score(rules[2], find) == -1, "a rule for deleteById does not apply to find")
        #expect(ACLEvaluator.score(rules[3], find) == -1, "a WRITE rule does not apply to READ")
    }

    @Test(
        "each field weighs exact 3, wildcard rule 2, wildcard request 1",
        arguments: [
            // (rule model, property, accessType, request model, property, accessType, field weights)
            ("Product", "find", "READ", "Product", "find", "READ", 63),  // 3,3,3
            ("*", "find", "READ", "Product", "find", "READ", 47),  // 2,3,3
            ("Product", "*", "READ", "Product", "find", "READ", 59),  // 3,2,3
            ("Product", "find", "*", "Product", "find", "READ", 62),  // 3,3,2
            ("*", "*", "*", "Product", "find", "READ", 42),  // 2,2,2
            ("Product", "find", "READ", "*", "*", "*", 21),  // 1,1,1
            ("*", "*", "*", "*", "*", "*", 63),  // "*" equals "*": exact
            ("", "", "", "Product", "find", "READ", 42),  // empty means "*"
            ("Order", "find", "READ", "Product", "find", "READ", -1),
            ("Product", "create", "READ", "Product", "find", "READ", -1),
            ("Product", "find", "WRITE", "Product", "find", "READ", -1),
        ])
    func fieldWeights(
        ruleModel: String, ruleProperty: String, ruleAccess: String, model: String, property: String, access: String,
        weights: Int
    ) {
        let rule = ACLRule(
            model: ruleModel, property: [ruleProperty], accessType: ruleAccess, permission: "ALLOW", principalType: "ROLE",
            principalId: "$everyone")
        let request = AccessRequest(
            model: model, property: property, methodNames: [property], accessType: access, modelId: nil, principals: [],
            hasValidToken: false)
        // A $everyone ALLOW rule adds ×4+2, ×8+1, ×4+0 after the field weights.
        #expect(ACLEvaluator.score(rule, request) == (weights < 0 ? -1 : ((weights * 4 + 2) * 8 + 1) * 4))
    }

    @Test(
        "access types: EXECUTE matches everything exactly, WRITE matches REPLICATE, READ only READ",
        arguments: [
            ("READ", "READ", 3), ("READ", "WRITE", nil), ("READ", "REPLICATE", nil), ("READ", "EXECUTE", nil),
            ("WRITE", "READ", nil), ("WRITE", "WRITE", 3), ("WRITE", "REPLICATE", 3), ("WRITE", "EXECUTE", nil),
            ("EXECUTE", "READ", 3), ("EXECUTE", "WRITE", 3), ("EXECUTE", "REPLICATE", 3), ("EXECUTE", "EXECUTE", 3),
            ("REPLICATE", "READ", nil), ("REPLICATE", "WRITE", nil), ("REPLICATE", "REPLICATE", 3),
            ("*", "READ", 2), ("*", "REPLICATE", 2), ("READ", "*", 1), ("EXECUTE", "*", 3),
        ] as [(String, String, Int?)])
    func accessTypes(rule ruleAccess: String, request access: String, weight: Int?) {
        let rule = F.role("$everyone", "ALLOW", property: ["find"], accessType: ruleAccess)
        let expected = weight.map { (((((3 * 4 + 3) * 4 + $0) * 4 + 2) * 8 + 1) * 4) } ?? -1
        #expect(ACLEvaluator.score(rule, F.request("find", access)) == expected)
    }

    @Test("property: the canonical name, any alias, or one name of a list is an exact match")
    func propertyNames() {
        let patch = F.request("patchAttributes", "WRITE", aliases: ["updateAttributes"])
        let exact = ACLEvaluator.score(F.role("$everyone", "ALLOW", property: ["patchAttributes"]), patch)
        #expect(exact == ((((3 * 4 + 3) * 4 + 2) * 4 + 2) * 8 + 1) * 4)
        #expect(ACLEvaluator.score(F.role("$everyone", "ALLOW", property: ["updateAttributes"]), patch) == exact)
        #expect(ACLEvaluator.score(F.role("$everyone", "ALLOW", property: ["find", "updateAttributes"]), patch) == exact)
        #expect(ACLEvaluator.score(F.role("$everyone", "ALLOW", property: ["*", "patchAttributes"]), patch) == exact)
        #expect(ACLEvaluator.score(F.role("$everyone", "ALLOW", property: ["*", "find"]), patch) < exact)
        #expect(ACLEvaluator.score(F.role("$everyone", "ALLOW", property: []), patch) < exact)
        #expect(ACLEvaluator.score(F.role("$everyone", "ALLOW", property: ["find", "create"]), patch) == -1)
        #expect(ACLEvaluator.score(F.role("$everyone", "ALLOW", property: ["upsert"]), patch) == -1)
    }

    @Test(
        "principal type weighs USER 4, APP 3, ROLE 2, anything else 1; role kinds custom 5 … $everyone 1",
        arguments: [
            ("USER", "7", 4, 0), ("APP", "app1", 3, 0), ("Customer", "7", 1, 0), ("SCOPE", "x", 1, 0),
            ("ROLE", "admin", 2, 5), ("ROLE", "$related", 2, 3), ("ROLE", "$owner", 2, 4),
            ("ROLE", "$authenticated", 2, 2), ("ROLE", "$unauthenticated", 2, 2), ("ROLE", "$everyone", 2, 1),
        ])
    func principals(type: String, id: String, typeWeight: Int, roleWeight: Int) {
        let rule = ACLRule(permission: "ALLOW", principalType: type, principalId: id)
        // Model, property, accessType all wildcard rule: 2, 2, 2 → 42.
        #expect(ACLEvaluator.score(rule, F.request("find", "READ")) == ((42 * 4 + typeWeight) * 8 + roleWeight) * 4)
    }

    @Test(
        "permission is the last tie-breaker: DEFAULT -1, ALLOW 0 (also when absent), ALARM 1, AUDIT 2, DENY 3",
        arguments: [("DEFAULT", -1), ("ALLOW", 0), (nil, 0), ("", 0), ("ALARM", 1), ("AUDIT", 2), ("DENY", 3)]
            as [(String?, Int)])
    func permissions(permission: String?, weight: Int) {
        let rule = F.role("$everyone", permission, model: "*")
        #expect(ACLEvaluator.score(rule, F.request("find", "READ")) == ((42 * 4 + 2) * 8 + 1) * 4 + weight)
    }

    @Test("specificity dominates the principal: a ROLE rule on the method beats a USER rule on every method")
    func specificityBeforePrincipal() {
        let request = F.request("find", "READ", principals: F.user("7"))
        let userRule = ACLRule(model: "Product", permission: "DENY", principalType: "USER", principalId: "7")
        let roleRule = F.role("$everyone", "ALLOW", property: ["find"])
        #expect(ACLEvaluator.score(roleRule, request) > ACLEvaluator.score(userRule, request))
        let userOnMethod = ACLRule(
            model: "Product", property: ["find"], permission: "ALLOW", principalType: "USER", principalId: "7")
        #expect(ACLEvaluator.score(userOnMethod, request) > ACLEvaluator.score(roleRule, request))
    }
}
