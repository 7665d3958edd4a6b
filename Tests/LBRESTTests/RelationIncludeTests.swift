import LBCore
import Testing

/// `include` forms and where they apply: string, array, object, `true`, nested, mixed arrays; on
/// find, findOne, findById and a relation GET; missing to-one targets; protected properties of
/// nested data (rest-api.md §3.9 forms and behaviour, §4.6, §1.7 `protected`).
@Suite("Relations: include forms")
struct RelationIncludeTests {
    static let annOrders = adding(Shop.ann, "orders", [Shop.desk, Shop.lamp])
    static let bobOrders = adding(Shop.bob, "orders", [Shop.chair])
    static let cidOrders = adding(Shop.cid, "orders", [])
    static let deskShipped = adding(Shop.desk, "shipments", [Shop.ups1, Shop.dhl1])
    static let lampShipped = adding(Shop.lamp, "shipments", [])
    static let chairShipped = adding(Shop.chair, "shipments", [Shop.ups3])
    /// Ann's profile as nested data: the protected `ssn` is hidden.
    static let nestedProfile = json(#"{"bio":"likes desks","id":1,"customerId":1}"#)

    /// `seedShop` plus Ann's profile.
    func seed(_ client: Client) async throws {
        try await client.seedShop()
        try await client.seed([#"{"bio":"likes desks","ssn":"111","customerId":1}"#], at: "/api/Profiles")
    }

    @Test("A relation name as a string (JSON and bracket forms); [] when a parent has none", arguments: TestConnector.allCases)
    func string(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let expected: JSONValue = [Self.annOrders, Self.bobOrders, Self.cidOrders]
            let reply = try await client.get("/api/Customers", filter: #"{"include":"orders"}"#)
            #expect(reply.status == 200)
            #expect(reply.json == expected)
            #expect(try await client.get("/api/Customers?filter[include]=orders").json == expected)
        }
    }

    @Test("[\"orders\"], {\"orders\": true} and arrays with boolean/number entries mean the same", arguments: TestConnector.allCases)
    func equivalentForms(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let expected: JSONValue = [Self.annOrders, Self.bobOrders, Self.cidOrders]
            for include in [#"["orders"]"#, #"{"orders":true}"#, #"["orders",true,5]"#, #"[["orders"]]"#, #"{"relation":"orders"}"#] {
                let reply = try await client.get("/api/Customers", filter: #"{"include":"# + include + "}")
                #expect(reply.status == 200, "\(include): \(reply.text)")
                #expect(reply.json == expected, "\(include)")
            }
        }
    }

    @Test("An array of relations: each attached; to-one keys omitted when absent; nested protected hidden", arguments: TestConnector.allCases)
    func array(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Customers", filter: #"{"include":["orders","profile"]}"#)
            #expect(reply.status == 200)
            let expected: JSONValue = [adding(Self.annOrders, "profile", Self.nestedProfile), Self.bobOrders, Self.cidOrders]
            #expect(canonical(reply.json) == canonical(expected))
        }
    }

    @Test("Nested: {\"orders\": \"shipments\"} attaches shipments to each order", arguments: TestConnector.allCases)
    func nested(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Customers", filter: #"{"include":{"orders":"shipments"}}"#)
            #expect(reply.status == 200)
            let expected: JSONValue = [
                adding(Shop.ann, "orders", [Self.deskShipped, Self.lampShipped]), adding(Shop.bob, "orders", [Self.chairShipped]),
                Self.cidOrders,
            ]
            #expect(reply.json == expected)
        }
    }

    @Test("Three levels through belongsTo: shipment → order → customer → profile", arguments: TestConnector.allCases)
    func threeLevels(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Shipments", filter: #"{"include":{"order":{"customer":"profile"}}}"#)
            #expect(reply.status == 200)
            let annWithProfile = adding(Shop.ann, "profile", Self.nestedProfile)
            let expected: JSONValue = [
                adding(Shop.ups1, "order", adding(Shop.desk, "customer", annWithProfile)),
                adding(Shop.dhl1, "order", adding(Shop.desk, "customer", annWithProfile)),
                adding(Shop.ups3, "order", adding(Shop.chair, "customer", Shop.bob)),
            ]
            #expect(reply.json == expected)
        }
    }

    @Test("Mixed: {\"orders\": [\"shipments\", {\"customer\": \"profile\"}]}", arguments: TestConnector.allCases)
    func mixed(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Customers/1", filter: #"{"include":{"orders":["shipments",{"customer":"profile"}]}}"#)
            #expect(reply.status == 200)
            let annWithProfile = adding(Shop.ann, "profile", Self.nestedProfile)
            let expected = adding(
                Shop.ann, "orders",
                [adding(Self.deskShipped, "customer", annWithProfile), adding(Self.lampShipped, "customer", annWithProfile)])
            #expect(canonical(reply.json) == canonical(expected))
        }
    }

    @Test("findOne, findById and a relation GET accept include", arguments: TestConnector.allCases)
    func everyReadEndpoint(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let one = try await client.get("/api/Customers/findOne", filter: #"{"where":{"name":"Bob"},"include":"orders"}"#)
            #expect(one.status == 200)
            #expect(one.json == Self.bobOrders)
            let byId = try await client.get("/api/Customers/1", filter: #"{"include":"orders"}"#)
            #expect(byId.json == Self.annOrders)
            let related = try await client.get("/api/Customers/1/orders", filter: #"{"include":"shipments"}"#)
            #expect(related.json == [Self.deskShipped, Self.lampShipped])
            let relatedBack = try await client.get("/api/Orders/1/shipments", filter: #"{"include":"order"}"#)
            #expect(relatedBack.json == [adding(Shop.ups1, "order", Shop.desk), adding(Shop.dhl1, "order", Shop.desk)])
            let bracket = try await client.get("/api/Customers/2?filter[include]=orders")
            #expect(bracket.json == Self.bobOrders)
        }
    }

    @Test("belongsTo include: the key is omitted for a null, never-set or dangling FK", arguments: TestConnector.allCases)
    func belongsToMissing(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            try await client.seed(
                [#"{"description":"loose","total":1}"#, #"{"description":"ghost","total":2,"customerId":99}"#, #"{"description":"nulled","total":3,"customerId":null}"#],
                at: "/api/Orders")
            let reply = try await client.get("/api/Orders", filter: #"{"include":"customer"}"#)
            #expect(reply.status == 200)
            let expected: JSONValue = [
                adding(Shop.desk, "customer", Shop.ann), adding(Shop.lamp, "customer", Shop.ann), adding(Shop.chair, "customer", Shop.bob),
                json(#"{"description":"loose","total":1,"id":4}"#), json(#"{"description":"ghost","total":2,"id":5,"customerId":99}"#),
                json(#"{"description":"nulled","total":3,"id":6}"#),
            ]
            #expect(withoutNulls(reply.json) == expected)
        }
    }

    @Test("hasOne include: the object, or no key at all", arguments: TestConnector.allCases)
    func hasOne(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Customers", filter: #"{"include":"profile"}"#)
            #expect(reply.json == [adding(Shop.ann, "profile", Self.nestedProfile), Shop.bob, Shop.cid])
        }
    }

    @Test("hasMany-through include: the linked targets per parent", arguments: TestConnector.allCases)
    func through(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seed([#"{"name":"Dr Ada"}"#, #"{"name":"Dr Bo"}"#, #"{"name":"Dr Cy"}"#], at: "/api/Physicians")
            try await client.seed([#"{"name":"Amy"}"#, #"{"name":"Ben"}"#], at: "/api/Patients")
            for (physician, patient) in [(1, 1), (1, 2), (2, 2)] {
                #expect(try await client.put("/api/Physicians/\(physician)/patients/rel/\(patient)", "{}").status == 200)
            }
            let reply = try await client.get("/api/Physicians", filter: #"{"include":"patients"}"#)
            #expect(reply.status == 200)
            #expect(
                reply.json
                    == json(
                        #"[{"name":"Dr Ada","id":1,"patients":[{"name":"Amy","id":1},{"name":"Ben","id":2}]},{"name":"Dr Bo","id":2,"patients":[{"name":"Ben","id":2}]},{"name":"Dr Cy","id":3,"patients":[]}]"#
                    ))
            let scoped = try await client.get(
                "/api/Patients/2", filter: #"{"include":{"relation":"physicians","scope":{"where":{"name":"Dr Bo"}}}}"#)
            #expect(scoped.json == json(#"{"name":"Ben","id":2,"physicians":[{"name":"Dr Bo","id":2}]}"#))
        }
    }
}
