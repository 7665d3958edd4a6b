import LBCore
import Testing

/// belongsTo over REST: `Order.customer` and `Shipment.order` of the shop app (rest-api.md §4.2
/// default FK `<relation>Id`, §4.3 belongsTo table: 200 object, 200 `{}` for a null/undefined FK,
/// 200 `null` for a dangling FK; §7.11 keeps the `{}`).
@Suite("Relations: belongsTo")
struct RelationBelongsToTests {
    @Test("GET /:id/rel answers the target", arguments: TestConnector.allCases)
    func get(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get("/api/Orders/1/customer")
            #expect(reply.status == 200)
            #expect(reply.json == Shop.ann)
            #expect(try await client.get("/api/Orders/3/customer").json == Shop.bob)
            #expect(try await client.get("/api/Shipments/3/order").json == Shop.chair)
            #expect(try await client.get("/api/Orders/1/customer?refresh=true").json == Shop.ann)
        }
    }

    @Test("GET /:id/rel follows a changed FK", arguments: TestConnector.allCases)
    func followsForeignKey(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.get("/api/Orders/1/customer").json == Shop.ann)
            #expect(try await client.patch("/api/Orders/1", #"{"customerId":2}"#).status == 200)
            #expect(try await client.get("/api/Orders/1/customer").json == Shop.bob)
            #expect(try await client.get("/api/Orders/1/customer?refresh=true").json == Shop.bob)
        }
    }

    @Test("A null or never-set FK: 200 {}", arguments: TestConnector.allCases)
    func nullForeignKey(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            try await client.seed([#"{"description":"loose","total":1}"#, #"{"description":"nulled","total":2,"customerId":null}"#], at: "/api/Orders")
            for id in [4, 5] {
                let reply = try await client.get("/api/Orders/\(id)/customer")
                #expect(reply.status == 200, "order \(id)")
                #expect(reply.text == "{}", "order \(id)")
                #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
            }
            #expect(try await client.patch("/api/Orders/1", #"{"customerId":null}"#).status == 200)
            #expect(try await client.get("/api/Orders/1/customer").text == "{}")
        }
    }

    @Test("A FK that points at nothing: 200 null", arguments: TestConnector.allCases)
    func danglingForeignKey(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            try await client.seed([#"{"description":"ghost","total":1,"customerId":99}"#], at: "/api/Orders")
            let reply = try await client.get("/api/Orders/4/customer")
            #expect(reply.status == 200)
            #expect(reply.text == "null")
            // The target deleted under the FK.
            #expect(try await client.delete("/api/Customers/2").json == ["count": 1])
            let orphan = try await client.get("/api/Orders/3/customer")
            #expect(orphan.status == 200)
            #expect(orphan.text == "null")
        }
    }

    @Test("HEAD /:id/rel: 200 without a body; unknown parent 404", arguments: TestConnector.allCases)
    func head(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            expectNoBody(try await client.head("/api/Orders/1/customer"), 200)
            expectNoBody(try await client.head("/api/Orders/77/customer"), 404)
        }
    }

    @Test("Unknown parent: 404 could not find a model with id 77", arguments: TestConnector.allCases)
    func unknownParent(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            expectUnknownParent(try await client.get("/api/Orders/77/customer"), "77")
            expectUnknownParent(try await client.get("/api/Shipments/77/order"), "77")
        }
    }

    @Test("belongsTo exposes GET only: other verbs on /:id/rel are unknown methods", arguments: TestConnector.allCases)
    func getOnly(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let post = try await client.post("/api/Orders/1/customer", #"{"name":"Zed","age":1}"#)
            #expect(post.status == 404)
            #expect(post.json == errorBody(404, #"Shared class  "Order" has no method handling POST /1/customer"#))
            let delete = try await client.delete("/api/Orders/1/customer")
            #expect(delete.json == errorBody(404, #"Shared class  "Order" has no method handling DELETE /1/customer"#))
            #expect(try await client.get("/api/Customers/count").json == ["count": 3])
        }
    }
}
