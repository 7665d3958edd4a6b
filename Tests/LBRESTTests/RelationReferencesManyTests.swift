import LBCore
import Testing

/// referencesMany over REST: `Customer.accounts` of the contact app, ids stored in the default
/// `accountIds` array (rest-api.md §4.2 referencesMany row, §4.3 to-many table incl. link (answers
/// the target) / unlink / exists, §4.4 link appends the id, §4.6 include).
@Suite("Relations: referencesMany")
struct RelationReferencesManyTests {
    static let checking = json(#"{"name":"checking","balance":10,"id":1}"#)
    static let savings = json(#"{"name":"savings","balance":99,"id":2}"#)
    static let brokerage = json(#"{"name":"brokerage","balance":5,"id":3}"#)

    /// Accounts 1 checking, 2 savings, 3 brokerage; customers 1 Ann, 2 Bob (no references).
    func seed(_ client: Client) async throws {
        try await client.seed(
            [#"{"name":"checking","balance":10}"#, #"{"name":"savings","balance":99}"#, #"{"name":"brokerage","balance":5}"#],
            at: "/api/Accounts")
        try await client.seed([#"{"name":"Ann"}"#, #"{"name":"Bob"}"#], at: "/api/Customers")
    }

    /// `accountIds` of customer `id`.
    func accountIds(_ client: Client, _ id: Int) async throws -> JSONValue? {
        try await client.get("/api/Customers/\(id)").json?["accountIds"]
    }

    /// `seed` plus Ann → accounts 1 and 2 (linked in that order).
    func seedLinks(_ client: Client) async throws {
        try await seed(client)
        for account in [1, 2] {
            let reply = try await client.put("/api/Customers/1/accounts/rel/\(account)", "{}")
            #expect(reply.status == 200, "link \(account): \(reply.text)")
        }
    }

    @Test("A new customer has accountIds []", arguments: TestConnector.allCases)
    func defaultIds(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            let created = try await client.post("/api/Customers", #"{"name":"Ann"}"#)
            #expect(created.json?["accountIds"] == [])
            #expect(try await accountIds(client, 1) == [])
            #expect(try await client.get("/api/Customers/1/accounts").text == "[]")
        }
    }

    @Test("PUT /:id/rel/rel/:fk appends the id and answers the target", arguments: TestConnector.allCases)
    func link(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seed(client)
            let first = try await client.put("/api/Customers/1/accounts/rel/2", "{}")
            #expect(first.status == 200)
            #expect(first.json == Self.savings)
            #expect(try await accountIds(client, 1) == [2])
            #expect(try await client.put("/api/Customers/1/accounts/rel/3", "{}").json == Self.brokerage)
            #expect(try await accountIds(client, 1) == [2, 3])
            #expect(withoutNulls(try await client.get("/api/Customers/2").json)?["accountIds"] ?? [] == [])
        }
    }

    @Test("GET /:id/rel and /count: the referenced accounts, filtered", arguments: TestConnector.allCases)
    func listAndCount(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            let reply = try await client.get("/api/Customers/1/accounts")
            #expect(reply.status == 200)
            #expect(reply.json == [Self.checking, Self.savings])
            #expect(try await client.get("/api/Customers/1/accounts", filter: #"{"where":{"balance":{"gt":50}}}"#).json == [Self.savings])
            #expect(try await client.get("/api/Customers/2/accounts").text == "[]")
            #expect(try await client.get("/api/Customers/1/accounts/count").json == ["count": 2])
            #expect(try await client.get("/api/Customers/1/accounts/count", where: #"{"name":"savings"}"#).json == ["count": 1])
            expectNoBody(try await client.head("/api/Customers/1/accounts"), 200)
        }
    }

    @Test("GET /:id/rel/:fk: a referenced account; unreferenced or unknown ids are 404", arguments: TestConnector.allCases)
    func findById(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            #expect(try await client.get("/api/Customers/1/accounts/2").json == Self.savings)
            let unknown = try await client.get("/api/Customers/1/accounts/99")
            #expect(unknown.status == 404)
            #expect(unknown.json == errorBody(404, "No instance with id 99 found for Account"))
            // Account 3 exists but Ann does not reference it.
            let unreferenced = try await client.get("/api/Customers/1/accounts/3")
            #expect(unreferenced.status == 404)
            #expect(unreferenced.json == errorBody(404, "No instance with id 3 found for Account"))
        }
    }

    @Test("HEAD /:id/rel/rel/:fk: 200 when referenced, else 404", arguments: TestConnector.allCases)
    func exists(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            expectNoBody(try await client.head("/api/Customers/1/accounts/rel/2"), 200)
            expectNoBody(try await client.head("/api/Customers/1/accounts/rel/3"), 404)
            expectNoBody(try await client.head("/api/Customers/2/accounts/rel/1"), 404)
        }
    }

    @Test("DELETE /:id/rel/rel/:fk: 204, removes the id; the account survives", arguments: TestConnector.allCases)
    func unlink(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            expectNoBody(try await client.delete("/api/Customers/1/accounts/rel/1"), 204)
            #expect(try await accountIds(client, 1) == [2])
            #expect(try await client.get("/api/Accounts/1").json == Self.checking)
            #expect(try await client.get("/api/Customers/1/accounts").json == [Self.savings])
        }
    }

    @Test("POST /:id/rel creates an account and references it", arguments: TestConnector.allCases)
    func create(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            let reply = try await client.post("/api/Customers/1/accounts", #"{"name":"loan","balance":-5}"#)
            #expect(reply.status == 200)
            #expect(reply.json == json(#"{"name":"loan","balance":-5,"id":4}"#))
            #expect(try await accountIds(client, 1) == [1, 2, 4])
            #expect(try await client.get("/api/Accounts/4").json == reply.json)
        }
    }

    @Test("PUT and DELETE /:id/rel/:fk update and delete a referenced account", arguments: TestConnector.allCases)
    func updateAndDestroyById(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            let updated = try await client.put("/api/Customers/1/accounts/2", #"{"balance":100}"#)
            #expect(updated.status == 200)
            #expect(updated.json == json(#"{"name":"savings","balance":100,"id":2}"#))
            expectNoBody(try await client.delete("/api/Customers/1/accounts/1"), 204)
            #expect(try await client.get("/api/Accounts/1").status == 404)
            #expect(try await accountIds(client, 1) == [2])
            #expect(try await client.put("/api/Customers/1/accounts/3", #"{"balance":0}"#).status == 404)
            #expect(try await client.get("/api/Accounts/3").json == Self.brokerage)
        }
    }

    @Test("DELETE /:id/rel: 204 and the customer references nothing", arguments: TestConnector.allCases)
    func deleteAll(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            expectNoBody(try await client.delete("/api/Customers/1/accounts"), 204)
            #expect(try await client.get("/api/Customers/1/accounts").text == "[]")
            #expect(try await client.get("/api/Customers/1/accounts/count").json == ["count": 0])
            #expect(try await client.get("/api/Accounts/3").json == Self.brokerage)
        }
    }

    @Test("Linking an account that does not exist: 404, accountIds unchanged", arguments: TestConnector.allCases)
    func linkUnknownTarget(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            let reply = try await client.put("/api/Customers/1/accounts/rel/99", "{}")
            #expect(reply.status == 404)
            #expect(reply.error("message")?.stringValue?.contains("99") == true, "\(reply.text)")
            #expect(try await accountIds(client, 1) == [1, 2])
        }
    }

    @Test("include of referencesMany attaches the referenced accounts ([] when none)", arguments: TestConnector.allCases)
    func include(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedLinks(client)
            let reply = try await client.get("/api/Customers", filter: #"{"include":"accounts"}"#)
            #expect(reply.status == 200)
            let rows = reply.json?.arrayValue ?? []
            #expect(rows.count == 2)
            #expect(rows.first?["accounts"] == [Self.checking, Self.savings])
            #expect(rows.last?["accounts"] == [])
            #expect(rows.first?["accountIds"] == [1, 2])
        }
    }

    @Test("Every referencesMany route of an unknown parent: 404 could not find a model with id 77", arguments: TestConnector.allCases)
    func unknownParent(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seed(client)
            let base = "/api/Customers/77/accounts"
            expectUnknownParent(try await client.get(base), "77")
            expectUnknownParent(try await client.post(base, #"{"name":"x","balance":1}"#), "77")
            expectUnknownParent(try await client.get(base + "/count"), "77")
            expectUnknownParent(try await client.get(base + "/1"), "77")
            expectUnknownParent(try await client.put(base + "/rel/1", "{}"), "77")
            expectUnknownParent(try await client.delete(base + "/rel/1"), "77")
            expectNoBody(try await client.head(base + "/rel/1"), 404)
            #expect(try await client.get("/api/Accounts/count").json == ["count": 3])
        }
    }
}
