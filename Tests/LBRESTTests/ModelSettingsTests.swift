import LBCore
import Testing

@testable import LBREST

/// Model settings seen over HTTP: default scope (rest-api.md §3.10) and hidden properties (§1.7;
/// lbrun: naming a hidden property in a query is a 400).
@Suite("REST model settings")
struct ModelSettingsTests {
    /// `Product` whose default scope keeps prices under 100, most expensive first. Seeded with the
    /// catalog, the visible products are 4 Standing Desk 99, 2 Chair 45, 5 Bench 45, 3 lamp 15.
    static let scoped = productApp(settings: #""scope": { "where": { "price": { "lt": 100 } }, "order": "price DESC" }"#)

    @Test("Default scope: find applies its where and its order unless the request orders", arguments: TestConnector.allCases)
    func scopeFind(connector: TestConnector) async throws {
        try await withServer(Self.scoped, connector: connector) { client in
            try await client.seedCatalog()
            #expect(ids(try await client.get("/api/Products")) == [4, 2, 5, 3])
            #expect(ids(try await client.get(filtered(#"{"order":"price ASC"}"#))) == [3, 2, 5, 4])
            #expect(ids(try await client.get(filtered(#"{"where":{"name":{"like":"%Desk%"}}}"#))) == [4])
            // The request cannot widen the scope.
            #expect(ids(try await client.get(filtered(#"{"where":{"or":[{"price":120},{"price":15}]}}"#))) == [3])
            #expect(try await client.get("/api/Products/findOne").json == ["name": "Standing Desk", "price": 99, "tags": ["office", "wood"], "id": 4])
        }
    }

    @Test("Default scope: count, findById, exists and delete see only the scoped records", arguments: TestConnector.allCases)
    func scopeOtherReads(connector: TestConnector) async throws {
        try await withServer(Self.scoped, connector: connector) { client in
            try await client.seedCatalog()
            #expect(try await client.get("/api/Products/count").json == ["count": 4])
            #expect(try await client.get("/api/Products/count?where[price][gt]=20").json == ["count": 3])
            let hidden = try await client.get("/api/Products/1")
            #expect(hidden.status == 404)
            #expect(hidden.json == errorBody(404, #"Unknown "Product" id "1"."#, code: "MODEL_NOT_FOUND"))
            #expect(try await client.get("/api/Products/2").json == ["name": "Chair", "price": 45, "tags": ["office"], "id": 2])
            #expect(try await client.get("/api/Products/1/exists").json == ["exists": false])
            #expect(try await client.head("/api/Products/1").status == 404)
            #expect(try await client.post("/api/Products/update", #"{"tags":[]}"#).json == ["count": 4])
            let patch = try await client.patch("/api/Products/1", #"{"price":1}"#)
            #expect(patch.json == errorBody(404, "could not find a model with id 1", code: "MODEL_NOT_FOUND"))
            #expect(try await client.delete("/api/Products/1").json == ["count": 0])
            #expect(try await client.delete("/api/Products/2").json == ["count": 1])
            #expect(try await client.get("/api/Products/count").json == ["count": 3])
        }
    }

    @Test("Default scope: its where equality values are forced onto created data", arguments: TestConnector.allCases)
    func scopeForcedOnWrites(connector: TestConnector) async throws {
        let app = productApp(settings: #""scope": { "where": { "archived": false } }"#, properties: #""archived": "boolean""#)
        try await withServer(app, connector: connector) { client in
            let created = try await client.post("/api/Products", #"{"name":"Desk","price":1,"tags":[],"archived":true}"#)
            #expect(created.status == 200)
            #expect(created.json == ["name": "Desk", "price": 1, "tags": [], "archived": false, "id": 1])
            let omitted = try await client.post("/api/Products", #"{"name":"Chair","price":2,"tags":[]}"#)
            #expect(omitted.json == ["name": "Chair", "price": 2, "tags": [], "archived": false, "id": 2])
            #expect(ids(try await client.get("/api/Products")) == [1, 2])
            #expect(try await client.get("/api/Products/count").json == ["count": 2])
            let updated = try await client.post("/api/Products/update", #"{"archived":true}"#)
            #expect(updated.json == ["count": 2])
            #expect(ids(try await client.get("/api/Products")) == [1, 2])
        }
    }

    static let withSecret = productApp(settings: #""hidden": ["secret"]"#, properties: #""secret": "string""#)

    @Test("Hidden properties are accepted on input and never output", arguments: TestConnector.allCases)
    func hiddenOutput(connector: TestConnector) async throws {
        try await withServer(Self.withSecret, connector: connector) { client in
            let created = try await client.post("/api/Products", #"{"name":"Desk","price":1,"tags":[],"secret":"s3"}"#)
            #expect(created.status == 200)
            #expect(created.json == ["name": "Desk", "price": 1, "tags": [], "id": 1])
            #expect(try await client.get("/api/Products/1").json == ["name": "Desk", "price": 1, "tags": [], "id": 1])
            #expect(try await client.get("/api/Products").json == [["name": "Desk", "price": 1, "tags": [], "id": 1]])
            #expect(try await client.get("/api/Products/findOne").json == ["name": "Desk", "price": 1, "tags": [], "id": 1])
            #expect(try await client.patch("/api/Products/1", #"{"secret":"t"}"#).json == ["name": "Desk", "price": 1, "tags": [], "id": 1])
            #expect(try await client.put("/api/Products/1", #"{"name":"Desk","secret":"u"}"#).json == ["name": "Desk", "id": 1])
            let fields = try await client.get(filtered(#"{"fields":{"price":false}}"#))
            #expect(fields.json == [["name": "Desk", "id": 1]])
        }
    }

    @Test("A hidden property named in where, fields or order: 400 HIDDEN_PROPERTY_IN_QUERY", arguments: TestConnector.allCases)
    func hiddenInQuery(connector: TestConnector) async throws {
        try await withServer(Self.withSecret, connector: connector) { client in
            try await client.seed([#"{"name":"Desk","secret":"s3"}"#])
            for path in [
                filtered(#"{"where":{"secret":"s3"}}"#),
                filtered(#"{"where":{"or":[{"name":"x"},{"secret":{"like":"s%"}}]}}"#),
                filtered(#"{"where":{"secret.x":1}}"#),
                filtered(#"{"fields":["name","secret"]}"#),
                filtered(#"{"fields":{"secret":true}}"#),
                filtered(#"{"order":"secret DESC"}"#),
                "/api/Products?filter[where][secret]=s3",
                "/api/Products/count?where[secret]=s3",
                "/api/Products/findOne?filter[where][secret]=s3",
            ] {
                let reply = try await client.get(path)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.error("code") == "HIDDEN_PROPERTY_IN_QUERY", "\(path)")
                #expect(reply.error("name") == "Error", "\(path)")
            }
            let update = try await client.post("/api/Products/update?where[secret]=s3", #"{"price":9}"#)
            #expect(update.status == 400)
            #expect(update.error("code") == "HIDDEN_PROPERTY_IN_QUERY")
            #expect(try await client.get("/api/Products/1").json == ["name": "Desk", "id": 1])
        }
    }
}
