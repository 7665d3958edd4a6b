import LBCore
import Testing

@testable import LBREST

/// `where` over HTTP (rest-api.md §3.1, §3.3–§3.5), on the six products of `catalog`:
/// 1 Desk 120 · 2 Chair 45 · 3 lamp 15 · 4 Standing Desk 99 · 5 Bench 45 · 6 Rug (no price, no tags).
@Suite("REST filter: where")
struct FilterTests {
    /// Runs each `where` JSON against the catalog and checks the ids found, in id order.
    func expectWhere(_ cases: [(String, [Int])], connector: TestConnector, app: [String: String] = productApp()) async throws {
        try await withServer(app, connector: connector) { client in
            try await client.seedCatalog()
            try await client.expectEach(cases, path: { filtered(#"{"where":"# + $0 + "}") }, read: ids)
        }
    }

    @Test("Equality: literal, loose (\"45\" on a number), eq, null matches missing", arguments: TestConnector.allCases)
    func equality(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"name":"Desk"}"#, [1]),
                (#"{"price":45}"#, [2, 5]),
                (#"{"price":"45"}"#, [2, 5]),
                (#"{"price":{"eq":45}}"#, [2, 5]),
                (#"{"price":null}"#, [6]),
                (#"{"name":"Desk","price":120}"#, [1]),
                (#"{"name":"Desk","price":45}"#, []),
                (#"{"color":"red"}"#, []),
                ("{}", [1, 2, 3, 4, 5, 6]),
                (#"{"id":"2"}"#, [2]),
                (#"{"id":{"inq":[1,3]}}"#, [1, 3]),
                (#"{"price":120.0}"#, [1]),
            ], connector: connector)
    }

    @Test("Comparison: gt, gte, lt, lte on numbers; missing values never match", arguments: TestConnector.allCases)
    func comparisons(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"price":{"gt":45}}"#, [1, 4]),
                (#"{"price":{"gte":45}}"#, [1, 2, 4, 5]),
                (#"{"price":{"lt":45}}"#, [3]),
                (#"{"price":{"lte":45}}"#, [2, 3, 5]),
                (#"{"price":{"gt":"50"}}"#, [1, 4]),
            ], connector: connector)
    }

    @Test("Comparison on strings uses case-sensitive code-unit order", arguments: TestConnector.allCases)
    func stringComparisons(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"name":{"gt":"Desk"}}"#, [3, 4, 6]),
                (#"{"name":{"gte":"Desk"}}"#, [1, 3, 4, 6]),
                (#"{"name":{"lt":"C"}}"#, [5]),
                (#"{"name":{"between":["C","E"]}}"#, [1, 2]),
            ], connector: connector)
    }

    @Test("All operators given for one property apply (lbrun: AND-ed)", arguments: TestConnector.allCases)
    func operatorsAnded(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"price":{"gt":20,"lt":100}}"#, [2, 4, 5]),
                (#"{"price":{"gte":45,"neq":45}}"#, [1, 4]),
                (#"{"name":{"like":"%Desk%","neq":"Desk"}}"#, [4]),
            ], connector: connector)
    }

    @Test("between, inq, nin (nin matches missing values)", arguments: TestConnector.allCases)
    func sets(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"price":{"between":[40,100]}}"#, [2, 4, 5]),
                (#"{"price":{"between":[45,45]}}"#, [2, 5]),
                (#"{"price":{"inq":[45,15]}}"#, [2, 3, 5]),
                (#"{"price":{"inq":["15"]}}"#, [3]),
                (#"{"price":{"inq":[]}}"#, []),
                (#"{"price":{"nin":[45,15]}}"#, [1, 4, 6]),
                (#"{"name":{"inq":["Desk","Rug","nope"]}}"#, [1, 6]),
            ], connector: connector)
    }

    @Test("neq matches missing values, unlike SQL", arguments: TestConnector.allCases)
    func notEqual(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"price":{"neq":45}}"#, [1, 3, 4, 6]),
                (#"{"name":{"neq":"Desk"}}"#, [2, 3, 4, 5, 6]),
                (#"{"price":{"neq":null}}"#, [1, 2, 3, 4, 5]),
            ], connector: connector)
    }

    @Test("like/nlike are case-sensitive and unanchored; ilike/nilike ignore case; _ and % are wildcards", arguments: TestConnector.allCases)
    func likeFamily(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"name":{"like":"%Desk%"}}"#, [1, 4]),
                (#"{"name":{"like":"%desk%"}}"#, []),
                (#"{"name":{"ilike":"%desk%"}}"#, [1, 4]),
                (#"{"name":{"nlike":"%Desk%"}}"#, [2, 3, 5, 6]),
                (#"{"name":{"nilike":"%DESK%"}}"#, [2, 3, 5, 6]),
                (#"{"name":{"like":"l_mp"}}"#, [3]),
                (#"{"name":{"like":"%.%"}}"#, []),
                (#"{"name":{"like":"%"}}"#, [1, 2, 3, 4, 5, 6]),
                (#"{"name":{"ilike":"B%"}}"#, [5]),
                (#"{"name":{"like":"Desk"}}"#, [1, 4]),
                (#"{"name":{"like":"desk"}}"#, []),
                (#"{"name":{"like":"St[a]nding%"}}"#, []),
            ], connector: connector)
    }

    @Test("regexp: /pattern/flags and bare patterns", arguments: TestConnector.allCases)
    func regexp(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"name":{"regexp":"/^de/i"}}"#, [1]),
                (#"{"name":{"regexp":"^Desk"}}"#, [1]),
                (#"{"name":{"regexp":"/desk$/i"}}"#, [1, 4]),
                (#"{"name":{"regexp":"/^[a-z]/"}}"#, [3]),
                (#"{"name":{"regexp":"ch|ug"}}"#, [5, 6]),
            ], connector: connector)
    }

    @Test("exists (Mongo-style): true when the key is present, false when absent", arguments: TestConnector.allCases)
    func exists(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"price":{"exists":false}}"#, [6]),
                (#"{"price":{"exists":true}}"#, [1, 2, 3, 4, 5]),
                (#"{"name":{"exists":true}}"#, [1, 2, 3, 4, 5, 6]),
            ], connector: connector)
    }

    @Test("and / or, nested", arguments: TestConnector.allCases)
    func andOr(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"or":[{"name":"lamp"},{"price":{"gt":100}}]}"#, [1, 3]),
                (#"{"and":[{"price":{"gte":10}},{"price":{"lt":100}}],"name":{"ilike":"%desk%"}}"#, [4]),
                (#"{"or":[{"and":[{"price":45},{"name":"Bench"}]},{"name":"Rug"}]}"#, [5, 6]),
                (#"{"and":[{"or":[{"price":15},{"price":120}]},{"or":[{"name":"lamp"},{"name":"Chair"}]}]}"#, [3]),
            ], connector: connector)
    }

    @Test("Array properties match when any element matches", arguments: TestConnector.allCases)
    func arrayValues(connector: TestConnector) async throws {
        try await expectWhere(
            [
                (#"{"tags":"wood"}"#, [1, 4, 5]),
                (#"{"tags":{"inq":["light","office"]}}"#, [1, 2, 3, 4]),
                (#"{"tags":{"like":"%igh%"}}"#, [3]),
            ], connector: connector)
    }

    @Test("Boolean properties: where values are coerced (\"true\", \"1\", \"false\", \"0\")", arguments: TestConnector.allCases)
    func booleans(connector: TestConnector) async throws {
        try await withServer(productApp(settings: "", properties: #""onSale": "boolean""#), connector: connector) { client in
            try await client.seed([#"{"name":"A","onSale":true}"#, #"{"name":"B","onSale":false}"#, #"{"name":"C"}"#])
            let cases: [(String, [String])] = [
                ("filter[where][onSale]=true", ["A"]),
                ("filter[where][onSale]=1", ["A"]),
                ("filter[where][onSale]=false", ["B"]),
                ("filter[where][onSale]=0", ["B"]),
                ("filter=" + enc(#"{"where":{"onSale":{"neq":true}}}"#), ["B", "C"]),
                ("filter=" + enc(#"{"order":"onSale DESC"}"#), ["A", "B", "C"]),
            ]
            try await client.expectEach(cases, read: names)
        }
    }

    @Test("Dotted paths reach into object properties", arguments: TestConnector.allCases)
    func dottedPaths(connector: TestConnector) async throws {
        try await withServer(productApp(settings: "", properties: #""dims": "object""#), connector: connector) { client in
            try await client.seed([
                #"{"name":"A","dims":{"w":2,"h":1,"unit":"cm"}}"#, #"{"name":"B","dims":{"w":3}}"#, #"{"name":"C"}"#,
            ])
            let cases: [(String, [String])] = [
                (#"{"where":{"dims.w":2}}"#, ["A"]),
                (#"{"where":{"dims.w":{"gte":2}}}"#, ["A", "B"]),
                (#"{"where":{"dims.unit":{"like":"c%"}}}"#, ["A"]),
                (#"{"where":{"dims.h":{"exists":false}}}"#, ["B", "C"]),
                (#"{"order":"dims.w DESC"}"#, ["B", "A", "C"]),
            ]
            try await client.expectEach(cases, path: { filtered($0) }, read: names)
            #expect(try await client.get("/api/Products/1").json == ["name": "A", "dims": ["w": 2, "h": 1, "unit": "cm"], "id": 1])
        }
    }

    @Test("Bracket (qs) form of where", arguments: TestConnector.allCases)
    func bracketForm(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            let cases: [(String, [Int])] = [
                ("filter[where][price]=45", [2, 5]),
                ("filter[where][price][gt]=50", [1, 4]),
                ("filter[where][name]=Standing+Desk", [4]),
                ("filter[where][name]=Standing%20Desk", [4]),
                ("filter[where][name][inq]=Desk&filter[where][name][inq]=Chair", [1, 2]),
                ("filter[where][name][inq][0]=lamp&filter[where][name][inq][1]=Rug", [3, 6]),
                ("filter[where][or][0][name]=lamp&filter[where][or][1][price][gt]=100", [1, 3]),
                ("filter[where][price][between][0]=40&filter[where][price][between][1]=100", [2, 4, 5]),
                ("filter[where][name][like]=%25Desk%25", [1, 4]),
            ]
            try await client.expectEach(cases, read: ids)
        }
    }

    @Test("Dates in where are coerced; an invalid date is a 400 (lbrun)", arguments: TestConnector.allCases)
    func dates(connector: TestConnector) async throws {
        try await withServer(productApp(settings: "", properties: #""added": "date""#), connector: connector) { client in
            try await client.seed([
                #"{"name":"Old","added":"2020-01-01T00:00:00.000Z"}"#, #"{"name":"New","added":"2024-06-01T12:00:00Z"}"#,
            ])
            let after = try await client.get(filtered(#"{"where":{"added":{"gt":"2021-01-01"}}}"#))
            #expect(names(after) == ["New"])
            let exact = try await client.get(filtered(#"{"where":{"added":"2020-01-01T00:00:00Z"}}"#))
            #expect(names(exact) == ["Old"])
            let millis = try await client.get(filtered(#"{"where":{"added":{"lt":1600000000000}}}"#))
            #expect(names(millis) == ["Old"])
            let invalid = try await client.get(filtered(#"{"where":{"added":"tomorrow"}}"#))
            #expect(invalid.status == 400)
            #expect(invalid.json == errorBody(400, "Invalid date: tomorrow"))
            let invalidCount = try await client.get("/api/Products/count?where[added][gt]=soon")
            #expect(invalidCount.status == 400)
            #expect(invalidCount.json == errorBody(400, "Invalid date: soon"))
        }
    }

    @Test("Invalid operator values: 400 with juggler's messages", arguments: TestConnector.allCases)
    func invalidOperands(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let cases: [(String, String)] = [
                (
                    #"{"price":{"inq":5}}"#,
                    #"The price property has invalid clause {"inq":5}: Error: Value is not an array or object with sequential numeric indices"#
                ),
                (#"{"price":{"between":[1,2,3]}}"#, #"The price property has invalid clause {"between":[1,2,3]}: Expected precisely 2 values, received 3"#),
                (#"{"name":{"like":5}}"#, #"The name property has invalid clause {"like":5}: Expected a string or RegExp"#),
            ]
            for (clause, message) in cases {
                let reply = try await client.get(filtered(#"{"where":"# + clause + "}"))
                #expect(reply.status == 400, "\(clause)")
                #expect(reply.json == errorBody(400, message), "\(clause)")
            }
            let notArray = try await client.get(filtered(#"{"where":{"or":5}}"#))
            #expect(notArray.status == 400)
            #expect(notArray.error("message")?.stringValue?.hasPrefix("The or operator has invalid clauses 5") == true)
            let whereNotObject = try await client.get(filtered(#"{"where":5}"#))
            #expect(whereNotObject.json == errorBody(400, "The where clause 5 is not an object"))
        }
    }
}
