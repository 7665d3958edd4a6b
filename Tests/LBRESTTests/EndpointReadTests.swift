import LBCore
import Testing

@testable import LBREST

/// `find`, `findById`, `findOne`, `count`, `exists` (rest-api.md §2.1, §2.3).
@Suite("REST read")
struct EndpointReadTests {
    static let desk: JSONValue = ["name": "Desk", "price": 120, "tags": ["wood", "office"], "id": 1]
    static let chair: JSONValue = ["name": "Chair", "price": 45, "tags": ["office"], "id": 2]
    static let lamp: JSONValue = ["name": "lamp", "price": 15, "tags": ["light"], "id": 3]

    func seedThree(_ client: Client) async throws {
        try await client.seed(Array(catalog.prefix(3)))
    }

    @Test("GET / on an empty model is []", arguments: TestConnector.allCases)
    func findEmpty(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.get("/api/Products")
            #expect(reply.status == 200)
            #expect(reply.text == "[]")
            #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
        }
    }

    @Test("GET / lists every instance in id order", arguments: TestConnector.allCases)
    func findAll(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            let reply = try await client.get("/api/Products")
            #expect(reply.status == 200)
            #expect(reply.json == [Self.desk, Self.chair, Self.lamp])
        }
    }

    @Test("GET / keeps id order after updates", arguments: TestConnector.allCases)
    func findOrderAfterUpdate(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            _ = try await client.patch("/api/Products/1", #"{"price":121}"#)
            _ = try await client.put("/api/Products/2", #"{"name":"Chair","price":45,"tags":["office"]}"#)
            #expect(ids(try await client.get("/api/Products")) == [1, 2, 3])
        }
    }

    @Test("GET /:id returns the instance", arguments: TestConnector.allCases)
    func findById(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            let reply = try await client.get("/api/Products/2")
            #expect(reply.status == 200)
            #expect(reply.json == Self.chair)
        }
    }

    @Test("GET /:id of an unknown id: 404 MODEL_NOT_FOUND", arguments: TestConnector.allCases)
    func findByIdMissing(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            let reply = try await client.get("/api/Products/42")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, #"Unknown "Product" id "42"."#, code: "MODEL_NOT_FOUND"))
        }
    }

    @Test("GET /:id with a non-numeric id for a numeric id is a 404, not a 500", arguments: TestConnector.allCases)
    func findByIdJunk(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            for (path, shown) in [("abc", "abc"), ("1.5", "1.5"), ("0668", "0668"), ("a%20b", "a b")] {
                let reply = try await client.get("/api/Products/" + path)
                #expect(reply.status == 404, "id \(path)")
                #expect(reply.json == errorBody(404, "Unknown \"Product\" id \"\(shown)\".", code: "MODEL_NOT_FOUND"), "id \(path)")
            }
        }
    }

    @Test(
        "Path ids that are not canonical numbers are coerced by the id type: 01, 1e0, 1.0 find id 1",
        arguments: TestConnector.allCases)
    func findByIdCoerced(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            for id in ["01", "1e0", "1.0"] {
                let found = try await client.get("/api/Products/" + id)
                #expect(found.json == Self.desk, "id \(id): \(found.text)")
                let exists = try await client.get("/api/Products/\(id)/exists")
                #expect(exists.json == ["exists": true], "id \(id)")
            }
            #expect(try await client.delete("/api/Products/03").json == ["count": 1])
        }
    }

    @Test("GET /:id honours filter.fields and ignores where/order/limit", arguments: TestConnector.allCases)
    func findByIdFilter(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            let fields = try await client.get(filtered(#"{"fields":["name","id"]}"#, "/api/Products/1"))
            #expect(fields.status == 200)
            #expect(fields.json == ["name": "Desk", "id": 1])
            let ignored = try await client.get(filtered(#"{"where":{"name":"nope"},"limit":1,"skip":3}"#, "/api/Products/1"))
            #expect(ignored.status == 200)
            #expect(ignored.json == Self.desk)
        }
    }

    @Test("GET /findOne returns the first match of the filter", arguments: TestConnector.allCases)
    func findOne(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            let first = try await client.get("/api/Products/findOne")
            #expect(first.status == 200)
            #expect(first.json == Self.desk)
            let filteredReply = try await client.get(filtered(#"{"where":{"price":{"lt":100}},"order":"price ASC"}"#, "/api/Products/findOne"))
            #expect(filteredReply.status == 200)
            #expect(filteredReply.json == Self.lamp)
            let skipped = try await client.get(filtered(#"{"skip":1}"#, "/api/Products/findOne"))
            #expect(skipped.json == Self.chair)
        }
    }

    @Test("GET /findOne without a match: 404 with LoopBack's id \"undefined\" message", arguments: TestConnector.allCases)
    func findOneMissing(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let empty = try await client.get("/api/Products/findOne")
            #expect(empty.status == 404)
            #expect(empty.json == errorBody(404, #"Unknown "Product" id "undefined"."#, code: "MODEL_NOT_FOUND"))
            try await seedThree(client)
            let none = try await client.get(filtered(#"{"where":{"name":"nope"}}"#, "/api/Products/findOne"))
            #expect(none.status == 404)
            #expect(none.json == errorBody(404, #"Unknown "Product" id "undefined"."#, code: "MODEL_NOT_FOUND"))
        }
    }

    @Test("GET /count counts all, or those matching ?where= (JSON and bracket forms)", arguments: TestConnector.allCases)
    func count(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            #expect(try await client.get("/api/Products/count").json == ["count": 0])
            try await client.seedCatalog()
            let all = try await client.get("/api/Products/count")
            #expect(all.status == 200)
            #expect(all.json == ["count": 6])
            #expect(try await client.get("/api/Products/count?where=" + enc(#"{"price":{"gt":50}}"#)).json == ["count": 2])
            #expect(try await client.get("/api/Products/count?where[price][gt]=50").json == ["count": 2])
            #expect(try await client.get("/api/Products/count?where[name]=Desk").json == ["count": 1])
            #expect(try await client.get("/api/Products/count?where=" + enc(#"{"name":"nope"}"#)).json == ["count": 0])
        }
    }

    @Test("GET /count accepts filter[where] when where is absent (lbrun)", arguments: TestConnector.allCases)
    func countFilterFallback(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            #expect(try await client.get("/api/Products/count?filter[where][price]=45").json == ["count": 2])
            #expect(try await client.get("/api/Products/count?filter=" + enc(#"{"where":{"price":45}}"#)).json == ["count": 2])
            // `where` wins when both are given.
            #expect(try await client.get("/api/Products/count?where[name]=Desk&filter[where][price]=45").json == ["count": 1])
        }
    }

    @Test("GET /:id/exists answers {\"exists\": bool} with 200", arguments: TestConnector.allCases)
    func exists(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            let yes = try await client.get("/api/Products/1/exists")
            #expect(yes.status == 200)
            #expect(yes.json == ["exists": true])
            let no = try await client.get("/api/Products/42/exists")
            #expect(no.status == 200)
            #expect(no.json == ["exists": false])
            #expect(try await client.get("/api/Products/abc/exists").json == ["exists": false])
        }
    }

    @Test("HEAD /:id: 200 when found, 404 otherwise, without a body", arguments: TestConnector.allCases)
    func existsHead(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            let found = try await client.head("/api/Products/1")
            #expect(found.status == 200)
            #expect(found.text == "")
            let missing = try await client.head("/api/Products/42")
            #expect(missing.status == 404)
            #expect(missing.text == "")
            // HEAD on a GET route runs it and sends no body.
            let list = try await client.head("/api/Products")
            #expect(list.status == 200)
            #expect(list.text == "")
        }
    }

    @Test("A filter may also arrive as an HTTP header named filter", arguments: TestConnector.allCases)
    func filterHeader(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await seedThree(client)
            let reply = try await client.get("/api/Products", headers: [.init("filter")!: #"{"where":{"name":"Chair"}}"#])
            #expect(reply.status == 200)
            #expect(reply.json == [Self.chair])
        }
    }
}
