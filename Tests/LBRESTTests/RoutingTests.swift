import LBCore
import Testing

@testable import LBREST

/// Mounting, route matching and `sharedMethods` (rest-api.md §1.1–§1.2, §2.1).
@Suite("REST routing")
struct RoutingTests {
    static let desk: JSONValue = ["name": "Desk", "price": 120, "tags": ["wood", "office"], "id": 1]

    @Test("Paths are case-insensitive", arguments: TestConnector.allCases)
    func caseInsensitive(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed(Array(catalog.prefix(2)))
            #expect(ids(try await client.get("/api/products")) == [1, 2])
            #expect(ids(try await client.get("/API/PRODUCTS")) == [1, 2])
            #expect(try await client.get("/api/products/1").json == Self.desk)
            #expect(try await client.get("/api/products/COUNT").json == ["count": 2])
            #expect(try await client.get("/Api/Products/FindOne").json == Self.desk)
            #expect(try await client.get("/api/products/1/EXISTS").json == ["exists": true])
            #expect(try await client.post("/api/products", #"{"name":"Lamp"}"#).status == 200)
        }
    }

    @Test("A trailing slash is tolerated", arguments: TestConnector.allCases)
    func trailingSlash(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed(Array(catalog.prefix(2)))
            #expect(ids(try await client.get("/api/Products/")) == [1, 2])
            #expect(try await client.get("/api/Products/1/").json == Self.desk)
            #expect(try await client.get("/api/Products/%31").json == Self.desk)
            #expect(try await client.get("/api/Products/count/").json == ["count": 2])
            #expect(ids(try await client.get("/api/Products/?filter=" + enc(#"{"limit":1}"#))) == [1])
        }
    }

    @Test("Unknown model under the REST root: 404 There is no method to handle", arguments: TestConnector.allCases)
    func unknownModel(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.get("/api/Nope")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "There is no method to handle GET /Nope"))
            let post = try await client.post("/api/Nope/1", "{}")
            #expect(post.json == errorBody(404, "There is no method to handle POST /Nope/1"))
        }
    }

    @Test("Unknown sub-path of a model: 404 Shared class  \"Product\" has no method handling", arguments: TestConnector.allCases)
    func unknownMethod(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([catalog[0]])
            let reply = try await client.get("/api/Products/foo/bar")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, #"Shared class  "Product" has no method handling GET /foo/bar"#))
            let deep = try await client.get("/api/Products/1/exists/x")
            #expect(deep.json == errorBody(404, #"Shared class  "Product" has no method handling GET /1/exists/x"#))
            let verb = try await client.post("/api/Products/1", "{}")
            #expect(verb.json == errorBody(404, #"Shared class  "Product" has no method handling POST /1"#))
        }
    }

    @Test("Literal routes win over /:id: count, findOne; HEAD /:id wins over GET routes", arguments: TestConnector.allCases)
    func routeOrder(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed(Array(catalog.prefix(2)))
            let count = try await client.get("/api/Products/count")
            #expect(count.status == 200)
            #expect(count.json == ["count": 2])
            #expect(try await client.get("/api/Products/findOne").json == Self.desk)
            // HEAD /findOne is "does id findOne exist".
            #expect(try await client.head("/api/Products/findOne").status == 404)
            #expect(try await client.head("/api/Products/count").status == 404)
            // POST /update and /upsertWithWhere are not /:id routes either.
            #expect(try await client.post("/api/Products/update?where[name]=Desk", #"{"price":1}"#).json == ["count": 1])
        }
    }

    @Test(
        "REST 404 messages show the URL with its query string, as Express's req.url",
        arguments: TestConnector.allCases)
    func notFoundMessagesKeepQuery(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let model = try await client.get("/api/Nope?x=1")
            #expect(model.json == errorBody(404, "There is no method to handle GET /Nope?x=1"))
            let method = try await client.get("/api/Products/foo/bar?x=1")
            #expect(method.json == errorBody(404, #"Shared class  "Product" has no method handling GET /foo/bar?x=1"#))
        }
    }

    @Test("A URL outside the REST root: 404 Cannot GET", arguments: TestConnector.allCases)
    func outsideAPI(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.get("/nope")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "Cannot GET /nope"))
            let post = try await client.post("/nope/deeper", "{}")
            #expect(post.json == errorBody(404, "Cannot POST /nope/deeper"))
            let prefix = try await client.get("/apiary")
            #expect(prefix.json == errorBody(404, "Cannot GET /apiary"))
            let query = try await client.get("/nope?x=1")
            #expect(query.json == errorBody(404, "Cannot GET /nope?x=1"))
        }
    }

    @Test("GET / outside the API reports the server status", arguments: TestConnector.allCases)
    func rootStatus(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.get("/")
            #expect(reply.status == 200)
            #expect(reply.json?["started"]?.stringValue != nil)
            #expect(reply.json?["uptime"]?.numberValue != nil)
        }
    }

    @Test("sharedMethods in model-config options hides a method: its route is gone", arguments: TestConnector.allCases)
    func sharedMethodsPerModel(connector: TestConnector) async throws {
        let entry = #"{ "dataSource": "db", "options": { "remoting": { "sharedMethods": { "deleteById": false, "prototype.patchAttributes": false } } } }"#
        try await withServer(productApp(productEntry: entry), connector: connector) { client in
            try await client.seed([catalog[0]])
            let delete = try await client.delete("/api/Products/1")
            #expect(delete.status == 404)
            #expect(delete.json == errorBody(404, #"Shared class  "Product" has no method handling DELETE /1"#))
            let patch = try await client.patch("/api/Products/1", #"{"price":1}"#)
            #expect(patch.json == errorBody(404, #"Shared class  "Product" has no method handling PATCH /1"#))
            #expect(try await client.get("/api/Products/1").json == Self.desk)
            #expect(try await client.put("/api/Products/1", #"{"name":"X"}"#).status == 200)
        }
    }

    @Test("sharedMethods in config.json remoting hides methods of every model; globs work", arguments: TestConnector.allCases)
    func sharedMethodsGlobal(connector: TestConnector) async throws {
        let remoting = #"{ "rest": { "handleErrors": false }, "sharedMethods": { "find": false, "replace*": false } }"#
        try await withServer(productApp(remoting: remoting), connector: connector) { client in
            try await client.seed([catalog[0]])
            let find = try await client.get("/api/Products")
            #expect(find.status == 404)
            #expect(find.json == errorBody(404, #"Shared class  "Product" has no method handling GET /"#))
            let put = try await client.put("/api/Products/1", #"{"name":"X"}"#)
            #expect(put.json == errorBody(404, #"Shared class  "Product" has no method handling PUT /1"#))
            let replace = try await client.post("/api/Products/1/replace", #"{"name":"X"}"#)
            #expect(replace.status == 404)
            #expect(try await client.get("/api/Products/1").json == Self.desk)
            #expect(try await client.get("/api/Products/count").json == ["count": 1])
        }
    }

    @Test("A model's plural and http.path choose its URL", arguments: TestConnector.allCases)
    func modelPaths(connector: TestConnector) async throws {
        let app = productApp(
            models: [
                "product.json": productDefinition(settings: #""plural": "Goods""#),
                "person.json": #"{ "name": "Person", "http": { "path": "folks" }, "properties": { "name": "string" } }"#,
            ], modelConfig: ["Person": #"{ "dataSource": "db" }"#])
        try await withServer(app, connector: connector) { client in
            let created = try await client.post("/api/Goods", #"{"name":"Desk"}"#)
            #expect(created.status == 200)
            #expect(try await client.get("/api/Goods/count").json == ["count": 1])
            #expect(try await client.get("/api/Products").status == 404)
            #expect(try await client.post("/api/folks", #"{"name":"Ann"}"#).json == ["name": "Ann", "id": 1])
            #expect(try await client.get("/api/People").status == 404)
        }
    }

    @Test("Private models (public: false) have no routes", arguments: TestConnector.allCases)
    func privateModel(connector: TestConnector) async throws {
        let app = productApp(
            models: ["secret.json": #"{ "name": "Secret", "properties": { "name": "string" } }"#],
            modelConfig: ["Secret": #"{ "dataSource": "db", "public": false }"#])
        try await withServer(app, connector: connector) { client in
            let reply = try await client.get("/api/Secrets")
            #expect(reply.json == errorBody(404, "There is no method to handle GET /Secrets"))
        }
    }
}
