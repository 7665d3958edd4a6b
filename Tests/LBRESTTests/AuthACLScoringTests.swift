import LBCore
import Testing

/// How competing static rules are ranked (auth-and-acl.md §7.1 score: property > accessType >
/// principal type > role kind > permission, DENY winning ties; §6.1/§6.2 `*` and property arrays;
/// §7.2 USER principals; §7.3 `defaultPermission`; §7.5 `aclErrorStatus` of the model and the app;
/// §8.4 static rules also match method aliases).
///
/// Users are `Member`s: ann (id 1) and bob (id 2); every record belongs to ann.
@Suite("Auth: ACL rule ranking")
struct AuthACLScoringTests {
    /// An app of `Member` plus one owned model per (name, acls, extra settings).
    static func app(_ models: [(String, String, String)], config: String = "") -> [String: String] {
        var files: [String: String] = [:]
        var entries: [(String, String)] = []
        for (name, acls, settings) in models {
            files[name.lowercased() + ".json"] = ownedModel(name, acls: acls, settings: settings)
            entries.append((name, #"{ "dataSource": "db" }"#))
        }
        return authApp(users: .member(), models: files, modelConfig: entries, config: config)
    }

    /// `$everyone ALLOW create`: outranks every `*`-property rule, so that records can be seeded.
    static let seed = rule("$everyone", "ALLOW", property: #""create""#)

    /// Registers ann and bob and seeds two records of ann's in each of `models`.
    static func prepare(_ client: Client, _ models: [String]) async throws -> (ann: Session, bob: Session) {
        let ann = try await client.register("ann", users: .member())
        let bob = try await client.register("bob", users: .member())
        for model in models {
            try await client.seed([#"{"text":"one","userId":1}"#, #"{"text":"two","userId":1}"#], at: "/api/\(model)s")
        }
        return (ann, bob)
    }

    @Test("Equal scores: DENY wins, whatever the order of the rules", arguments: TestConnector.allCases)
    func ties(connector: TestConnector) async throws {
        let app = Self.app([
            ("TieA", rules(rule("$everyone", "ALLOW", accessType: "READ"), rule("$everyone", "DENY", accessType: "READ")), ""),
            ("TieB", rules(rule("$everyone", "DENY", accessType: "READ"), rule("$everyone", "ALLOW", accessType: "READ")), ""),
            ("TieC", rules(rule("$authenticated", "ALLOW"), rule("$authenticated", "DENY")), ""),
            ("TieD", rules(rule("$owner", "DENY", property: #""findById""#), rule("$owner", "ALLOW", property: #""findById""#)), ""),
        ])
        try await withServer(app, connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client, ["TieA", "TieB", "TieC", "TieD"])
            for session in [nil, ann, bob] {
                expectUnauthorized(try await client.get("/api/TieAs/1", as: session), "TieA \(String(describing: session))")
                expectUnauthorized(try await client.get("/api/TieBs", as: session), "TieB \(String(describing: session))")
            }
            expectUnauthorized(try await client.get("/api/TieCs/1", as: ann))
            expectUnauthorized(try await client.patch("/api/TieCs/1", #"{"text":"x"}"#, as: bob))
            expectAllowed(try await client.get("/api/TieCs/1", as: nil), "no rule applies to anonymous: default ALLOW")
            expectUnauthorized(try await client.get("/api/TieDs/1", as: ann))
            expectAllowed(try await client.get("/api/TieDs/1", as: bob))
        }
    }

    @Test("At equal specificity the role kind decides: $owner > $authenticated > $everyone", arguments: TestConnector.allCases)
    func roleKinds(connector: TestConnector) async throws {
        let app = Self.app([
            ("KindA", rules(rule("$everyone", "ALLOW"), rule("$authenticated", "DENY")), ""),
            ("KindB", rules(rule("$authenticated", "ALLOW"), rule("$everyone", "DENY"), Self.seed), ""),
            ("KindC", rules(rule("$owner", "DENY"), rule("$authenticated", "ALLOW")), ""),
            ("KindD", rules(rule("$unauthenticated", "DENY"), rule("$everyone", "ALLOW"), Self.seed), ""),
        ])
        try await withServer(app, connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client, ["KindA", "KindB", "KindC", "KindD"])
            expectUnauthorized(try await client.get("/api/KindAs/1", as: ann))
            expectAllowed(try await client.get("/api/KindAs/1", as: nil))
            expectAllowed(try await client.get("/api/KindBs/1", as: bob))
            expectAllowed(try await client.patch("/api/KindBs/1", #"{"text":"x"}"#, as: bob))
            expectUnauthorized(try await client.get("/api/KindBs/1", as: nil))
            expectUnauthorized(try await client.get("/api/KindCs/1", as: ann), "ann owns record 1")
            expectUnauthorized(try await client.patch("/api/KindCs/2", #"{"text":"x"}"#, as: ann), "ann owns record 2")
            expectAllowed(try await client.get("/api/KindCs", as: ann), "no id in the path: $owner does not apply")
            expectAllowed(try await client.get("/api/KindCs/1", as: bob))
            expectUnauthorized(try await client.get("/api/KindDs", as: nil))
            expectAllowed(try await client.get("/api/KindDs", as: bob))
        }
    }

    @Test("Specificity: an exact property beats *, an exact accessType beats *, property beats accessType; property arrays", arguments: TestConnector.allCases)
    func specificity(connector: TestConnector) async throws {
        let app = Self.app([
            ("PropA", rules(rule("$everyone", "ALLOW"), rule("$everyone", "DENY", property: #""find""#)), ""),
            ("PropB", rules(rule("$everyone", "DENY"), rule("$everyone", "ALLOW", property: #""findById""#), Self.seed), ""),
            ("PropC", rules(rule("$everyone", "DENY", accessType: "READ"), rule("$everyone", "ALLOW", accessType: "*", property: #""findById""#)), ""),
            ("PropD", rules(rule("$everyone", "DENY", property: #"["find", "count"]"#)), ""),
            ("TypeA", rules(rule("$everyone", "DENY"), rule("$everyone", "ALLOW", accessType: "READ"), Self.seed), ""),
            ("ExecA", rules(rule("$everyone", "DENY", accessType: "READ"), rule("$everyone", "ALLOW", accessType: "EXECUTE")), ""),
        ])
        try await withServer(app, connector: connector) { client in
            let (ann, _) = try await Self.prepare(client, ["PropA", "PropB", "PropC", "PropD", "TypeA", "ExecA"])
            for session in [nil, ann] {
                let who = session == nil ? "anonymous" : "ann"
                expectUnauthorized(try await client.get("/api/PropAs", as: session), "PropA find \(who)")
                expectAllowed(try await client.get("/api/PropAs/1", as: session), "PropA findById \(who)")
                #expect(try await client.get("/api/PropAs/count", as: session).json == ["count": 2], "PropA count \(who)")
                expectAllowed(try await client.get("/api/PropBs/1", as: session), "PropB findById \(who)")
                expectUnauthorized(try await client.get("/api/PropBs", as: session), "PropB find \(who)")
                expectUnauthorized(try await client.get("/api/PropBs/count", as: session), "PropB count \(who)")
                expectAllowed(try await client.get("/api/PropCs/1", as: session), "PropC findById \(who)")
                expectUnauthorized(try await client.get("/api/PropCs", as: session), "PropC find \(who)")
                expectUnauthorized(try await client.get("/api/PropDs", as: session), "PropD find \(who)")
                expectUnauthorized(try await client.get("/api/PropDs/count", as: session), "PropD count \(who)")
                expectAllowed(try await client.get("/api/PropDs/1", as: session), "PropD findById \(who)")
                #expect(try await client.get("/api/PropDs/1/exists", as: session).json == ["exists": true], "PropD exists \(who)")
                expectAllowed(try await client.get("/api/TypeAs", as: session), "TypeA find \(who)")
                expectAllowed(try await client.get("/api/TypeAs/1", as: session), "TypeA findById \(who)")
                expectUnauthorized(try await client.patch("/api/TypeAs/1", #"{"text":"x"}"#, as: session), "TypeA patch \(who)")
                expectUnauthorized(try await client.delete("/api/TypeAs/1", as: session), "TypeA delete \(who)")
                // EXECUTE counts as an exact match for READ: it ties with DENY READ, and DENY wins.
                expectUnauthorized(try await client.get("/api/ExecAs/1", as: session), "ExecA findById \(who)")
                expectAllowed(try await client.patch("/api/ExecAs/1", #"{"text":"x"}"#, as: session), "ExecA patch \(who)")
            }
        }
    }

    @Test("A USER principal rule beats role rules of the same specificity, not a more specific one", arguments: TestConnector.allCases)
    func userPrincipal(connector: TestConnector) async throws {
        let app = Self.app([
            ("UserA", rules(rule("$everyone", "DENY"), rule("$authenticated", "DENY"), rule("2", "ALLOW", type: "USER"), Self.seed), ""),
            ("UserB", rules(rule("$everyone", "ALLOW"), rule("2", "ALLOW", type: "USER"), rule("$everyone", "DENY", property: #""find""#)), ""),
            ("UserC", rules(rule("$owner", "ALLOW"), rule("1", "DENY", type: "USER")), ""),
        ])
        try await withServer(app, connector: connector) { client in
            let (ann, bob) = try await Self.prepare(client, ["UserA", "UserB", "UserC"])
            expectAllowed(try await client.get("/api/UserAs", as: bob))
            expectAllowed(try await client.patch("/api/UserAs/1", #"{"text":"x"}"#, as: bob))
            expectUnauthorized(try await client.get("/api/UserAs", as: ann))
            expectUnauthorized(try await client.get("/api/UserAs/1", as: ann))
            expectUnauthorized(try await client.get("/api/UserAs", as: nil))
            expectUnauthorized(try await client.get("/api/UserBs", as: bob))
            expectAllowed(try await client.get("/api/UserBs/1", as: bob))
            expectUnauthorized(try await client.get("/api/UserCs/1", as: ann), "USER ann DENY beats $owner ALLOW")
            expectAllowed(try await client.get("/api/UserCs/1", as: bob))
        }
    }

    @Test("defaultPermission DENY: no matching rule denies; without it a model with no rules is open", arguments: TestConnector.allCases)
    func defaultPermission(connector: TestConnector) async throws {
        let app = Self.app([
            ("DefA", "[]", #""defaultPermission": "DENY""#),
            ("DefB", rules(rule("$authenticated", "ALLOW", accessType: "READ")), #""defaultPermission": "DENY""#),
            ("DefC", "[]", ""),
        ])
        try await withServer(app, connector: connector) { client in
            let (ann, _) = try await Self.prepare(client, ["DefC"])
            for session in [nil, ann] {
                expectUnauthorized(try await client.get("/api/DefAs", as: session))
                expectUnauthorized(try await client.post("/api/DefAs", #"{"text":"x"}"#, as: session))
                expectUnauthorized(try await client.post("/api/DefBs", #"{"text":"x"}"#, as: session))
            }
            #expect(try await client.get("/api/DefBs", as: ann).json == [])
            expectUnauthorized(try await client.get("/api/DefBs", as: nil))
            expectAllowed(try await client.patch("/api/DefCs/1", #"{"text":"x"}"#, as: nil))
            #expect(try await client.delete("/api/DefCs/2", as: nil).json == ["count": 1])
            #expect(try await client.get("/api/DefCs", as: nil).json?.arrayValue?.count == 1)
        }
    }

    @Test("Static rules match method aliases: updateAttributes, upsert, destroyById, removeById", arguments: TestConnector.allCases)
    func aliases(connector: TestConnector) async throws {
        let app = Self.app([
            ("AliasA", rules(rule("$everyone", "DENY", property: #""updateAttributes""#)), ""),
            ("AliasB", rules(rule("$everyone", "DENY", property: #""upsert""#)), ""),
            ("AliasC", rules(rule("$everyone", "DENY", property: #""destroyById""#)), ""),
            ("AliasD", rules(rule("$everyone", "DENY", property: #""removeById""#)), ""),
        ])
        try await withServer(app, connector: connector) { client in
            let (ann, _) = try await Self.prepare(client, ["AliasA", "AliasB", "AliasC", "AliasD"])
            for session in [nil, ann] {
                expectUnauthorized(try await client.patch("/api/AliasAs/1", #"{"text":"x"}"#, as: session), "patchAttributes")
                expectUnauthorized(try await client.patch("/api/AliasBs", #"{"id":1,"text":"x"}"#, as: session), "patchOrCreate")
                expectUnauthorized(try await client.delete("/api/AliasCs/1", as: session), "deleteById")
                expectUnauthorized(try await client.delete("/api/AliasDs/1", as: session), "deleteById")
            }
            // Other methods are untouched.
            #expect(try await client.put("/api/AliasAs/1", #"{"text":"replaced","userId":1}"#, as: ann).json?["text"] == "replaced")
            expectAllowed(try await client.get("/api/AliasAs/1", as: nil))
            expectAllowed(try await client.patch("/api/AliasBs/1", #"{"text":"x"}"#, as: nil))
            expectAllowed(try await client.patch("/api/AliasCs/1", #"{"text":"x"}"#, as: nil))
            #expect(try await client.get("/api/AliasCs/count", as: nil).json == ["count": 2])
        }
    }

    @Test("aclErrorStatus: the model setting wins over the app's; anonymous callers always get 401", arguments: TestConnector.allCases)
    func errorStatus(connector: TestConnector) async throws {
        let denyAll = rules(rule("$everyone", "DENY"), Self.seed)
        let app = Self.app(
            [("StatusA", denyAll, ""), ("StatusB", denyAll, #""aclErrorStatus": 401"#)], config: #""aclErrorStatus": 403"#)
        try await withServer(app, connector: connector) { client in
            let (ann, _) = try await Self.prepare(client, ["StatusA", "StatusB"])
            expectForbidden(try await client.get("/api/StatusAs/1", as: ann))
            expectForbidden(try await client.delete("/api/StatusAs/1", as: ann))
            expectUnauthorized(try await client.get("/api/StatusAs/1", as: nil))
            expectUnauthorized(try await client.get("/api/StatusBs/1", as: ann))
        }
        let perModel = Self.app([("StatusA", denyAll, ""), ("StatusB", denyAll, #""aclErrorStatus": 403"#)])
        try await withServer(perModel, connector: connector) { client in
            let (ann, _) = try await Self.prepare(client, ["StatusA", "StatusB"])
            expectUnauthorized(try await client.get("/api/StatusAs/1", as: ann))
            expectForbidden(try await client.get("/api/StatusBs/1", as: ann))
            expectForbidden(try await client.patch("/api/StatusBs/1", #"{"text":"x"}"#, as: ann))
            expectUnauthorized(try await client.get("/api/StatusBs/1", as: nil))
        }
    }
}
