import Foundation
import LBCore
import LBTesting
import Testing

/// The corpus app strongloop/loopback-example-relations served as-is (its `db` on the test's
/// connector, `transient` as shipped): every relation it declares, through REST, as the corpus
/// README describes it — Customer.orders/address/emails/accounts, Order.customer/shipments,
/// Shipment.order, Book.people (rest-api.md §4.3; where the README says 204 for a belongsTo with
/// no FK, the spec's 200 `{}` is asserted).
@Suite("Relations: corpus loopback-example-relations", .enabled(if: Repository.corpus != nil, "../shared/corpus is not present"))
struct RelationCorpusTests {
    /// The app's `server/` and `common/` files, with a `transient` datasource beside the test's `db`.
    static func app() throws -> [String: String] {
        let root = (Repository.corpus ?? "") + "/strongloop__loopback-example-relations"
        var files: [String: String] = [:]
        for folder in ["server", "common/models"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder) where name.hasSuffix(".json") {
                files[folder + "/" + name] = try String(contentsOfFile: root + "/" + folder + "/" + name, encoding: .utf8)
            }
        }
        files["server/datasources.local.json"] = #"{ "transient": { "name": "transient", "connector": "transient" } }"#
        return files
    }

    static let date = "2024-05-01T10:00:00.000Z"
    static let firstOrder = json(#"{"date":"2024-05-01T10:00:00.000Z","description":"first","id":1,"customerId":1}"#)

    @Test("Customer.orders (hasMany, FK \"\" = customerId) and Order.customer (belongsTo)", arguments: TestConnector.allCases)
    func orders(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            #expect(try await client.post("/api/Customers", #"{"name":"Ann","age":30}"#).status == 200)
            let created = try await client.post("/api/Customers/1/orders", #"{"date":"2024-05-01T10:00:00.000Z","description":"first"}"#)
            #expect(created.status == 200)
            #expect(created.json == Self.firstOrder)
            #expect(try await client.get("/api/Customers/1/orders").json == [Self.firstOrder])
            #expect(try await client.get("/api/Customers/1/orders/count").json == ["count": 1])
            let customer = try await client.get("/api/Orders/1/customer")
            #expect(customer.status == 200)
            #expect(customer.json?["name"] == "Ann")
            #expect(customer.json?["id"] == 1)
            #expect(try await client.post("/api/Orders", #"{"description":"loose"}"#).status == 200)
            let none = try await client.get("/api/Orders/2/customer")
            #expect(none.status == 200)
            #expect(none.text == "{}")
        }
    }

    @Test("Order.shipments (hasMany) and Shipment.order (belongsTo)", arguments: TestConnector.allCases)
    func shipments(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            #expect(try await client.post("/api/Customers", #"{"name":"Ann","age":30}"#).status == 200)
            #expect(try await client.post("/api/Customers/1/orders", #"{"date":"2024-05-01T10:00:00.000Z","description":"first"}"#).status == 200)
            let shipment = json(#"{"date":"2024-05-02T10:00:00.000Z","description":"box","id":1,"orderId":1}"#)
            let created = try await client.post("/api/Orders/1/shipments", #"{"date":"2024-05-02T10:00:00.000Z","description":"box"}"#)
            #expect(created.json == shipment)
            #expect(try await client.get("/api/Orders/1/shipments").json == [shipment])
            #expect(try await client.get("/api/Shipments/1/order").json == Self.firstOrder)
            let included = try await client.get("/api/Customers/1", filter: #"{"include":{"orders":"shipments"}}"#)
            #expect(included.json?["orders"] == [adding(Self.firstOrder, "shipments", [shipment])])
        }
    }

    @Test("Customer.address (embedsOne in billingAddress): POST, GET, PUT, DELETE", arguments: TestConnector.allCases)
    func address(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            #expect(try await client.post("/api/Customers", #"{"name":"Ann","age":30}"#).status == 200)
            let created = try await client.post(
                "/api/Customers/1/address", #"{"street":"1 Main St","city":"Springfield","state":"IL","zipCode":"62701"}"#)
            #expect(created.status == 200)
            #expect(created.json?["street"] == "1 Main St")
            #expect(created.json?["zipCode"] == "62701")
            let read = try await client.get("/api/Customers/1/address")
            #expect(read.json?["city"] == "Springfield")
            #expect(try await client.get("/api/Customers/1").json?["billingAddress"]?["state"] == "IL")
            let updated = try await client.put("/api/Customers/1/address", #"{"city":"Chicago"}"#)
            #expect(updated.status == 200)
            #expect(updated.json?["city"] == "Chicago")
            #expect(updated.json?["street"] == "1 Main St")
            expectNoBody(try await client.delete("/api/Customers/1/address"), 204)
            let gone = try await client.get("/api/Customers/1/address")
            #expect(gone.json == errorBody(404, #"No "Address" instance(s) found"#, code: "MODEL_NOT_FOUND"))
        }
    }

    @Test("Customer.emails (embedsMany in emailList): list, create, get, update, delete", arguments: TestConnector.allCases)
    func emails(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            #expect(try await client.post("/api/Customers", #"{"name":"Ann","age":30}"#).status == 200)
            #expect(try await client.get("/api/Customers/1/emails").text == "[]")
            let work = json(#"{"label":"work","address":"ann@work.example","id":1}"#)
            let created = try await client.post("/api/Customers/1/emails", #"{"label":"work","address":"ann@work.example"}"#)
            #expect(created.json == work)
            #expect(try await client.get("/api/Customers/1/emails").json == [work])
            #expect(try await client.get("/api/Customers/1/emails/1").json == work)
            #expect(try await client.get("/api/Customers/1").json?["emailList"] == [work])
            let updated = try await client.put("/api/Customers/1/emails/1", #"{"address":"ann@new.example"}"#)
            #expect(updated.json == json(#"{"label":"work","address":"ann@new.example","id":1}"#))
            expectNoBody(try await client.delete("/api/Customers/1/emails/1"), 204)
            #expect(try await client.get("/api/Customers/1/emails").text == "[]")
        }
    }

    @Test("Customer.accounts (referencesMany via accountIds) on the private Account model", arguments: TestConnector.allCases)
    func accounts(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            try await client.seed([#"{"name":"Ann","age":30}"#, #"{"name":"Bob","age":40}"#], at: "/api/Customers")
            let checking = json(#"{"name":"checking","balance":100,"id":1}"#)
            let created = try await client.post("/api/Customers/1/accounts", #"{"name":"checking","balance":100}"#)
            #expect(created.json == checking)
            #expect(try await client.get("/api/Customers/1/accounts").json == [checking])
            #expect(try await client.get("/api/Customers/1").json?["accountIds"] == [1])
            let linked = try await client.put("/api/Customers/2/accounts/rel/1", "{}")
            #expect(linked.status == 200)
            #expect(linked.json == checking)
            #expect(try await client.get("/api/Customers/2").json?["accountIds"] == [1])
            let included = try await client.get("/api/Customers", filter: #"{"include":["orders","accounts"]}"#)
            #expect(included.json?.arrayValue?.map { $0["accounts"] } == [[checking], [checking]])
            #expect(included.json?.arrayValue?.map { $0["orders"] } == [[], []])
            // Account is private: no endpoints of its own.
            #expect(try await client.get("/api/Accounts").json == errorBody(404, "There is no method to handle GET /Accounts"))
        }
    }

    @Test("Book.people (embedsMany Link, scope include linked) starts empty", arguments: TestConnector.allCases)
    func people(connector: TestConnector) async throws {
        try await withServer(try Self.app(), connector: connector) { client in
            #expect(try await client.post("/api/Books", #"{"name":"LoopBack in action"}"#).status == 200)
            let reply = try await client.get("/api/Books/1/people")
            #expect(reply.status == 200)
            #expect(reply.text == "[]")
            #expect(try await client.get("/api/Books/1/people/count").json == ["count": 0])
            expectUnknownParent(try await client.get("/api/Books/9/people"), "9")
        }
    }
}
