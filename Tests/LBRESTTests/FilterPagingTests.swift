import LBCore
import Testing

@testable import LBREST

/// `order`, `limit`, `skip`/`offset` and `fields` over HTTP (rest-api.md §3.2, §3.5–§3.7), on the
/// six products of `catalog`: 1 Desk 120 · 2 Chair 45 · 3 lamp 15 · 4 Standing Desk 99 · 5 Bench 45 · 6 Rug (no price).
@Suite("REST filter: order, paging, fields")
struct FilterPagingTests {
    /// Runs each query string (after `?`) against the catalog and checks the ids found, in order.
    func expectIds(_ cases: [(String, [Int])], connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            try await client.expectEach(cases, read: ids)
        }
    }

    func filter(_ json: String) -> String { "filter=" + enc(json) }

    @Test("order: ASC/DESC, missing values first ascending, ties in id order", arguments: TestConnector.allCases)
    func order(connector: TestConnector) async throws {
        try await expectIds(
            [
                ("", [1, 2, 3, 4, 5, 6]),
                (filter(#"{"order":"price DESC"}"#), [1, 4, 2, 5, 3, 6]),
                (filter(#"{"order":"price ASC"}"#), [6, 3, 2, 5, 4, 1]),
                (filter(#"{"order":"price"}"#), [6, 3, 2, 5, 4, 1]),
                (filter(#"{"order":"price desc"}"#), [1, 4, 2, 5, 3, 6]),
                (filter(#"{"order":"id DESC"}"#), [6, 5, 4, 3, 2, 1]),
                (filter(#"{"order":"name"}"#), [5, 2, 1, 6, 4, 3]),
                (filter(#"{"order":"name DESC"}"#), [3, 4, 6, 1, 2, 5]),
                (filter(#"{"order":"nope DESC"}"#), [1, 2, 3, 4, 5, 6]),
            ], connector: connector)
    }

    @Test("order: several keys as an array, a comma list, or bracket form", arguments: TestConnector.allCases)
    func orderMultiple(connector: TestConnector) async throws {
        try await expectIds(
            [
                (filter(#"{"order":["price DESC","name ASC"]}"#), [1, 4, 5, 2, 3, 6]),
                (filter(#"{"order":"price DESC, name DESC"}"#), [1, 4, 2, 5, 3, 6]),
                (filter(#"{"order":"price DESC,name"}"#), [1, 4, 5, 2, 3, 6]),
                ("filter[order]=price+DESC", [1, 4, 2, 5, 3, 6]),
                ("filter[order][0]=price%20DESC&filter[order][1]=name", [1, 4, 5, 2, 3, 6]),
                ("filter[order]=price+DESC&filter[order]=name+ASC", [1, 4, 5, 2, 3, 6]),
            ], connector: connector)
    }

    @Test("limit, skip and offset", arguments: TestConnector.allCases)
    func paging(connector: TestConnector) async throws {
        try await expectIds(
            [
                (filter(#"{"limit":2}"#), [1, 2]),
                (filter(#"{"limit":2,"skip":2}"#), [3, 4]),
                (filter(#"{"limit":2,"offset":2}"#), [3, 4]),
                (filter(#"{"skip":4}"#), [5, 6]),
                (filter(#"{"skip":10}"#), []),
                (filter(#"{"limit":0}"#), [1, 2, 3, 4, 5, 6]),
                (filter(#"{"limit":"2"}"#), [1, 2]),
                (filter(#"{"order":"price DESC","limit":3}"#), [1, 4, 2]),
                (filter(#"{"order":"price DESC","limit":2,"skip":1}"#), [4, 2]),
                (filter(#"{"where":{"price":{"lt":100}},"limit":2,"skip":1}"#), [3, 4]),
                ("filter[limit]=2&filter[skip]=1", [2, 3]),
                (filter(#"{"limit":1000000000000}"#), [1, 2, 3, 4, 5, 6]),
            ], connector: connector)
    }

    @Test("A skip without a limit imposes limit 100", arguments: TestConnector.allCases)
    func skipImposesLimit(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            // Five bulk creates of 21, so that no single request has to wait for 105 durable
            // inserts on a busy machine.
            for chunk in stride(from: 1, through: 105, by: 21) {
                let items = (chunk..<chunk + 21).map { #"{"name":"P\#($0)","price":\#($0)}"# }
                let created = try await client.post("/api/Products", "[" + items.joined(separator: ",") + "]")
                #expect(created.status == 200)
            }
            #expect(ids(try await client.get("/api/Products")).count == 105)
            let skipped = ids(try await client.get(filtered(#"{"skip":1}"#)))
            #expect(skipped == Array(2...101))
            let offset = ids(try await client.get(filtered(#"{"offset":3}"#)))
            #expect(offset == Array(4...103))
            #expect(ids(try await client.get(filtered(#"{"limit":200,"skip":1}"#))) == Array(2...105))
            #expect(ids(try await client.get(filtered(#"{"limit":1000000000000}"#))).count == 105)
        }
    }

    @Test("Invalid limit, skip and order: 400 with juggler's messages", arguments: TestConnector.allCases)
    func invalidPaging(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let cases: [(String, String)] = [
                (filter(#"{"limit":"abc"}"#), #"The limit parameter "abc" is not valid"#),
                (filter(#"{"limit":-1}"#), "The limit parameter -1 is not valid"),
                (filter(#"{"limit":1.5}"#), "The limit parameter 1.5 is not valid"),
                ("filter[limit]=abc", #"The limit parameter "abc" is not valid"#),
                (filter(#"{"skip":-1}"#), "The offset/skip parameter -1 is not valid"),
                (filter(#"{"limit":1,"skip":"x"}"#), #"The offset/skip parameter "x" is not valid"#),
                (filter(#"{"offset":-2}"#), "The offset/skip parameter -2 is not valid"),
                (filter(#"{"order":"price UP"}"#), #"The order "price UP" has invalid direction"#),
                (filter(#"{"order":5}"#), "The order 5 is not valid"),
                (filter(#"{"order":["name",5]}"#), "The order 5 is not valid"),
            ]
            for (query, message) in cases {
                let reply = try await client.get("/api/Products?" + query)
                #expect(reply.status == 400, "\(query)")
                #expect(reply.json == errorBody(400, message), "\(query)")
            }
        }
    }

    @Test("fields: array, string, include object, exclude object; declared order kept", arguments: TestConnector.allCases)
    func fields(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            let cases: [(String, JSONValue)] = [
                (#"{"fields":["name","price"],"limit":2}"#, [["name": "Desk", "price": 120], ["name": "Chair", "price": 45]]),
                (#"{"fields":["price","name"],"limit":1}"#, [["name": "Desk", "price": 120]]),
                (#"{"fields":"name","limit":1}"#, [["name": "Desk"]]),
                (#"{"fields":{"name":true},"limit":1}"#, [["name": "Desk"]]),
                (#"{"fields":{"name":true,"price":false},"limit":1}"#, [["name": "Desk"]]),
                (#"{"fields":{"price":false,"tags":false},"limit":1}"#, [["name": "Desk", "id": 1]]),
                (#"{"fields":[],"limit":1}"#, [["name": "Desk", "price": 120, "tags": ["wood", "office"], "id": 1]]),
                (#"{"fields":["id"],"where":{"price":45}}"#, [["id": 2], ["id": 5]]),
                (#"{"fields":["name"],"order":"price DESC","limit":2}"#, [["name": "Desk"], ["name": "Standing Desk"]]),
            ]
            try await client.expectEach(cases, path: { filtered($0) }, read: { $0.json })
        }
    }

    @Test("fields in bracket form; \"false\" and \"0\" exclude (lbrun)", arguments: TestConnector.allCases)
    func fieldsBracket(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            let cases: [(String, JSONValue)] = [
                ("filter[fields][name]=true&filter[limit]=1", [["name": "Desk"]]),
                ("filter[fields]=name&filter[limit]=1", [["name": "Desk"]]),
                ("filter[fields][0]=name&filter[fields][1]=id&filter[limit]=1", [["name": "Desk", "id": 1]]),
                ("filter[fields][price]=false&filter[fields][tags]=false&filter[limit]=1", [["name": "Desk", "id": 1]]),
                ("filter[fields][price]=0&filter[fields][tags]=0&filter[limit]=1", [["name": "Desk", "id": 1]]),
                ("filter[fields][name]=true&filter[fields][price]=false&filter[limit]=1", [["name": "Desk"]]),
            ]
            try await client.expectEach(cases, read: { $0.json })
        }
    }
}
