import LBCore
import Testing

/// `options.nestRemoting`: `Customer.orders` (to-many, prefix `/:id/orders/:nk`) and
/// `Shipment.order` (to-one, prefix `/:id/order`) re-expose `Order`'s relation methods
/// (rest-api.md §4.5: one level per flagged relation, intermediate lookups give §4.3's errors, a
/// missing root gives `could not find a model with id <id>`; models.md §6.7 `nestRemoting`).
@Suite("Relations: nested remoting")
struct RelationNestedRemotingTests {
    @Test("Below a to-many relation: GET list, findById, count of the target's hasMany", arguments: TestConnector.allCases)
    func toManyReads(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let list = try await client.get("/api/Customers/1/orders/1/shipments")
            #expect(list.status == 200)
            #expect(list.json == [Shop.ups1, Shop.dhl1])
            #expect(try await client.get("/api/Customers/1/orders/1/shipments", filter: #"{"where":{"carrier":"DHL"}}"#).json == [Shop.dhl1])
            #expect(try await client.get("/api/Customers/1/orders/1/shipments/2").json == Shop.dhl1)
            #expect(try await client.get("/api/Customers/1/orders/1/shipments/count").json == ["count": 2])
            #expect(try await client.get("/api/Customers/1/orders/2/shipments").text == "[]")
            expectNoBody(try await client.head("/api/Customers/1/orders/1/shipments"), 200)
        }
    }

    @Test("Below a to-many relation: the target's belongsTo, and writes", arguments: TestConnector.allCases)
    func toManyOthers(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.get("/api/Customers/2/orders/3/customer").json == Shop.bob)
            let created = try await client.post("/api/Customers/1/orders/2/shipments", #"{"carrier":"GLS","orderId":3}"#)
            #expect(created.status == 200)
            #expect(created.json == json(#"{"carrier":"GLS","id":4,"orderId":2}"#))
            let updated = try await client.put("/api/Customers/1/orders/2/shipments/4", #"{"carrier":"DPD"}"#)
            #expect(updated.json == json(#"{"carrier":"DPD","id":4,"orderId":2}"#))
            expectNoBody(try await client.delete("/api/Customers/1/orders/2/shipments/4"), 204)
            #expect(try await client.get("/api/Shipments/4").status == 404)
        }
    }

    @Test("Below a to-one relation: /Shipments/:id/order/…", arguments: TestConnector.allCases)
    func toOne(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.get("/api/Shipments/1/order/shipments").json == [Shop.ups1, Shop.dhl1])
            #expect(try await client.get("/api/Shipments/3/order/shipments/count").json == ["count": 1])
            #expect(try await client.get("/api/Shipments/1/order/customer").json == Shop.ann)
        }
    }

    @Test("A missing intermediate gives the hasMany findById 404; a missing root gives could not find", arguments: TestConnector.allCases)
    func missing(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let intermediate = try await client.get("/api/Customers/1/orders/9/shipments")
            #expect(intermediate.status == 404)
            #expect(intermediate.json == errorBody(404, "No instance with id 9 found for Order"))
            expectUnknownParent(try await client.get("/api/Customers/unknown/orders/1/shipments"), "unknown")
            expectUnknownParent(try await client.get("/api/Customers/77/orders/1/shipments"), "77")
            expectUnknownParent(try await client.post("/api/Customers/77/orders/1/shipments", #"{"carrier":"X"}"#), "77")
            #expect(try await client.get("/api/Shipments/count").json == ["count": 3])
        }
    }

    @Test("Relations without nestRemoting are not nested", arguments: TestConnector.allCases)
    func notFlagged(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get("/api/Orders/1/shipments/1/order")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, #"Shared class  "Order" has no method handling GET /1/shipments/1/order"#))
            let profile = try await client.get("/api/Customers/1/profile/customer")
            #expect(profile.json == errorBody(404, #"Shared class  "Customer" has no method handling GET /1/profile/customer"#))
        }
    }
}
