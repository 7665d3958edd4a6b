import LBCore
import Testing

/// The built-in roles against each access type (auth-and-acl.md §6.1 fields, §6.3 built-in dynamic
/// roles, §7.1 scores incl. EXECUTE matching READ and WRITE, §7.3 resolution, §7.4 access types,
/// §7.5 default 401; §8.3 `$owner` never applies without an id in the path).
///
/// One model per (role, access type) carries, besides `$everyone ALLOW create` (so the test can
/// seed it), either `$everyone DENY` + `<role> ALLOW <type>` or `$everyone ALLOW` +
/// `<role> DENY <type>`. Every record belongs to ann. Each model is then called by anonymous, ann
/// and bob with GET /:id and GET / (READ), PATCH /:id and DELETE /:id (WRITE).
@Suite("Auth: ACL role × access type matrix")
struct AuthACLRoleMatrixTests {
    static let roles = ["$everyone", "$authenticated", "$unauthenticated", "$owner"]
    static let accessTypes = ["READ", "WRITE", "EXECUTE"]

    static func modelName(_ permission: String, _ role: String, _ accessType: String) -> String {
        func cap(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst().lowercased() }
        return cap(permission) + cap(String(role.dropFirst())) + cap(accessType)
    }

    static func app(_ permission: String) -> [String: String] {
        var models: [String: String] = [:]
        var config: [(String, String)] = []
        for role in roles {
            for accessType in accessTypes {
                let name = modelName(permission, role, accessType)
                let base = permission == "ALLOW" ? "DENY" : "ALLOW"
                let acls = rules(
                    rule("$everyone", base), rule(role, permission, accessType: accessType), rule("$everyone", "ALLOW", property: #""create""#))
                models[name.lowercased() + ".json"] = ownedModel(name, acls: acls)
                config.append((name, #"{ "dataSource": "db" }"#))
            }
        }
        return authApp(users: .member(), models: models, modelConfig: config)
    }

    /// Whether a caller is in `role` for a request on a record of ann's (`withId`: the id is in the path).
    static func isMember(_ role: String, caller: String, withId: Bool) -> Bool {
        switch role {
        case "$everyone": true
        case "$authenticated": caller != "anonymous"
        case "$unauthenticated": caller == "anonymous"
        case "$owner": withId && caller == "ann"
        default: false
        }
    }

    @Test("Each built-in role × READ/WRITE/EXECUTE × ALLOW/DENY", arguments: TestConnector.allCases, ["ALLOW", "DENY"])
    func matrix(connector: TestConnector, permission: String) async throws {
        try await withServer(Self.app(permission), connector: connector) { client in
            let ann = try await client.register("ann", users: .member())
            let bob = try await client.register("bob", users: .member())
            let callers: [(String, Session?)] = [("anonymous", nil), ("bob", bob), ("ann", ann)]
            for role in Self.roles {
                for accessType in Self.accessTypes {
                    let name = Self.modelName(permission, role, accessType)
                    let base = "/api/\(name)s"
                    for index in 1...4 {
                        #expect(try await client.post(base, #"{"text":"n\#(index)","userId":\#(ann.id)}"#).status == 200, "seed \(name)")
                    }
                    for (offset, (caller, session)) in callers.enumerated() {
                        func allowed(_ requestType: String, withId: Bool) -> Bool {
                            let matches = Self.isMember(role, caller: caller, withId: withId) && (accessType == requestType || accessType == "EXECUTE")
                            return permission == "ALLOW" ? matches : !matches
                        }
                        let label = "\(name) \(caller)"
                        let read = try await client.get(base + "/1", as: session)
                        if allowed("READ", withId: true) {
                            #expect(read.status == 200, "GET /1 \(label): \(read.text)")
                            #expect(read.json?["id"] == 1, "GET /1 \(label)")
                        } else {
                            expectUnauthorized(read, "GET /1 \(label)")
                        }
                        let list = try await client.get(base, as: session)
                        if allowed("READ", withId: false) {
                            #expect(list.status == 200, "GET / \(label): \(list.text)")
                            #expect(list.json?.arrayValue?.isEmpty == false, "GET / \(label)")
                        } else {
                            expectUnauthorized(list, "GET / \(label)")
                        }
                        let patch = try await client.patch(base + "/1", #"{"text":"by \#(caller)"}"#, as: session)
                        if allowed("WRITE", withId: true) {
                            #expect(patch.status == 200, "PATCH /1 \(label): \(patch.text)")
                            #expect(patch.json?["text"] == .string("by \(caller)"), "PATCH /1 \(label)")
                        } else {
                            expectUnauthorized(patch, "PATCH /1 \(label)")
                        }
                        let delete = try await client.delete(base + "/\(offset + 2)", as: session)
                        if allowed("WRITE", withId: true) {
                            #expect(delete.json == ["count": 1], "DELETE \(label): \(delete.text)")
                        } else {
                            expectUnauthorized(delete, "DELETE \(label)")
                        }
                    }
                }
            }
        }
    }
}
