import LBCore
import LBPlan
@testable import LBRuntime
import Testing

@Suite("ACL rule sources: static plans, ACL rows, the dynamic-rule query (auth-and-acl.md §6)")
struct ACLRuleSourceTests {
    typealias F = ACLFixtures

    @Test("static rules come from the compiled plan with the owning model; absent fields mean *")
    func staticRulesFromPlan() throws {
        let rules = try F.workedExampleRules()
        func rule(_ property: String, _ accessType: String, _ permission: String, _ role: String) -> ACLRule {
            ACLRule(
                model: "Product", property: [property], accessType: accessType, permission: permission,
                principalType: "ROLE", principalId: role)
        }
        #expect(rules == [
            rule("*", "*", "DENY", "$everyone"), rule("*", "READ", "ALLOW", "$authenticated"),
            rule("deleteById", "*", "ALLOW", "admin"), rule("*", "WRITE", "ALLOW", "$owner"),
        ])
    }

    @Test("an ACL row becomes a rule; absent, null or empty model, property and accessType mean *")
    func rows() {
        let full: Record = [
            "id": 1, "model": "Product", "property": "find", "accessType": "READ", "permission": "DENY",
            "principalType": "USER", "principalId": "7",
        ]
        #expect(ACLRule(row: full) == ACLRule(
            model: "Product", property: ["find"], accessType: "READ", permission: "DENY", principalType: "USER", principalId: "7"))
        let sparse: Record = ["model": nil, "property": "", "principalType": "ROLE", "principalId": "editor"]
        #expect(ACLRule(row: sparse) == ACLRule(
            model: "*", property: ["*"], accessType: "*", permission: nil, principalType: "ROLE", principalId: "editor"))
        let numericId: Record = ["principalType": "USER", "principalId": 7, "permission": "ALLOW"]
        #expect(ACLRule(row: numericId)?.principalId == "7")
    }

    @Test(
        "malformed ACL rows are not rules",
        arguments: [
            ["principalId": "editor"],
            ["principalType": "ROLE"],
            ["principalType": "", "principalId": "editor"],
            ["principalType": "ROLE", "principalId": ""],
            ["principalType": "ROLE", "principalId": true],
            ["principalType": 1, "principalId": "editor"],
            ["principalType": "ROLE", "principalId": "editor", "property": ["find"]],
            ["principalType": "ROLE", "principalId": "editor", "accessType": 3],
            ["principalType": "ROLE", "principalId": "editor", "permission": "PERMIT"],
            ["principalType": "ROLE", "principalId": "editor", "permission": "allow"],
        ] as [Record])
    func malformedRows(row: Record) {
        #expect(ACLRule(row: row) == nil)
    }

    @Test("static pre-filter: absent or * property, the canonical name, a list containing it, or an alias")
    func staticCandidates() {
        let request = F.request("patchAttributes", "WRITE", aliases: ["updateAttributes"])
        let kept = [
            F.role("$everyone", "DENY"),
            F.role("$everyone", "DENY", property: []),
            F.role("$everyone", "DENY", property: ["patchAttributes"]),
            F.role("$everyone", "DENY", property: ["create", "patchAttributes"]),
            F.role("$everyone", "DENY", property: ["updateAttributes"]),
            F.role("$everyone", "DENY", property: [""]),
        ]
        let dropped = [
            F.role("$everyone", "DENY", property: ["find"]),
            F.role("$everyone", "DENY", property: ["create", "upsert"]),
            F.role("$everyone", "DENY", property: ["prototype.patchAttributes"]),
        ]
        #expect(ACLEvaluator.staticCandidates(dropped + kept + dropped, for: request) == kept)
    }

    @Test("the dynamic-rule query: model, property (with aliases) and access type, AND-ed")
    func dynamicWhere() {
        let patch = F.request("patchAttributes", "WRITE", aliases: ["updateAttributes"])
        #expect(ACLEvaluator.dynamicRuleWhere(for: patch) == .and([
            .condition(path: "model", op: .inq, value: ["Product", "*"]),
            .condition(path: "property", op: .inq, value: ["patchAttributes", "updateAttributes", "*"]),
            .condition(path: "accessType", op: .inq, value: ["WRITE", "*"]),
        ]))
        let checkpoint = F.request("checkpoint", "REPLICATE")
        #expect(ACLEvaluator.dynamicRuleWhere(for: checkpoint) == .and([
            .condition(path: "model", op: .inq, value: ["Product", "*"]),
            .condition(path: "property", op: .inq, value: ["checkpoint", "*"]),
            .condition(path: "accessType", op: .inq, value: ["REPLICATE", "WRITE", "*"]),
        ]))
        let wildcard = F.request("*", "*")
        #expect(
            ACLEvaluator.dynamicRuleWhere(for: wildcard) == .and([.condition(path: "model", op: .inq, value: ["Product", "*"])]))
    }

    @Test("the dynamic-rule query run over ACL rows fetches exactly the rows LoopBack 3 fetches")
    func dynamicWhereOverRows() throws {
        let aclModel = QueryFixtures.model(
            "ACL",
            properties: [
                ("id", .number), ("model", .string), ("property", .string), ("accessType", .string),
                ("permission", .string), ("principalType", .string), ("principalId", .string),
            ])
        func row(_ id: Int, _ model: String, _ property: String, _ accessType: String) -> Record {
            [
                "id": .number(Double(id)), "model": .string(model), "property": .string(property),
                "accessType": .string(accessType), "permission": "DENY", "principalType": "ROLE", "principalId": "$everyone",
            ]
        }
        let rows = [
            row(1, "Product", "patchAttributes", "WRITE"),
            row(2, "Product", "updateAttributes", "WRITE"),  // an alias: fetched
            row(3, "*", "*", "*"),
            row(4, "Order", "*", "*"),
            row(5, "Product", "find", "*"),
            row(6, "Product", "*", "EXECUTE"),  // not fetched for WRITE, although it would score as exact
            row(7, "Product", "*", "READ"),
            row(8, "Product", "*", "REPLICATE"),
        ]
        func fetched(_ request: AccessRequest) -> [Int] {
            let query = ACLEvaluator.dynamicRuleWhere(for: request)
            return rows.filter { WhereEvaluator.matches($0, query, model: aclModel) }.compactMap { $0["id"]?.numberValue }
                .map { Int($0) }
        }
        #expect(fetched(F.request("patchAttributes", "WRITE", aliases: ["updateAttributes"])) == [1, 2, 3])
        #expect(fetched(F.request("checkpoint", "REPLICATE")) == [3, 8])
        #expect(fetched(F.request("find", "READ")) == [3, 5, 7])
        #expect(ACLEvaluator.score(try #require(ACLRule(row: rows[5])), F.request("patchAttributes", "WRITE")) > 0)
    }

    @Test("a dynamic row naming an alias decides like the canonical name")
    func dynamicAlias() async throws {
        let row: Record = [
            "model": "Product", "property": "updateAttributes", "accessType": "WRITE", "permission": "DENY",
            "principalType": "ROLE", "principalId": "$everyone",
        ]
        let request = F.request("patchAttributes", "WRITE", aliases: ["updateAttributes"], modelId: 5, principals: F.user("1"))
        let rule = try #require(ACLRule(row: row))
        let staticAllow = F.role("$authenticated", "ALLOW", property: ["patchAttributes"])
        let decision = try await ACLEvaluator.decide(
            request, rules: [rule, staticAllow], defaultPermission: nil, roles: FakeRoles())
        #expect(!decision.allowed && decision.rule == rule, "the exact access type outranks the role kind")
    }
}
