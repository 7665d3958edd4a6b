import LBCore
import Testing

/// `{relation, scope}` includes and lbrun's fixes to LoopBack's include pitfalls: scope where /
/// order / fields / nested include, limit and skip **per parent** for many parents, join keys kept
/// internally when `fields` drops them, unknown relations as 400, `disableInclude`, relation
/// cycles (rest-api.md §3.9, §3.6, §7 items 4 and 5).
@Suite("Relations: include scope and pitfalls")
struct RelationIncludeScopeTests {
    @Test("scope where + order + limit apply to each parent's list", arguments: TestConnector.allCases)
    func whereOrderLimit(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get(
                "/api/Customers", filter: #"{"include":{"relation":"orders","scope":{"where":{"total":{"gt":10}},"order":"total ASC","limit":1}}}"#)
            #expect(reply.status == 200)
            #expect(reply.json == [adding(Shop.ann, "orders", [Shop.lamp]), adding(Shop.bob, "orders", [Shop.chair]), adding(Shop.cid, "orders", [])])
            let ordered = try await client.get("/api/Customers/1", filter: #"{"include":{"relation":"orders","scope":{"order":"total ASC"}}}"#)
            #expect(ordered.json == adding(Shop.ann, "orders", [Shop.lamp, Shop.desk]))
            let filtered = try await client.get("/api/Customers/1", filter: #"{"include":{"relation":"orders","scope":{"where":{"description":"desk"}}}}"#)
            #expect(filtered.json == adding(Shop.ann, "orders", [Shop.desk]))
        }
    }

    @Test("scope fields (with the join keys) and a nested include with its own scope", arguments: TestConnector.allCases)
    func fieldsAndNestedScope(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get(
                "/api/Customers/1",
                filter: #"{"include":{"relation":"orders","scope":{"fields":["description","id","customerId"],"include":{"relation":"shipments","scope":{"where":{"carrier":"UPS"}}}}}}"#)
            #expect(reply.status == 200)
            #expect(
                reply.json
                    == json(
                        #"{"name":"Ann","age":30,"id":1,"orders":[{"description":"desk","id":1,"customerId":1,"shipments":[{"carrier":"UPS","id":1,"orderId":1}]},{"description":"lamp","id":2,"customerId":1,"shipments":[]}]}"#
                    ))
        }
    }

    @Test("scope fields without the target's FK still match the right parents", arguments: TestConnector.allCases)
    func scopeFieldsWithoutKey(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get("/api/Customers", filter: #"{"include":{"relation":"orders","scope":{"fields":["description"]}}}"#)
            #expect(reply.status == 200)
            let rows = reply.json?.arrayValue ?? []
            #expect(rows.map { $0["orders"]?.arrayValue?.map { $0["description"] } } == [["desk", "lamp"], ["chair"], []])
            // Only the requested field: the join key is read, not shown (docs/RELATIONS.md).
            let keys = Set(rows.flatMap { $0["orders"]?.arrayValue ?? [] }.flatMap { $0.objectValue?.keys.elements ?? [] })
            #expect(keys == ["description"], "\(keys)")
        }
    }

    @Test("Parent fields that omit the join key: the relation is still included, the key is not shown", arguments: TestConnector.allCases)
    func parentFieldsWithoutKey(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let orders = try await client.get("/api/Orders", filter: #"{"fields":["description"],"include":"customer"}"#)
            #expect(orders.status == 200)
            #expect(
                orders.json
                    == [
                        ["description": "desk", "customer": Shop.ann], ["description": "lamp", "customer": Shop.ann],
                        ["description": "chair", "customer": Shop.bob],
                    ])
            let customers = try await client.get("/api/Customers", filter: #"{"fields":["name"],"include":"orders"}"#)
            #expect(
                customers.json
                    == [
                        ["name": "Ann", "orders": [Shop.desk, Shop.lamp]], ["name": "Bob", "orders": [Shop.chair]],
                        ["name": "Cid", "orders": []],
                    ])
            let one = try await client.get("/api/Orders/3", filter: #"{"fields":{"total":true},"include":"customer"}"#)
            #expect(one.json == ["total": 45, "customer": Shop.bob])
        }
    }

    /// 30 customers (ids 1–30), each with three orders of totals `k`, `k + 100`, `k + 200`.
    func seedThirty(_ client: Client) async throws {
        let customers = (1...30).map { #"{"name":"c\#($0)","age":\#($0)}"# }
        #expect(try await client.post("/api/Customers", "[" + customers.joined(separator: ",") + "]").status == 200)
        var orders: [String] = []
        for k in 1...30 {
            for step in [0, 100, 200] { orders.append(#"{"description":"o\#(k)-\#(step)","total":\#(k + step),"customerId":\#(k)}"#) }
        }
        #expect(try await client.post("/api/Orders", "[" + orders.joined(separator: ",") + "]").status == 200)
    }

    @Test("limit and skip inside an include scope apply per parent, for 30 parents", arguments: TestConnector.allCases)
    func limitPerParent(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedThirty(client)
            let top = try await client.get("/api/Customers", filter: #"{"include":{"relation":"orders","scope":{"order":"total DESC","limit":2}}}"#)
            #expect(top.status == 200)
            let rows = top.json?.arrayValue ?? []
            #expect(rows.count == 30)
            for (index, row) in rows.enumerated() {
                let k = index + 1
                let totals = row["orders"]?.arrayValue?.compactMap { $0["total"]?.numberValue.map { Int($0) } }
                #expect(totals == [k + 200, k + 100], "customer \(k)")
                #expect(row["orders"]?.arrayValue?.allSatisfy { $0["customerId"] == .number(Double(k)) } == true, "customer \(k)")
            }
            let middle = try await client.get("/api/Customers", filter: #"{"include":{"relation":"orders","scope":{"order":"total ASC","skip":1,"limit":1}}}"#)
            let middles = middle.json?.arrayValue?.map { $0["orders"]?.arrayValue?.compactMap { $0["total"]?.numberValue.map { Int($0) } } }
            #expect(middles == (1...30).map { [$0 + 100] })
            // The parents' own paging is independent of the include's.
            let paged = try await client.get("/api/Customers", filter: #"{"where":{"age":{"gt":25}},"include":{"relation":"orders","scope":{"limit":1}}}"#)
            #expect(paged.json?.arrayValue?.map { $0["orders"]?.arrayValue?.count } == Array(repeating: 1, count: 5))
        }
    }

    @Test("Include over 300 parents (more than one 256-key batch) attaches every child to its parent", arguments: TestConnector.allCases)
    func manyParents(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            let customers = (1...300).map { #"{"name":"c\#($0)","age":\#($0)}"# }
            #expect(try await client.post("/api/Customers", "[" + customers.joined(separator: ",") + "]").status == 200)
            let orders = (1...300).map { #"{"description":"o\#($0)","total":\#($0),"customerId":\#(301 - $0)}"# }
            #expect(try await client.post("/api/Orders", "[" + orders.joined(separator: ",") + "]").status == 200)
            let reply = try await client.get("/api/Customers", filter: #"{"include":"orders"}"#)
            #expect(reply.status == 200)
            let rows = reply.json?.arrayValue ?? []
            #expect(rows.count == 300)
            let mismatched = rows.enumerated().filter { index, row in
                row["orders"]?.arrayValue?.map { $0["total"] } != [.number(Double(300 - index))]
            }
            #expect(mismatched.isEmpty, "\(mismatched.count) customers with the wrong orders")
            let back = try await client.get("/api/Orders", filter: #"{"include":"customer"}"#)
            let owners = back.json?.arrayValue?.map { $0["customer"]?["age"] }
            #expect(owners == (1...300).map { .number(Double(301 - $0)) })
        }
    }

    @Test("An unknown relation in include: 400 Relation \"x\" is not defined for <Model> model", arguments: TestConnector.allCases)
    func unknownRelation(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let customerError = errorBody(400, #"Relation "nope" is not defined for Customer model"#)
            let orderError = errorBody(400, #"Relation "nope" is not defined for Order model"#)
            let cases: [(String, String, JSONValue)] = [
                ("/api/Customers", #"{"include":"nope"}"#, customerError),
                ("/api/Customers", #"{"include":["orders","nope"]}"#, customerError),
                ("/api/Customers", #"{"include":{"relation":"nope","scope":{"limit":1}}}"#, customerError),
                ("/api/Customers", #"{"include":{"orders":"nope"}}"#, orderError),
                ("/api/Customers", #"{"include":{"relation":"orders","scope":{"include":"nope"}}}"#, orderError),
                ("/api/Customers/findOne", #"{"include":"nope"}"#, customerError),
                ("/api/Customers/1", #"{"include":"nope"}"#, customerError),
                ("/api/Customers/1/orders", #"{"include":"nope"}"#, orderError),
            ]
            for (path, filter, expected) in cases {
                let reply = try await client.get(path, filter: filter)
                #expect(reply.status == 400, "\(path) \(filter): \(reply.text)")
                #expect(reply.json == expected, "\(path) \(filter)")
            }
            #expect(try await client.get("/api/Customers?filter[include]=nope").json == customerError)
        }
    }

    @Test("A relation with disableInclude is skipped silently; its REST route still works", arguments: TestConnector.allCases)
    func disableInclude(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let skipped = try await client.get("/api/Customers", filter: #"{"include":"hiddenOrders"}"#)
            #expect(skipped.status == 200)
            #expect(skipped.json == [Shop.ann, Shop.bob, Shop.cid])
            let mixed = try await client.get("/api/Customers/2", filter: #"{"include":["hiddenOrders","orders"]}"#)
            #expect(mixed.json == adding(Shop.bob, "orders", [Shop.chair]))
            #expect(try await client.get("/api/Customers/1/hiddenOrders").json == [Shop.desk, Shop.lamp])
        }
    }

    @Test("A relation cycle four levels deep is answered with the right nesting", arguments: TestConnector.allCases)
    func cycle(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get("/api/Customers/2", filter: #"{"include":{"orders":{"customer":{"orders":"customer"}}}}"#)
            #expect(reply.status == 200)
            let innermost = adding(Shop.chair, "customer", Shop.bob)
            let level2 = adding(Shop.bob, "orders", [innermost])
            let expected = adding(Shop.bob, "orders", [adding(Shop.chair, "customer", level2)])
            #expect(reply.json == expected)
        }
    }

    @Test("A relation cycle 50 levels deep: 400 QUERY_OBJECT_TOO_DEEP, nothing loaded, and the server keeps serving", arguments: TestConnector.allCases)
    func deepCycle(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            // orders → customer → orders → … : 50 relation names, innermost last.
            let names = (0..<50).map { $0 % 2 == 0 ? "orders" : "customer" }
            var include = "\"" + names[49] + "\""
            for name in names.dropLast().reversed() { include = "{\"" + name + "\":" + include + "}" }
            let reply = try await client.get("/api/Customers/2", filter: #"{"include":"# + include + "}")
            expectReply(
                reply, 400, errorBody(400, "The query object exceeds maximum depth 12", code: "QUERY_OBJECT_TOO_DEEP"))
            #expect(try await client.get("/api/Customers").json == [Shop.ann, Shop.bob, Shop.cid])
            #expect(try await client.get("/api/Customers/2", filter: #"{"include":"orders"}"#).json == adding(Shop.bob, "orders", [Shop.chair]))
        }
    }
}
