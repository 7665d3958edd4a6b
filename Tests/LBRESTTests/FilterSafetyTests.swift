import LBCore
import Testing

@testable import LBREST

/// Malformed and hostile filters over HTTP (rest-api.md §3.1–§3.3, §5.3; lbrun: `$` keys, depth,
/// unknown includes are 400s).
@Suite("REST filter: malformed and hostile input")
struct FilterSafetyTests {
    @Test("Malformed JSON in filter or where: 400 Cannot parse JSON-encoded object value.", arguments: TestConnector.allCases)
    func malformedJSON(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for path in [filtered(#"{"where":}"#), filtered("{bad}"), "/api/Products/count?where=" + enc(#"{"name":"x",}"#)] {
                let reply = try await client.get(path)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.json == errorBody(400, "Cannot parse JSON-encoded object value."), "\(path)")
            }
        }
    }

    @Test("A filter that is not an object: 400 Value is not an object.", arguments: TestConnector.allCases)
    func notAnObject(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for value in ["5", "abc", "true", enc("[1,2]"), enc(#""x""#)] {
                let reply = try await client.get("/api/Products?filter=" + value)
                #expect(reply.status == 400, "filter=\(value)")
                #expect(reply.json == errorBody(400, "Value is not an object."), "filter=\(value)")
            }
            let twice = try await client.get("/api/Products?filter=" + enc("{}") + "&filter=" + enc("{}"))
            #expect(twice.json == errorBody(400, "Value is not an object."))
            let countReply = try await client.get("/api/Products/count?where=5")
            #expect(countReply.json == errorBody(400, "Value is not an object."))
        }
    }

    @Test("?filter= and ?filter=null mean no filter; unknown top-level keys are ignored", arguments: TestConnector.allCases)
    func emptyFilter(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            for path in ["/api/Products?filter=", "/api/Products?filter=null", filtered("{}"), filtered(#"{"nope":1}"#)] {
                let reply = try await client.get(path)
                #expect(reply.status == 200, "\(path)")
                #expect(ids(reply) == [1, 2, 3, 4, 5, 6], "\(path)")
            }
        }
    }

    @Test("A $ operator anywhere in a filter: 400 OPERATOR_NOT_ALLOWED_IN_QUERY", arguments: TestConnector.allCases)
    func dollarOperators(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            let gt = try await client.get(filtered(#"{"where":{"price":{"$gt":10}}}"#))
            #expect(gt.status == 400)
            #expect(
                gt.json
                    == errorBody(
                        400, #"Operators "$gt" are not allowed in query"#, code: "OPERATOR_NOT_ALLOWED_IN_QUERY",
                        details: ["operators": ["$gt"], "where": ["price": ["$gt": 10]]]))
            for path in [
                filtered(#"{"where":{"$where":"this.price > 1"}}"#),
                filtered(#"{"where":{"nope":{"$ne":null}}}"#),
                filtered(#"{"where":{"or":[{"name":{"$regex":"D"}}]}}"#),
                "/api/Products?filter[where][price][$ne]=1",
                "/api/Products/count?where=" + enc(#"{"price":{"$gt":1}}"#),
                "/api/Products/count?where[$where]=1",
            ] {
                let reply = try await client.get(path)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.error("code") == "OPERATOR_NOT_ALLOWED_IN_QUERY", "\(path)")
            }
            let update = try await client.post("/api/Products/update?where=" + enc(#"{"price":{"$gt":1}}"#), #"{"price":0}"#)
            #expect(update.error("code") == "OPERATOR_NOT_ALLOWED_IN_QUERY")
            #expect(try await client.get("/api/Products/count?where[price]=0").json == ["count": 0])
        }
    }

    /// `{"where": …}` whose deepest value sits at `level` (the filter object is level 0).
    static func nestedFilter(level: Int) -> String {
        // where (1) → and (2) → {} (3) → … → {"name": "Desk"} or {"price": {"gt": 100}}
        var clause = level % 2 == 0 ? #"{"name":"Desk"}"# : #"{"price":{"gt":100}}"#
        let andLevels = (level - (level % 2 == 0 ? 2 : 3)) / 2
        for _ in 0..<andLevels { clause = #"{"and":["# + clause + "]}" }
        return #"{"where":"# + clause + "}"
    }

    @Test("Queries nested 12 deep work; 13 deep: 400 QUERY_OBJECT_TOO_DEEP", arguments: TestConnector.allCases)
    func depthLimit(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            let twelve = try await client.get(filtered(Self.nestedFilter(level: 12)))
            #expect(twelve.status == 200, "\(twelve.text)")
            #expect(ids(twelve) == [1])
            let eleven = try await client.get(filtered(Self.nestedFilter(level: 11)))
            #expect(ids(eleven) == [1])
            let thirteen = try await client.get(filtered(Self.nestedFilter(level: 13)))
            #expect(thirteen.status == 400)
            #expect(thirteen.json == errorBody(400, "The query object exceeds maximum depth 12", code: "QUERY_OBJECT_TOO_DEEP"))
            let fourteen = try await client.get(filtered(Self.nestedFilter(level: 14)))
            #expect(fourteen.json == errorBody(400, "The query object exceeds maximum depth 12", code: "QUERY_OBJECT_TOO_DEEP"))
        }
    }

    /// `{"where": {"and": [{"and": [ … {"name": "Desk"} … ]}]}}` with `depth` nested `and`s.
    static func deepAnd(_ depth: Int) -> String {
        #"{"where":"# + String(repeating: #"{"and":["#, count: depth) + #"{"name":"Desk"}"# + String(repeating: "]}", count: depth) + "}"
    }

    @Test("A 10,000-deep and is a 400 and the server keeps answering", arguments: TestConnector.allCases)
    func hugeDepth(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            // 10,000 nested `and` objects take 100 kB, more than an HTTP request line may hold, so
            // nest 10,000 `and` arrays (20 kB) and 2,000 `and` objects (48 kB encoded).
            let arrays = #"{"where":{"and":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}}"
            for filter in [arrays, Self.deepAnd(2_000)] {
                let reply = try await client.get(filtered(filter))
                #expect(reply.status == 400)
                #expect(reply.error("statusCode") == 400)
                let after = try await client.get("/api/Products/count")
                #expect(after.status == 200)
                #expect(after.json == ["count": 6])
            }
            let header = try await client.get("/api/Products", headers: [.init("filter")!: Self.deepAnd(5_000)])
            #expect(header.status == 400)
            #expect(try await client.get("/api/Products/count").json == ["count": 6])
        }
    }

    @Test("Deep but well-formed JSON is refused as too deep, not as unparseable", arguments: TestConnector.allCases)
    func deepValidJSON(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for depth in [50, 300, 2_000] {
                let reply = try await client.get(filtered(Self.deepAnd(depth)))
                #expect(reply.json == errorBody(400, "The query object exceeds maximum depth 12", code: "QUERY_OBJECT_TOO_DEEP"), "depth \(depth)")
            }
            let count = try await client.get("/api/Products/count?where=" + enc(String(repeating: #"{"and":["#, count: 300) + "{}" + String(repeating: "]}", count: 300)))
            #expect(count.json == errorBody(400, "The query object exceeds maximum depth 12", code: "QUERY_OBJECT_TOO_DEEP"))
        }
    }

    @Test("SQL-looking order, keys and values leave the data intact", arguments: TestConnector.allCases)
    func sqlLooking(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            let order = try await client.get(filtered(#"{"order":"id; DROP TABLE Product"}"#))
            #expect(order.status == 400)
            #expect(order.json == errorBody(400, #"The order "id; DROP TABLE Product" has invalid direction"#))
            for clause in [
                #"{"name; DROP TABLE Product":"x"}"#, #"{"name\" = name OR 1=1 --":"x"}"#, #"{"name":"x' OR '1'='1"}"#,
                #"{"name":"x\" OR \"1\"=\"1"}"#, #"{"name":{"like":"%' OR 1=1 --"}}"#, #"{"price; DELETE FROM Product":{"gt":0}}"#,
            ] {
                let reply = try await client.get(filtered(#"{"where":"# + clause + "}"))
                #expect(reply.status == 200, "\(clause): \(reply.text)")
                #expect(reply.json == [], "\(clause)")
            }
            let orderKey = try await client.get(filtered(#"{"order":"name;DROP DESC"}"#))
            #expect(orderKey.status == 200)
            #expect(ids(orderKey) == [1, 2, 3, 4, 5, 6])
            let fieldsKey = try await client.get(filtered(#"{"fields":["name","id; DROP TABLE Product"],"limit":1}"#))
            #expect(fieldsKey.status == 200)
            #expect(fieldsKey.json == [["name": "Desk"]])
            let count = try await client.get("/api/Products/count?where=" + enc(#"{"name; DROP TABLE Product":"x"}"#))
            #expect(count.json == ["count": 0])
            #expect(try await client.get("/api/Products/count").json == ["count": 6])
            #expect(ids(try await client.get("/api/Products")) == [1, 2, 3, 4, 5, 6])
        }
    }

    @Test("Values with quotes and backslashes are stored and matched verbatim", arguments: TestConnector.allCases)
    func quotedValues(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let name = #"O'Brien \"quoted\" \\ '); DROP TABLE Product; --"#
            let created = try await client.post("/api/Products", #"{"name":""# + name + #"","price":1,"tags":["a'b"]}"#)
            #expect(created.status == 200)
            let stored = #"O'Brien "quoted" \ '); DROP TABLE Product; --"#
            #expect(created.json == ["name": .string(stored), "price": 1, "tags": ["a'b"], "id": 1])
            let found = try await client.get(filtered(#"{"where":{"name":""# + name + #""}}"#))
            #expect(found.json == [["name": .string(stored), "price": 1, "tags": ["a'b"], "id": 1]])
            let tagged = try await client.get(filtered(#"{"where":{"tags":"a'b"}}"#))
            #expect(ids(tagged) == [1])
            #expect(try await client.get("/api/Products/count").json == ["count": 1])
        }
    }

    @Test(
        "include of an unknown relation: 400 (lbrun)",
        arguments: TestConnector.allCases)
    func unknownInclude(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            for path in [filtered(#"{"include":"nope"}"#), "/api/Products?filter[include]=nope", filtered(#"{"include":"nope"}"#, "/api/Products/1")] {
                let reply = try await client.get(path)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.json == errorBody(400, #"Relation "nope" is not defined for Product model"#), "\(path)")
            }
        }
    }
}
