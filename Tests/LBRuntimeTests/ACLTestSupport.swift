import LBCore
import LBPlan
import LBRuntime
import LBTesting
import Testing

/// Requests, rules and role data for the ACL evaluation tests.
enum ACLFixtures {
    static let anonymous: [Principal] = []
    static func user(_ id: String) -> [Principal] { [Principal(type: "USER", id: id)] }

    /// A request for `model.property` by `principals` (a valid token whenever there is a principal).
    static func request(
        _ property: String, _ accessType: String, model: String = "Product", aliases: [String] = [],
        modelId: JSONValue? = nil, principals: [Principal] = []
    ) -> AccessRequest {
        AccessRequest(
            model: model, property: property, methodNames: [property] + aliases, accessType: accessType,
            modelId: modelId, principals: principals, hasValidToken: !principals.isEmpty)
    }

    /// A ROLE rule.
    static func role(
        _ role: String, _ permission: String?, model: String = "Product", property: [String] = ["*"],
        accessType: String = "*"
    ) -> ACLRule {
        ACLRule(
            model: model, property: property, accessType: accessType, permission: permission, principalType: "ROLE",
            principalId: role)
    }

    /// The static ACLs of auth-and-acl.md §7.6, compiled from a model definition like any app's.
    static func workedExampleRules() throws -> [ACLRule] {
        let product = #"""
            { "name": "Product", "base": "PersistedModel", "properties": { "name": "string" },
              "acls": [
                {"principalType":"ROLE","principalId":"$everyone","permission":"DENY"},
                {"principalType":"ROLE","principalId":"$authenticated","permission":"ALLOW","accessType":"READ"},
                {"principalType":"ROLE","principalId":"admin","permission":"ALLOW","property":"deleteById"},
                {"principalType":"ROLE","principalId":"$owner","permission":"ALLOW","accessType":"WRITE"}
              ] }
            """#
        let app = try TemporaryApp(appWith(models: [("Product", "db")], definitions: ["product.json": product]))
        let result = app.compile()
        #expect(!result.diagnostics.hasErrors)
        let plan = try #require(result.plan?.model(named: "Product"))
        return plan.acls.map { ACLRule($0, model: "Product") }
    }
}

/// Role data of the caller, recording every question: custom roles from a table of members, and
/// `$owner` from a table of instance id → owning user id.
actor FakeRoles: RoleMembership {
    let members: [String: Set<Principal>]
    let owners: [String: String]
    /// The roles asked about, in order.
    private(set) var asked: [String] = []

    init(members: [String: Set<Principal>] = [:], owners: [String: String] = [:]) {
        self.members = members
        self.owners = owners
    }

    func isInRole(_ role: String, _ request: AccessRequest) async throws -> Bool {
        asked.append(role)
        if role == "$owner" {
            guard case .number(let id)? = request.modelId, let owner = owners[JSONValue.numberText(id)] else { return false }
            return request.principals.contains(Principal(type: "USER", id: owner))
        }
        return request.principals.contains { members[role]?.contains($0) == true }
    }
}

/// Role data that cannot be read.
struct FailingRoles: RoleMembership {
    struct Unavailable: Error {}

    func isInRole(_ role: String, _ request: AccessRequest) async throws -> Bool {
        throw Unavailable()
    }
}
