import LBCore
import Testing

/// A relation's own `scope` and `properties`, and the target's default scope, on every relation
/// query: `Customer.urgentTickets` (scope `priority: "high"`, properties `name → customerName`)
/// beside the plain `Customer.tickets`; `Ticket`'s default scope orders by `subject`
/// (rest-api.md §4.1, §4.3 "filter merged with the relation scope", §4.4 scope and properties
/// copied into created targets, §3.9 relation scope and default scope merged into includes,
/// §3.10 merge rules; models.md §6.7 `scope`/`properties`, §6.9).
@Suite("Relations: relation scope, properties and default scope")
struct RelationScopeTests {
    static let broken = json(#"{"subject":"broken","priority":"high","customerName":"Ann","id":1,"customerId":1}"#)
    static let minor = json(#"{"subject":"a-minor","priority":"low","customerName":"Ann","id":2,"customerId":1}"#)
    static let crash = json(#"{"subject":"crash","priority":"high","customerName":"Bob","id":3,"customerId":2}"#)

    /// Customers of the shop; ticket 1 through `urgentTickets` of Ann, 2 through `tickets` of Ann,
    /// 3 through `urgentTickets` of Bob.
    func seed(_ client: Client) async throws {
        try await client.seed(shopCustomers, at: "/api/Customers")
        try await client.seed([#"{"subject":"broken"}"#], at: "/api/Customers/1/urgentTickets")
        try await client.seed([#"{"subject":"a-minor","priority":"low","customerName":"Ann"}"#], at: "/api/Customers/1/tickets")
        try await client.seed([#"{"subject":"crash"}"#], at: "/api/Customers/2/urgentTickets")
    }

    @Test("Create through a scoped relation: scope where values and mapped properties are set", arguments: TestConnector.allCases)
    func create(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seed(shopCustomers, at: "/api/Customers")
            let reply = try await client.post("/api/Customers/1/urgentTickets", #"{"subject":"broken"}"#)
            #expect(reply.status == 200)
            #expect(reply.json == Self.broken)
            let bob = try await client.post("/api/Customers/2/urgentTickets", #"[{"subject":"crash"}]"#)
            #expect(bob.json == [json(#"{"subject":"crash","priority":"high","customerName":"Bob","id":2,"customerId":2}"#)])
            #expect(try await client.get("/api/Tickets", filter: #"{"order":"id"}"#).json?.arrayValue?.first == Self.broken)
        }
    }

    @Test("GET and count of a scoped relation see only in-scope targets; the request where is AND-ed", arguments: TestConnector.allCases)
    func read(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.get("/api/Customers/1/urgentTickets").json == [Self.broken])
            #expect(try await client.get("/api/Customers/1/urgentTickets/count").json == ["count": 1])
            #expect(try await client.get("/api/Customers/1/urgentTickets", filter: #"{"where":{"priority":"low"}}"#).text == "[]")
            #expect(try await client.get("/api/Customers/1/urgentTickets/count", where: #"{"subject":"a-minor"}"#).json == ["count": 0])
            #expect(try await client.get("/api/Customers/1/urgentTickets/1").json == Self.broken)
            let outOfScope = try await client.get("/api/Customers/1/urgentTickets/2")
            #expect(outOfScope.status == 404)
            #expect(outOfScope.json == errorBody(404, "No instance with id 2 found for Ticket"))
            #expect(try await client.get("/api/Customers/1/tickets/count").json == ["count": 2])
        }
    }

    @Test("The target's default scope orders relation lists unless the request orders them", arguments: TestConnector.allCases)
    func defaultScopeOrder(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.get("/api/Customers/1/tickets").json == [Self.minor, Self.broken])
            #expect(try await client.get("/api/Tickets").json == [Self.minor, Self.broken, Self.crash])
            // findById and the relation's findById on a model whose default scope has an order.
            #expect(try await client.get("/api/Tickets/1").json == Self.broken)
            #expect(try await client.get("/api/Customers/1/tickets/1").json == Self.broken)
            #expect(try await client.get("/api/Customers/1/tickets", filter: #"{"order":"id ASC"}"#).json == [Self.broken, Self.minor])
            let included = try await client.get("/api/Customers/1", filter: #"{"include":"tickets"}"#)
            #expect(included.json == adding(Shop.ann, "tickets", [Self.minor, Self.broken]))
        }
    }

    @Test("include of a scoped relation applies the relation scope, with the include scope AND-ed", arguments: TestConnector.allCases)
    func include(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Customers", filter: #"{"include":"urgentTickets"}"#)
            #expect(reply.json == [adding(Shop.ann, "urgentTickets", [Self.broken]), adding(Shop.bob, "urgentTickets", [Self.crash]), adding(Shop.cid, "urgentTickets", [])])
            let narrowed = try await client.get(
                "/api/Customers", filter: #"{"include":{"relation":"urgentTickets","scope":{"where":{"subject":"crash"}}}}"#)
            #expect(narrowed.json?.arrayValue?.map { $0["urgentTickets"] } == [[], [Self.crash], []])
        }
    }

    @Test("DELETE of a scoped relation deletes only in-scope targets", arguments: TestConnector.allCases)
    func deleteAll(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            expectNoBody(try await client.delete("/api/Customers/1/urgentTickets"), 204)
            #expect(try await client.get("/api/Tickets", filter: #"{"order":"id"}"#).json == [Self.minor, Self.crash])
        }
    }
}
