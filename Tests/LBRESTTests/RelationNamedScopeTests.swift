import LBCore
import Testing

/// Named scopes (model setting `scopes`) as static endpoints: `Product.cheap`
/// (`price < 10`, order `price`) and `Product.featured` (`featured: true`) of the shop app
/// (rest-api.md §4.7 table: GET / POST / DELETE / count, literal segments win over `/:id`;
/// §3.10 merge of the request with the scope; models.md §6.9 `scopes`).
@Suite("Relations: named scopes")
struct RelationNamedScopeTests {
    static let pen = json(#"{"name":"pen","price":2,"featured":false,"id":1}"#)
    static let cup = json(#"{"name":"cup","price":8,"featured":true,"id":2}"#)
    static let mug = json(#"{"name":"mug","price":12,"featured":true,"id":3}"#)
    static let ink = json(#"{"name":"ink","price":5,"featured":false,"id":4}"#)

    func seed(_ client: Client) async throws {
        try await client.seed(
            [
                #"{"name":"pen","price":2,"featured":false}"#, #"{"name":"cup","price":8,"featured":true}"#,
                #"{"name":"mug","price":12,"featured":true}"#, #"{"name":"ink","price":5,"featured":false}"#,
            ], at: "/api/Products")
    }

    @Test("GET /Products/cheap: the scope's where and order", arguments: TestConnector.allCases)
    func get(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Products/cheap")
            #expect(reply.status == 200)
            #expect(reply.json == [Self.pen, Self.ink, Self.cup])
            #expect(try await client.get("/api/Products/featured").json == [Self.cup, Self.mug])
            // HEAD /:id (exists) is registered before every GET route (§1.2): HEAD /cheap asks for id "cheap".
            expectNoBody(try await client.head("/api/Products/cheap"), 404)
            expectNoBody(try await client.head("/api/Products/cheap/count"), 200)
        }
    }

    @Test("GET /Products/cheap?filter= is merged: where AND-ed, the request's order wins, limit applies", arguments: TestConnector.allCases)
    func getFiltered(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.get("/api/Products/cheap", filter: #"{"where":{"featured":false}}"#).json == [Self.pen, Self.ink])
            #expect(try await client.get("/api/Products/cheap", filter: #"{"where":{"price":{"gt":100}}}"#).text == "[]")
            #expect(try await client.get("/api/Products/cheap", filter: #"{"order":"name ASC"}"#).json == [Self.cup, Self.ink, Self.pen])
            #expect(try await client.get("/api/Products/cheap", filter: #"{"limit":2}"#).json == [Self.pen, Self.ink])
            #expect(try await client.get("/api/Products/cheap?filter[where][name]=cup").json == [Self.cup])
        }
    }

    @Test("GET /Products/cheap/count counts in scope, with ?where= AND-ed", arguments: TestConnector.allCases)
    func count(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.get("/api/Products/cheap/count")
            #expect(reply.status == 200)
            #expect(reply.json == ["count": 3])
            #expect(try await client.get("/api/Products/cheap/count", where: #"{"featured":true}"#).json == ["count": 1])
            #expect(try await client.get("/api/Products/featured/count").json == ["count": 2])
        }
    }

    @Test("POST /Products/featured forces the scope's equality values onto the data", arguments: TestConnector.allCases)
    func create(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let hat = try await client.post("/api/Products/featured", #"{"name":"hat","price":20}"#)
            #expect(hat.status == 200)
            #expect(hat.json == json(#"{"name":"hat","price":20,"featured":true,"id":5}"#))
            let forced = try await client.post("/api/Products/featured", #"{"name":"cap","price":15,"featured":false}"#)
            #expect(forced.json == json(#"{"name":"cap","price":15,"featured":true,"id":6}"#))
            let many = try await client.post("/api/Products/featured", #"[{"name":"a","price":1},{"name":"b","price":2}]"#)
            #expect(many.json == json(#"[{"name":"a","price":1,"featured":true,"id":7},{"name":"b","price":2,"featured":true,"id":8}]"#))
            #expect(try await client.get("/api/Products/featured/count").json == ["count": 6])
        }
    }

    @Test("DELETE /Products/cheap: 204, deletes exactly the in-scope records", arguments: TestConnector.allCases)
    func delete(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            expectNoBody(try await client.delete("/api/Products/cheap"), 204)
            #expect(try await client.get("/api/Products").json == [Self.mug])
        }
    }

    @Test("Scope segments are not ids: /Products/cheap is the scope, /Products/1 is still findById", arguments: TestConnector.allCases)
    func routesWinOverId(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.get("/api/Products/1").json == Self.pen)
            #expect(try await client.get("/api/Products/cheap").status == 200)
            #expect(try await client.get("/api/products/CHEAP").json == [Self.pen, Self.ink, Self.cup])
            // Only the scope's own segments are literal: /cheap/exists is /:id/exists with id "cheap".
            #expect(try await client.get("/api/Products/cheap/exists").json == ["exists": false])
        }
    }
}
