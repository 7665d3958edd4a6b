import LBCore
import Testing

/// hasOne over REST: `Customer.profile` of the shop app (rest-api.md §4.2 default FK, §4.3 hasOne
/// table: get/create/update/destroy, `No "Profile" instance(s) found`, the 500s for a second create
/// and for update/destroy of an empty relation; §1.7 `protected` only hides nested data).
@Suite("Relations: hasOne")
struct RelationHasOneTests {
    static let profileBody = #"{"bio":"likes desks","ssn":"111"}"#

    @Test("POST /:id/rel creates with the FK from the parent; GET /:id/rel reads it back", arguments: TestConnector.allCases)
    func createAndGet(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let created = try await client.post("/api/Customers/1/profile", #"{"bio":"likes desks","ssn":"111","customerId":2}"#)
            #expect(created.status == 200)
            #expect(created.json == Shop.annProfile)
            let read = try await client.get("/api/Customers/1/profile")
            #expect(read.status == 200)
            #expect(read.json == Shop.annProfile)  // top level: the protected ssn is shown
            #expect(try await client.get("/api/Profiles").json == [Shop.annProfile])
            #expect(try await client.get("/api/Customers/1/profile?refresh=true").json == Shop.annProfile)
        }
    }

    @Test("GET /:id/rel without a target: 404 No \"Profile\" instance(s) found", arguments: TestConnector.allCases)
    func getMissing(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get("/api/Customers/2/profile")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, #"No "Profile" instance(s) found"#, code: "MODEL_NOT_FOUND"))
            expectNoBody(try await client.head("/api/Customers/2/profile"), 404)
        }
    }

    @Test("A second POST /:id/rel: 500 HasOne relation cannot create more than one instance", arguments: TestConnector.allCases)
    func createTwice(connector: TestConnector) async throws {
        try await withServer(shopApp(debug: true), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.post("/api/Customers/1/profile", Self.profileBody).status == 200)
            let second = try await client.post("/api/Customers/1/profile", #"{"bio":"again","ssn":"222"}"#)
            expectDebugError(second, 500, "HasOne relation cannot create more than one instance of Profile")
            #expect(try await client.get("/api/Profiles").json == [Shop.annProfile])
        }
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.post("/api/Customers/1/profile", Self.profileBody).status == 200)
            let second = try await client.post("/api/Customers/1/profile", Self.profileBody)
            #expect(second.status == 500)
            #expect(second.json == internalServerErrorBody)
        }
    }

    @Test("POST /:id/rel with an array body: 400, nothing created", arguments: TestConnector.allCases)
    func createArray(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.post("/api/Customers/1/profile", "[" + Self.profileBody + "]")
            #expect(reply.status == 400)
            #expect(reply.json == errorBody(400, "Value is not an object."))
            #expect(try await client.get("/api/Profiles/count").json == ["count": 0])
        }
    }

    @Test("PUT /:id/rel updates the given properties of the target", arguments: TestConnector.allCases)
    func update(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.post("/api/Customers/1/profile", Self.profileBody).status == 200)
            let expected = json(#"{"bio":"likes lamps","ssn":"111","id":1,"customerId":1}"#)
            let reply = try await client.put("/api/Customers/1/profile", #"{"bio":"likes lamps"}"#)
            #expect(reply.status == 200)
            #expect(reply.json == expected)
            #expect(try await client.get("/api/Profiles/1").json == expected)
        }
    }

    @Test("PUT and DELETE /:id/rel on an empty relation: 500 HasOne relation profile is empty", arguments: TestConnector.allCases)
    func updateEmpty(connector: TestConnector) async throws {
        try await withServer(shopApp(debug: true), connector: connector) { client in
            try await client.seedShop()
            expectDebugError(try await client.put("/api/Customers/2/profile", #"{"bio":"x"}"#), 500, "HasOne relation profile is empty")
            expectDebugError(try await client.delete("/api/Customers/2/profile"), 500, "HasOne relation profile is empty")
            #expect(try await client.get("/api/Profiles/count").json == ["count": 0])
        }
    }

    @Test("DELETE /:id/rel: 204, the target is gone; a second DELETE is the empty-relation 500", arguments: TestConnector.allCases)
    func destroy(connector: TestConnector) async throws {
        try await withServer(shopApp(debug: true), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.post("/api/Customers/1/profile", Self.profileBody).status == 200)
            expectNoBody(try await client.delete("/api/Customers/1/profile"), 204)
            #expect(try await client.get("/api/Customers/1/profile").status == 404)
            #expect(try await client.get("/api/Profiles").text == "[]")
            expectDebugError(try await client.delete("/api/Customers/1/profile"), 500, "HasOne relation profile is empty")
            // The relation can be filled again.
            #expect(try await client.post("/api/Customers/1/profile", Self.profileBody).status == 200)
        }
    }

    @Test("Every hasOne route of an unknown parent: 404 could not find a model with id 77", arguments: TestConnector.allCases)
    func unknownParent(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            expectUnknownParent(try await client.get("/api/Customers/77/profile"), "77")
            expectUnknownParent(try await client.post("/api/Customers/77/profile", Self.profileBody), "77")
            expectUnknownParent(try await client.put("/api/Customers/77/profile", Self.profileBody), "77")
            expectUnknownParent(try await client.delete("/api/Customers/77/profile"), "77")
            #expect(try await client.get("/api/Profiles/count").json == ["count": 0])
        }
    }
}
