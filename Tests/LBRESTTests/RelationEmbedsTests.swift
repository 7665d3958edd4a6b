import LBCore
import Testing

/// embedsOne and embedsMany over REST: `Customer.address` (property `billingAddress`) and
/// `Customer.emails` (property `emailList`, `forceId: false`) of the contact app (rest-api.md §4.2
/// embed rows, §4.3 hasOne/embedsOne and to-many tables, §4.4 embedded ids, duplicate and invalid
/// items, embedded data in the parent's JSON; §4.6 include of embeds).
@Suite("Relations: embedsOne and embedsMany")
struct RelationEmbedsTests {
    static let work = json(#"{"label":"work","address":"ann@work.example","id":1}"#)
    static let home = json(#"{"label":"home","address":"ann@home.example","id":2}"#)

    /// Customers 1 Ann and 2 Bob, nothing embedded.
    func seed(_ client: Client) async throws {
        try await client.seed([#"{"name":"Ann"}"#, #"{"name":"Bob"}"#], at: "/api/Customers")
    }

    /// `seed` plus Ann's two emails, ids 1 (work) and 2 (home).
    func seedEmails(_ client: Client) async throws {
        try await seed(client)
        for body in [#"{"label":"work","address":"ann@work.example"}"#, #"{"label":"home","address":"ann@home.example"}"#] {
            let reply = try await client.post("/api/Customers/1/emails", body)
            #expect(reply.status == 200, "\(reply.text)")
        }
    }

    // MARK: embedsOne

    @Test("embedsOne: POST, GET and the parent's billingAddress", arguments: TestConnector.allCases)
    func embedsOneCreate(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seed(client)
            let address = json(#"{"street":"1 Main","city":"Oslo"}"#)
            let created = try await client.post("/api/Customers/1/address", #"{"street":"1 Main","city":"Oslo"}"#)
            #expect(created.status == 200)
            #expect(created.json == address)
            #expect(try await client.get("/api/Customers/1/address").json == address)
            #expect(try await client.get("/api/Customers/1").json?["billingAddress"] == address)
            expectNoBody(try await client.head("/api/Customers/1/address"), 200)
        }
    }

    @Test("embedsOne: GET without data is 404 No \"Address\" instance(s) found", arguments: TestConnector.allCases)
    func embedsOneMissing(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Customers/2/address")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, #"No "Address" instance(s) found"#, code: "MODEL_NOT_FOUND"))
        }
    }

    @Test("embedsOne: PUT updates the given properties; DELETE removes it (204)", arguments: TestConnector.allCases)
    func embedsOneUpdateAndDestroy(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.post("/api/Customers/1/address", #"{"street":"1 Main","city":"Oslo"}"#).status == 200)
            let moved = json(#"{"street":"1 Main","city":"Bergen"}"#)
            let updated = try await client.put("/api/Customers/1/address", #"{"city":"Bergen"}"#)
            #expect(updated.status == 200)
            #expect(updated.json == moved)
            #expect(try await client.get("/api/Customers/1").json?["billingAddress"] == moved)
            expectNoBody(try await client.delete("/api/Customers/1/address"), 204)
            #expect(try await client.get("/api/Customers/1/address").status == 404)
            #expect(withoutNulls(try await client.get("/api/Customers/1").json)?["billingAddress"] == nil)
        }
    }

    // MARK: embedsMany

    @Test("embedsMany: a new parent has emailList []; POST generates ids 1, 2", arguments: TestConnector.allCases)
    func embedsManyCreate(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.get("/api/Customers/1").json?["emailList"] == [])
            #expect(try await client.get("/api/Customers/1/emails").text == "[]")
            let first = try await client.post("/api/Customers/1/emails", #"{"label":"work","address":"ann@work.example"}"#)
            #expect(first.status == 200)
            #expect(first.json == Self.work)
            let second = try await client.post("/api/Customers/1/emails", #"{"label":"home","address":"ann@home.example"}"#)
            #expect(second.json == Self.home)
            // The embedded data is part of the parent's JSON.
            #expect(try await client.get("/api/Customers/1").json?["emailList"] == [Self.work, Self.home])
            #expect(try await client.get("/api/Customers/2").json?["emailList"] == [])
        }
    }

    @Test("embedsMany: GET list (filtered), count, findById; an unknown fk is 404 Unknown \"EmailAddress\" id", arguments: TestConnector.allCases)
    func embedsManyRead(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedEmails(client)
            #expect(try await client.get("/api/Customers/1/emails").json == [Self.work, Self.home])
            #expect(try await client.get("/api/Customers/1/emails", filter: #"{"where":{"label":"home"}}"#).json == [Self.home])
            #expect(try await client.get("/api/Customers/1/emails/count").json == ["count": 2])
            #expect(try await client.get("/api/Customers/1/emails/2").json == Self.home)
            let missing = try await client.get("/api/Customers/1/emails/9")
            #expect(missing.status == 404)
            #expect(missing.json == errorBody(404, #"Unknown "EmailAddress" id "9"."#, code: "MODEL_NOT_FOUND"))
            expectNoBody(try await client.head("/api/Customers/1/emails/2"), 200)
            expectNoBody(try await client.head("/api/Customers/1/emails/9"), 404)
        }
    }

    @Test("embedsMany: PUT /:fk updates one item; DELETE /:fk removes it (204); next id is max + 1", arguments: TestConnector.allCases)
    func embedsManyUpdateAndDestroy(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedEmails(client)
            let changed = json(#"{"label":"home","address":"ann@new.example","id":2}"#)
            let updated = try await client.put("/api/Customers/1/emails/2", #"{"address":"ann@new.example"}"#)
            #expect(updated.status == 200)
            #expect(updated.json == changed)
            #expect(try await client.get("/api/Customers/1").json?["emailList"] == [Self.work, changed])
            expectNoBody(try await client.delete("/api/Customers/1/emails/1"), 204)
            #expect(try await client.get("/api/Customers/1/emails").json == [changed])
            let third = try await client.post("/api/Customers/1/emails", #"{"label":"spare","address":"a@spare.example"}"#)
            #expect(third.json == json(#"{"label":"spare","address":"a@spare.example","id":3}"#))
            #expect(try await client.delete("/api/Customers/1/emails/9").status == 404)
        }
    }

    @Test("embedsMany: DELETE /:id/rel empties the list (204)", arguments: TestConnector.allCases)
    func embedsManyDeleteAll(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedEmails(client)
            expectNoBody(try await client.delete("/api/Customers/1/emails"), 204)
            #expect(try await client.get("/api/Customers/1/emails").text == "[]")
            #expect(try await client.get("/api/Customers/1").json?["emailList"] == [])
        }
    }

    @Test("embedsMany with forceId false: a client id is kept; a duplicate id is 422 uniqueness", arguments: TestConnector.allCases)
    func embedsManyClientIds(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seed(client)
            let chosen = try await client.post("/api/Customers/1/emails", #"{"label":"x","address":"x@example","id":10}"#)
            #expect(chosen.json == json(#"{"label":"x","address":"x@example","id":10}"#))
            let duplicate = try await client.post("/api/Customers/1/emails", #"{"label":"y","address":"y@example","id":10}"#)
            #expect(duplicate.status == 422)
            #expect(duplicate.error("name") == "ValidationError")
            #expect(duplicate.error("details")?["codes"]?["emailList"] == ["uniqueness"])
            #expect(duplicate.error("details")?["messages"]?["emailList"] == ["contains duplicate `id`"])
            #expect(try await client.get("/api/Customers/1").json?["emailList"] == [json(#"{"label":"x","address":"x@example","id":10}"#)])
        }
    }

    @Test("embedsMany: an invalid item is 422 and is not stored; an invalid list makes the parent invalid", arguments: TestConnector.allCases)
    func embedsManyInvalid(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedEmails(client)
            let item = try await client.post("/api/Customers/1/emails", #"{"label":"no address"}"#)
            #expect(item.status == 422)
            #expect(item.error("name") == "ValidationError")
            #expect(try await client.get("/api/Customers/1/emails/count").json == ["count": 2])
            let before = try await client.get("/api/Customers/2").json?["emailList"]
            let parent = try await client.patch("/api/Customers/2", #"{"emailList":[{"label":"x","id":3}]}"#)
            #expect(parent.status == 422)
            #expect(parent.error("details")?["codes"]?["emailList"] == ["invalid"])
            #expect(parent.error("details")?["messages"]?["emailList"] == ["contains invalid item: `3` (`address` can't be blank)"])
            #expect(try await client.get("/api/Customers/2").json?["emailList"] == before)
        }
    }

    @Test("include of embeds relations answers the embedded data under the relation name", arguments: TestConnector.allCases)
    func include(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seedEmails(client)
            #expect(try await client.post("/api/Customers/1/address", #"{"street":"1 Main","city":"Oslo"}"#).status == 200)
            let reply = try await client.get("/api/Customers/1", filter: #"{"include":["emails","address"]}"#)
            #expect(reply.status == 200)
            #expect(reply.json?["emails"] == [Self.work, Self.home])
            #expect(reply.json?["emailList"] == [Self.work, Self.home])
            #expect(reply.json?["address"] == json(#"{"street":"1 Main","city":"Oslo"}"#))
            let list = try await client.get("/api/Customers", filter: #"{"include":"emails"}"#)
            #expect(list.json?.arrayValue?.map { $0["emails"] } == [[Self.work, Self.home], []])
        }
    }

    @Test("Every embeds route of an unknown parent: 404 could not find a model with id 77", arguments: TestConnector.allCases)
    func unknownParent(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await seed(client)
            expectUnknownParent(try await client.get("/api/Customers/77/address"), "77")
            expectUnknownParent(try await client.post("/api/Customers/77/address", #"{"city":"x"}"#), "77")
            expectUnknownParent(try await client.put("/api/Customers/77/address", #"{"city":"x"}"#), "77")
            expectUnknownParent(try await client.delete("/api/Customers/77/address"), "77")
            expectUnknownParent(try await client.get("/api/Customers/77/emails"), "77")
            expectUnknownParent(try await client.post("/api/Customers/77/emails", #"{"address":"x"}"#), "77")
            expectUnknownParent(try await client.get("/api/Customers/77/emails/1"), "77")
            expectUnknownParent(try await client.put("/api/Customers/77/emails/1", #"{"address":"x"}"#), "77")
            expectUnknownParent(try await client.delete("/api/Customers/77/emails/1"), "77")
            expectUnknownParent(try await client.get("/api/Customers/77/emails/count"), "77")
        }
    }
}
