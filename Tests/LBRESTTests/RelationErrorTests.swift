import LBCore
import Testing

/// Bad input on relation routes: unknown relation segments, malformed `filter`/`where`/bodies,
/// invalid paging, and unknown parents across relation types in one app (rest-api.md §4.3
/// "non-existent parent id", §3.1–§3.2 filter errors, §1.3 body errors, §5.3 catalogue).
@Suite("Relations: bad input")
struct RelationErrorTests {
    @Test("An unknown relation segment: 404 Shared class … has no method handling", arguments: TestConnector.allCases)
    func unknownSegment(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let reply = try await client.get("/api/Customers/1/nope")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, #"Shared class  "Customer" has no method handling GET /1/nope"#))
            let deep = try await client.get("/api/Customers/1/orders/1/nope")
            #expect(deep.json == errorBody(404, #"Shared class  "Customer" has no method handling GET /1/orders/1/nope"#))
            // link/unlink exist only for through and referencesMany relations.
            let link = try await client.put("/api/Customers/1/orders/rel/3", "{}")
            #expect(link.json == errorBody(404, #"Shared class  "Customer" has no method handling PUT /1/orders/rel/3"#))
            #expect(try await client.get("/api/Orders/3").json == Shop.chair)
        }
    }

    @Test("Malformed filter, where and limit on relation routes: the filter-language 400s", arguments: TestConnector.allCases)
    func malformedQueries(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            let cases: [(String, JSONValue)] = [
                ("/api/Customers/1/orders?filter=" + enc("{bad}"), errorBody(400, "Cannot parse JSON-encoded object value.")),
                ("/api/Customers/1/orders?filter=5", errorBody(400, "Value is not an object.")),
                ("/api/Customers/1/orders/count?where=" + enc("{bad}"), errorBody(400, "Cannot parse JSON-encoded object value.")),
                ("/api/Customers/1/orders?filter=" + enc(#"{"limit":"abc"}"#), errorBody(400, #"The limit parameter "abc" is not valid"#)),
                ("/api/Customers/1/orders?filter=" + enc(#"{"order":"total UP"}"#), errorBody(400, #"The order "total UP" has invalid direction"#)),
                ("/api/Products/cheap?filter=" + enc("{bad}"), errorBody(400, "Cannot parse JSON-encoded object value.")),
            ]
            for (path, expected) in cases {
                let reply = try await client.get(path)
                #expect(reply.status == 400, "\(path): \(reply.text)")
                #expect(reply.json == expected, "\(path)")
            }
        }
    }

    @Test("Malformed JSON bodies on relation writes: 400 SyntaxError, nothing written", arguments: TestConnector.allCases)
    func malformedBodies(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            for (path, isPut) in [("/api/Customers/1/orders", false), ("/api/Customers/1/orders/1", true), ("/api/Customers/1/profile", false)] {
                let reply = isPut ? try await client.put(path, "{") : try await client.post(path, #"{"description":}"#)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.error("name") == "SyntaxError", "\(path)")
            }
            #expect(try await client.get("/api/Orders").json == [Shop.desk, Shop.lamp, Shop.chair])
            #expect(try await client.get("/api/Profiles/count").json == ["count": 0])
        }
    }

    @Test("An unknown parent on each relation type of the shop app: 404 could not find a model with id 77", arguments: TestConnector.allCases)
    func unknownParentEverywhere(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seedShop()
            for path in [
                "/api/Customers/77/orders", "/api/Customers/77/profile", "/api/Customers/77/urgentTickets", "/api/Orders/77/customer",
                "/api/Orders/77/shipments", "/api/Physicians/77/patients", "/api/Assemblies/77/parts", "/api/Pictures/77/imageable",
                "/api/Employees/77/pictures",
            ] {
                expectUnknownParent(try await client.get(path), "77")
            }
            // A junk id is a 404 too, never a 500 (§7 item 15).
            expectUnknownParent(try await client.get("/api/Customers/abc/orders"), "abc")
            expectUnknownParent(try await client.get("/api/Customers/null/profile"), "null")
        }
    }
}
