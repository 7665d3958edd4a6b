import LBCore
import Testing

/// hasMany over REST: `Customer.orders` and `Order.shipments` of the shop app
/// (rest-api.md §4.2 default FK, §4.3 hasMany table, §4.4 create/key checks, §1.6 204s).
@Suite("Relations: hasMany")
struct RelationHasManyTests {
    @Test("POST /:id/rel creates with the FK taken from the parent; a FK in the body is ignored", arguments: TestConnector.allCases)
    func create(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seed(shopCustomers, at: "/api/Customers")
            let reply = try await client.post("/api/Customers/1/orders", #"{"description":"desk","total":120,"customerId":2}"#)
            #expect(reply.status == 200)
            #expect(reply.json == Shop.desk)
            #expect(try await client.get("/api/Orders/1").json == Shop.desk)
            #expect(try await client.get("/api/Orders").json == [Shop.desk])
            // A second hasMany (FK orderId, named after the source model).
            let shipment = try await client.post("/api/Orders/1/shipments", #"{"carrier":"UPS"}"#)
            #expect(shipment.json == Shop.ups1)
        }
    }

    @Test("POST /:id/rel with an array body creates each item and answers the array", arguments: TestConnector.allCases)
    func createArray(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seed(shopCustomers, at: "/api/Customers")
            let reply = try await client.post(
                "/api/Customers/2/orders", #"[{"description":"a","total":1},{"description":"b","total":2,"customerId":1}]"#)
            #expect(reply.status == 200)
            #expect(
                reply.json
                    == json(#"[{"description":"a","total":1,"id":1,"customerId":2},{"description":"b","total":2,"id":2,"customerId":2}]"#))
            #expect(try await client.get("/api/Customers/2/orders/count").json == ["count": 2])
        }
    }

    @Test("POST /:id/rel validates the target: 422 ValidationError, nothing stored", arguments: TestConnector.allCases)
    func createInvalid(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seed(shopCustomers, at: "/api/Customers")
            let reply = try await client.post("/api/Customers/1/orders", #"{"total":5}"#)
            #expect(reply.status == 422)
            #expect(reply.error("name") == "ValidationError")
            #expect(reply.error("message") == "The `Order` instance is not valid. Details: `description` can't be blank (value: undefined).")
            #expect(reply.error("details") == json(#"{"context":"Order","codes":{"description":["presence"]},"messages":{"description":["can't be blank"]}}"#))
            #expect(try await client.get("/api/Orders/count").json == ["count": 0])
        }
    }

    @Test("GET /:id/rel lists the parent's targets; the request filter is AND-ed with the FK", arguments: TestConnector.allCases)
    func list(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let all = try await client.get("/api/Customers/1/orders")
            #expect(all.status == 200)
            #expect(all.json == [Shop.desk, Shop.lamp])
            #expect(try await client.get("/api/Customers/2/orders").json == [Shop.chair])
            #expect(try await client.get("/api/Customers/3/orders").text == "[]")
            let base = "/api/Customers/1/orders"
            #expect(try await client.get(base, filter: #"{"where":{"total":{"gt":50}}}"#).json == [Shop.desk])
            #expect(try await client.get(base, filter: #"{"order":"total ASC"}"#).json == [Shop.lamp, Shop.desk])
            #expect(try await client.get(base, filter: #"{"limit":1,"skip":1}"#).json == [Shop.lamp])
            #expect(try await client.get(base, filter: #"{"fields":["description"]}"#).json == json(#"[{"description":"desk"},{"description":"lamp"}]"#))
            // The parent's FK cannot be widened by the request.
            #expect(try await client.get(base, filter: #"{"where":{"customerId":2}}"#).text == "[]")
            #expect(try await client.get(base, filter: #"{"where":{"or":[{"customerId":2},{"total":15}]}}"#).json == [Shop.lamp])
            // Bracket syntax.
            #expect(try await client.get(base + "?filter[where][description]=lamp").json == [Shop.lamp])
            #expect(try await client.get(base + "?filter[order]=total%20DESC&filter[limit]=1").json == [Shop.desk])
        }
    }

    @Test("GET /:id/rel/count counts the parent's targets, filtered by ?where=", arguments: TestConnector.allCases)
    func count(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get("/api/Customers/1/orders/count")
            #expect(reply.status == 200)
            #expect(reply.json == ["count": 2])
            #expect(try await client.get("/api/Customers/1/orders/count", where: #"{"total":{"lt":100}}"#).json == ["count": 1])
            #expect(try await client.get("/api/Customers/1/orders/count?where[description]=chair").json == ["count": 0])
            #expect(try await client.get("/api/Customers/1/orders/count", where: #"{"customerId":2}"#).json == ["count": 0])
            #expect(try await client.get("/api/Customers/3/orders/count").json == ["count": 0])
            #expect(try await client.get("/api/Orders/1/shipments/count").json == ["count": 2])
        }
    }

    @Test("GET /:id/rel/:fk finds one target; an unknown fk is 404 No instance with id … found", arguments: TestConnector.allCases)
    func findById(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let found = try await client.get("/api/Customers/1/orders/2")
            #expect(found.status == 200)
            #expect(found.json == Shop.lamp)
            let missing = try await client.get("/api/Customers/1/orders/9")
            #expect(missing.status == 404)
            #expect(missing.json == errorBody(404, "No instance with id 9 found for Order"))
            #expect(try await client.get("/api/Orders/1/shipments/2").json == Shop.dhl1)
        }
    }

    @Test(
        "A target of another parent: GET/PUT/DELETE /:id/rel/:fk answer 400 Key mismatch and change nothing",
        arguments: TestConnector.allCases)
    func keyMismatch(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let mismatch = errorBody(400, "Key mismatch: Customer.id: 1, Order.customerId: 2")
            let get = try await client.get("/api/Customers/1/orders/3")
            #expect(get.status == 400)
            #expect(get.json == mismatch)
            let put = try await client.put("/api/Customers/1/orders/3", #"{"total":1}"#)
            #expect(put.status == 400)
            #expect(put.json == mismatch)
            let delete = try await client.delete("/api/Customers/1/orders/3")
            #expect(delete.status == 400)
            #expect(delete.json == mismatch)
            #expect(try await client.get("/api/Orders/3").json == Shop.chair)
        }
    }

    @Test("PUT /:id/rel/:fk updates the given properties only", arguments: TestConnector.allCases)
    func updateById(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let updated = json(#"{"description":"lamp","total":16,"id":2,"customerId":1}"#)
            let reply = try await client.put("/api/Customers/1/orders/2", #"{"total":16}"#)
            #expect(reply.status == 200)
            #expect(reply.json == updated)
            #expect(try await client.get("/api/Orders/2").json == updated)
            // Repeating the parent's own FK is not a change.
            let same = try await client.put("/api/Customers/1/orders/2", #"{"description":"lamp!","customerId":1}"#)
            #expect(same.status == 200)
            #expect(same.json?["description"] == "lamp!")
            let missing = try await client.put("/api/Customers/1/orders/9", #"{"total":1}"#)
            #expect(missing.json == errorBody(404, "No instance with id 9 found for Order"))
        }
    }

    @Test(
        "PUT /:id/rel/:fk that changes the FK: 500 Cannot override foreign key …, nothing changed",
        arguments: TestConnector.allCases)
    func updateByIdForeignKey(connector: TestConnector) async throws {
        try await withServer(shopApp(debug: true), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.put("/api/Customers/1/orders/2", #"{"customerId":2,"total":99}"#)
            expectDebugError(reply, 500, "Cannot override foreign key customerId from 1 to 2")
            #expect(try await client.get("/api/Orders/2").json == Shop.lamp)
        }
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.put("/api/Customers/1/orders/2", #"{"customerId":2}"#)
            #expect(reply.status == 500)
            #expect(reply.json == internalServerErrorBody)
        }
    }

    @Test("DELETE /:id/rel/:fk: 204 without a body, the target is gone; again → 404", arguments: TestConnector.allCases)
    func destroyById(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            expectNoBody(try await client.delete("/api/Customers/1/orders/2"), 204)
            #expect(try await client.get("/api/Orders/2").status == 404)
            #expect(try await client.get("/api/Customers/1/orders").json == [Shop.desk])
            let again = try await client.delete("/api/Customers/1/orders/2")
            #expect(again.status == 404)
            #expect(again.json == errorBody(404, "No instance with id 2 found for Order"))
        }
    }

    @Test("DELETE /:id/rel: 204, deletes every target of that parent and nothing else", arguments: TestConnector.allCases)
    func deleteAll(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            expectNoBody(try await client.delete("/api/Customers/1/orders"), 204)
            #expect(try await client.get("/api/Customers/1/orders").text == "[]")
            #expect(try await client.get("/api/Orders").json == [Shop.chair])
            // Nothing to delete is still a 204.
            expectNoBody(try await client.delete("/api/Customers/3/orders"), 204)
            #expect(try await client.get("/api/Orders/count").json == ["count": 1])
        }
    }

    @Test("HEAD on the GET routes: 200/404 without a body", arguments: TestConnector.allCases)
    func head(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            expectNoBody(try await client.head("/api/Customers/1/orders"), 200)
            expectNoBody(try await client.head("/api/Customers/1/orders/count"), 200)
            expectNoBody(try await client.head("/api/Customers/1/orders/1"), 200)
            expectNoBody(try await client.head("/api/Customers/1/orders/9"), 404)
            expectNoBody(try await client.head("/api/Customers/77/orders"), 404)
        }
    }

    @Test("A custom foreignKey on both sides (Employee.notes / Note.author via authorRef)", arguments: TestConnector.allCases)
    func customForeignKey(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seed([#"{"name":"Eve"}"#, #"{"name":"Max"}"#], at: "/api/Employees")
            let note = json(#"{"text":"hello","authorRef":1,"id":1}"#)
            let created = try await client.post("/api/Employees/1/notes", #"{"text":"hello","authorRef":2}"#)
            #expect(created.status == 200)
            #expect(created.json == note)
            #expect(try await client.get("/api/Employees/1/notes").json == [note])
            #expect(try await client.get("/api/Employees/2/notes").text == "[]")
            #expect(try await client.get("/api/Notes/1/author").json == json(#"{"name":"Eve","id":1}"#))
            let included = try await client.get("/api/Notes", filter: #"{"include":"author"}"#)
            #expect(included.json == [adding(note, "author", json(#"{"name":"Eve","id":1}"#))])
        }
    }

    @Test("options.http.path renames the REST segment; include still uses the relation name", arguments: TestConnector.allCases)
    func httpPath(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.get("/api/Customers/1/bought").json == [Shop.desk, Shop.lamp])
            #expect(try await client.get("/api/Customers/1/bought/count").json == ["count": 2])
            #expect(try await client.get("/api/Customers/1/bought/2").json == Shop.lamp)
            let renamed = try await client.get("/api/Customers/1/purchases")
            #expect(renamed.status == 404)
            #expect(renamed.json == errorBody(404, #"Shared class  "Customer" has no method handling GET /1/purchases"#))
            let included = try await client.get("/api/Customers/2", filter: #"{"include":"purchases"}"#)
            #expect(included.json == adding(Shop.bob, "purchases", [Shop.chair]))
        }
    }

    @Test("Every hasMany route of an unknown parent: 404 could not find a model with id 77", arguments: TestConnector.allCases)
    func unknownParent(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let base = "/api/Customers/77/orders"
            expectUnknownParent(try await client.get(base), "77")
            expectUnknownParent(try await client.post(base, #"{"description":"x","total":1}"#), "77")
            expectUnknownParent(try await client.get(base + "/count"), "77")
            expectUnknownParent(try await client.get(base + "/1"), "77")
            expectUnknownParent(try await client.put(base + "/1", #"{"total":1}"#), "77")
            expectUnknownParent(try await client.delete(base + "/1"), "77")
            expectUnknownParent(try await client.delete(base), "77")
            #expect(try await client.get("/api/Orders").json == [Shop.desk, Shop.lamp, Shop.chair])
        }
    }
}
