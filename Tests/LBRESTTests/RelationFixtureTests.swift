import LBCore
import Testing

/// The relation fixture apps themselves: they boot, their models serve plain CRUD, and the foreign
/// keys, polymorphic pairs and embed properties that relations add are declared properties
/// (rest-api.md §1.7, §4.2; models.md §6.7). These pass without any relation route.
@Suite("Relations: fixture apps")
struct RelationFixtureTests {
    @Test("Shop app: FKs added by relations render after the id; records round-trip", arguments: TestConnector.allCases)
    func shopCRUD(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            #expect(try await client.get("/api/Customers").json == [Shop.ann, Shop.bob, Shop.cid])
            #expect(try await client.get("/api/Orders").json == [Shop.desk, Shop.lamp, Shop.chair])
            #expect(try await client.get("/api/Shipments").json == [Shop.ups1, Shop.dhl1, Shop.ups3])
            let profile = try await client.post("/api/Profiles", #"{"bio":"likes desks","ssn":"111","customerId":1}"#)
            #expect(profile.json == Shop.annProfile)
            let ticket = try await client.post("/api/Tickets", #"{"subject":"s","priority":"low","customerName":"Ann","customerId":1}"#)
            #expect(ticket.json == json(#"{"subject":"s","priority":"low","customerName":"Ann","id":1,"customerId":1}"#))
            #expect(try await client.get("/api/Orders", filter: #"{"where":{"customerId":1}}"#).json == [Shop.desk, Shop.lamp])
            #expect(try await client.get("/api/Orders/count", where: #"{"customerId":2}"#).json == ["count": 1])
            #expect(try await client.patch("/api/Orders/3", #"{"customerId":1}"#).json?["customerId"] == 1)
        }
    }

    @Test("Shop app: through, HABTM-side, polymorphic and scoped models serve CRUD", arguments: TestConnector.allCases)
    func shopOtherModels(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seed([#"{"name":"Dr Who"}"#], at: "/api/Physicians")
            try await client.seed([#"{"name":"Amy"}"#], at: "/api/Patients")
            let appointment = try await client.post(
                "/api/Appointments", #"{"date":"2024-02-01T09:00:00.000Z","physicianId":1,"patientId":1}"#)
            #expect(appointment.json == json(#"{"date":"2024-02-01T09:00:00.000Z","id":1,"physicianId":1,"patientId":1}"#))
            #expect(try await client.post("/api/Assemblies", #"{"name":"engine"}"#).json == json(#"{"name":"engine","id":1}"#))
            #expect(try await client.post("/api/Parts", #"{"partNumber":"p-1"}"#).json == json(#"{"partNumber":"p-1","id":1}"#))
            let picture = try await client.post("/api/Pictures", #"{"name":"pic","imageableId":1,"imageableType":"Employee"}"#)
            #expect(picture.json == json(#"{"name":"pic","id":1,"imageableId":1,"imageableType":"Employee"}"#))
            #expect(try await client.post("/api/Employees", #"{"name":"Eve"}"#).json == json(#"{"name":"Eve","id":1}"#))
            let product = try await client.post("/api/Products", #"{"name":"pen","price":2,"featured":false}"#)
            #expect(product.json == json(#"{"name":"pen","price":2,"featured":false,"id":1}"#))
            #expect(try await client.get("/api/Products/1").json == product.json)
            let note = try await client.post("/api/Notes", #"{"text":"hi","authorRef":1}"#)
            #expect(note.json == json(#"{"text":"hi","authorRef":1,"id":1}"#))
        }
    }

    @Test("Contact app: embed and referencesMany properties are stored on the customer", arguments: TestConnector.allCases)
    func contactCRUD(connector: TestConnector) async throws {
        try await withServer(contactApp(), connector: connector) { client in
            try await client.seed([#"{"name":"checking","balance":10}"#, #"{"name":"savings","balance":99}"#], at: "/api/Accounts")
            let created = try await client.post(
                "/api/Customers",
                #"{"name":"Ann","billingAddress":{"street":"1 Main","city":"Oslo"},"emailList":[{"label":"work","address":"ann@work","id":1}],"accountIds":[2]}"#)
            #expect(created.status == 200, "\(created.text)")
            let read = try await client.get("/api/Customers/1")
            #expect(read.json?["billingAddress"] == json(#"{"street":"1 Main","city":"Oslo"}"#))
            #expect(read.json?["emailList"] == json(#"[{"label":"work","address":"ann@work","id":1}]"#))
            #expect(read.json?["accountIds"] == [2])
            #expect(try await client.get("/api/Accounts/2").json == json(#"{"name":"savings","balance":99,"id":2}"#))
        }
    }
}
