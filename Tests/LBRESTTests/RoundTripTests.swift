import LBCore
import Testing

@testable import LBREST

/// Values survive storage unchanged on every connector: unusual numbers and text, property names
/// that are SQL keywords, dynamic properties with odd names (rest-api.md §1.7, §6.1).
@Suite("REST storage round trips")
struct RoundTripTests {
    @Test("Numbers round-trip exactly", arguments: TestConnector.allCases)
    func numbers(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let prices: [JSONValue] = [0.1, 0.30000000000000004, -42.5, 1e21, 9_007_199_254_740_991, 0, 123_456.789]
            for (index, price) in prices.enumerated() {
                let created = try await client.post("/api/Products", #"{"name":"P","price":"# + price.jsonText + "}")
                #expect(created.json?["price"] == price, "\(price.jsonText)")
                #expect(try await client.get("/api/Products/\(index + 1)").json?["price"] == price, "\(price.jsonText)")
            }
            let found = try await client.get(filtered(#"{"where":{"price":0.30000000000000004}}"#))
            #expect(ids(found) == [2])
            let ordered = try await client.get(filtered(#"{"order":"price DESC","fields":["id"]}"#))
            #expect(ids(ordered) == [4, 5, 7, 2, 1, 6, 3])
        }
    }

    @Test("Text round-trips: unicode, quotes, backslashes, newlines, empty strings", arguments: TestConnector.allCases)
    func text(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let names = ["Café ☕ 日本", #"a"b'c\d"#, "line\nbreak\ttab", "  spaced  ", "%_like_%", "emoji 👩‍👩‍👧"]
            for (index, name) in names.enumerated() {
                let body = JSONValue.object(["name": .string(name), "tags": [.string(name), ""]]).jsonText
                let created = try await client.post("/api/Products", body)
                #expect(created.status == 200, "\(name)")
                let expected: JSONValue = ["name": .string(name), "tags": [.string(name), ""], "id": .number(Double(index + 1))]
                #expect(created.json == expected, "\(name)")
                #expect(try await client.get("/api/Products/\(index + 1)").json == expected, "\(name)")
                let query = JSONValue.object(["where": ["name": .string(name)]]).jsonText
                #expect(ids(try await client.get(filtered(query))) == [index + 1], "\(name)")
            }
            #expect(ids(try await client.get(filtered(#"{"where":{"name":{"like":"Caf%"}}}"#))) == [1])
            #expect(ids(try await client.get(filtered(#"{"where":{"name":{"like":"\\%\\_like%"}}}"#))) == [5])
            #expect(ids(try await client.get(filtered(#"{"where":{"name":{"ilike":"CAFÉ%"}}}"#))) == [1])
        }
    }

    @Test("Declared properties named like SQL keywords work in writes, where and order", arguments: TestConnector.allCases)
    func keywordProperties(connector: TestConnector) async throws {
        let thing = #"""
            { "name": "Thing", "properties": { "order": "number", "group": "string", "select": "boolean", "from": "date", "where": ["string"] } }
            """#
        let app = productApp(models: ["thing.json": thing], modelConfig: ["Thing": #"{ "dataSource": "db" }"#])
        try await withServer(app, connector: connector) { client in
            try await client.seed(
                [
                    #"{"order":2,"group":"b","select":true,"from":"2024-01-01","where":["x"]}"#,
                    #"{"order":1,"group":"a","select":false,"from":"2023-01-01","where":["y"]}"#,
                ], at: "/api/Things")
            let first: JSONValue = ["order": 2, "group": "b", "select": true, "from": "2024-01-01T00:00:00.000Z", "where": ["x"], "id": 1]
            #expect(try await client.get("/api/Things/1").json == first)
            #expect(ids(try await client.get(filtered(#"{"order":"order ASC"}"#, "/api/Things"))) == [2, 1])
            #expect(ids(try await client.get(filtered(#"{"where":{"group":"a"}}"#, "/api/Things"))) == [2])
            #expect(ids(try await client.get(filtered(#"{"where":{"select":true}}"#, "/api/Things"))) == [1])
            #expect(ids(try await client.get(filtered(#"{"where":{"where":"y"}}"#, "/api/Things"))) == [2])
            #expect(ids(try await client.get(filtered(#"{"where":{"from":{"gt":"2023-06-01"}}}"#, "/api/Things"))) == [1])
            #expect(try await client.get("/api/Things/count?where[order][gte]=2").json == ["count": 1])
            #expect(try await client.patch("/api/Things/2", #"{"group":"c"}"#).json?["group"] == "c")
            #expect(try await client.post("/api/Things/update?where[select]=false", #"{"order":5}"#).json == ["count": 1])
            #expect(ids(try await client.get(filtered(#"{"order":"order DESC"}"#, "/api/Things"))) == [2, 1])
        }
    }

    @Test("Dynamic properties with odd names round-trip and can be queried", arguments: TestConnector.allCases)
    func oddDynamicNames(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let body = #"{"name":"A","select":1,"we\"ird":"q","with space":true,"x; DROP TABLE Product":"y","ünï":[1,{"a":null}]}"#
            let created = try await client.post("/api/Products", body)
            let expected: JSONValue = [
                "name": "A", "id": 1, "select": 1, "we\"ird": "q", "with space": true, "x; DROP TABLE Product": "y", "ünï": [1, ["a": nil]],
            ]
            #expect(created.json == expected)
            #expect(try await client.get("/api/Products/1").json == expected)
            #expect(ids(try await client.get(filtered(#"{"where":{"we\"ird":"q"}}"#))) == [1])
            #expect(ids(try await client.get(filtered(#"{"where":{"with space":true}}"#))) == [1])
            #expect(ids(try await client.get(filtered(#"{"where":{"select":{"gt":0}}}"#))) == [1])
            #expect(try await client.get("/api/Products/count").json == ["count": 1])
        }
    }
}
