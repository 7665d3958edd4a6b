import LBCore
import LBPlan
@testable import LBRuntime
import Testing

@Suite("The where grammar, value checks and coercion (§3.3, §3.4)")
struct WhereParserTests {
    func parse(_ value: JSONValue) throws -> Where? {
        try FilterParser.parseWhere(value, for: QueryFixtures.product)
    }

    // MARK: grammar

    @Test(
        "clauses, operators and logical combinations",
        arguments: [
            (["name": "x"], .condition(path: "name", op: .eq, value: "x")),
            (
                ["name": "x", "price": 5],
                .and([.condition(path: "name", op: .eq, value: "x"), .condition(path: "price", op: .eq, value: 5)])
            ),
            (["price": ["eq": 10]], .condition(path: "price", op: .eq, value: 10)),
            (
                ["price": ["gt": 10, "lt": 20]],
                .and([.condition(path: "price", op: .gt, value: 10), .condition(path: "price", op: .lt, value: 20)])
            ),
            (["name": ["like": "a%", "options": "i"]], .condition(path: "name", op: .like, value: "a%")),
            (["name": ["options": "i", "ilike": "a%"]], .condition(path: "name", op: .ilike, value: "a%")),
            (
                ["and": [["name": "a"], ["price": 2]]],
                .and([.condition(path: "name", op: .eq, value: "a"), .condition(path: "price", op: .eq, value: 2)])
            ),
            (
                ["or": ["0": ["name": "a"], "1": ["price": 2]]],
                .or([.condition(path: "name", op: .eq, value: "a"), .condition(path: "price", op: .eq, value: 2)])
            ),
            (["or": [[:], nil]], .or([.and([]), .and([])])),
            (["and": []], .and([])),
            (["nor": [["name": "a"]]], .or([])),
            (["name": nil], .condition(path: "name", op: .eq, value: nil)),
            (["address.city": "Berlin"], .condition(path: "address.city", op: .eq, value: "Berlin")),
            (["name": ["exists": true]], .condition(path: "name", op: .exists, value: true)),
            (["name": ["exists": "false"]], .condition(path: "name", op: .exists, value: false)),
            (["name": ["exists": 0]], .condition(path: "name", op: .exists, value: false)),
            (["meta": ["color": "red"]], .condition(path: "meta", op: .eq, value: ["color": "red"])),
            (["undeclared": ["foo": 1]], .condition(path: "undeclared", op: .eq, value: ["foo": 1])),
            (["name": ["foo": 1]], .condition(path: "name", op: .eq, value: "[object Object]")),
        ] as [(JSONValue, Where)])
    func grammar(_ value: JSONValue, _ expected: Where) throws {
        #expect(try parse(value) == expected)
    }

    @Test("an empty where is no where")
    func empty() throws {
        #expect(try parse([:]) == nil)
        #expect(try parse(nil) == nil)
        #expect(try FilterParser.parse(["where": [:]], for: QueryFixtures.product).where == nil)
        #expect(try FilterParser.parse(["where": nil], for: QueryFixtures.product).where == nil)
    }

    // MARK: operands

    @Test(
        "operands are normalised",
        arguments: [
            (["price": ["inq": ["1", "2", "x"]]], .condition(path: "price", op: .inq, value: [1, 2, "x"])),
            (["price": ["inq": ["0": "1", "1": "2"]]], .condition(path: "price", op: .inq, value: [1, 2])),
            (["price": ["nin": [nil, "3"]]], .condition(path: "price", op: .nin, value: [nil, 3])),
            (["price": ["between": ["1", 5]]], .condition(path: "price", op: .between, value: [1, 5])),
            (["name": ["regexp": "/^de/i"]], .condition(path: "name", op: .regexp, value: "/^de/i")),
            (["name": ["regexp": "/^de/gm"]], .condition(path: "name", op: .regexp, value: "/^de/gm")),
            (["name": ["regexp": "^de"]], .condition(path: "name", op: .regexp, value: "/^de/")),
            (["name": ["regexp": "/a/b/i"]], .condition(path: "name", op: .regexp, value: "/a/b/i")),
            (["name": ["regexp": "/(/"]], .condition(path: "name", op: .regexp, value: "/\\(/")),
            (
                ["location": ["near": "52.52,13.40", "maxDistance": 5, "unit": "kilometers"]],
                .condition(
                    path: "location", op: .near,
                    value: ["point": ["lat": 52.52, "lng": 13.4], "maxDistance": 5, "unit": "kilometers"])
            ),
            (
                ["location": ["near": [1, 2], "minDistance": "3"]],
                .condition(path: "location", op: .near, value: ["point": ["lat": 1, "lng": 2], "minDistance": 3])
            ),
            (
                ["location": ["near": ["lat": 1, "lng": 2]]],
                .condition(path: "location", op: .near, value: ["point": ["lat": 1, "lng": 2]])
            ),
        ] as [(JSONValue, Where)])
    func operands(_ value: JSONValue, _ expected: Where) throws {
        #expect(try parse(value) == expected)
    }

    @Test(
        "invalid clauses are 400s with LoopBack's messages",
        arguments: [
            (5, "The where clause 5 is not an object"),
            ("abc", #"The where clause "abc" is not an object"#),
            ([], "The where clause [] is not an object"),
            (["and": 5], "The and operator has invalid clauses 5: Value is not an array or object with sequential numeric indices"),
            (["or": "x"], #"The or operator has invalid clauses "x": Value is not an array or object with sequential numeric indices"#),
            (["and": [:]], "The and operator has invalid clauses {}: Value is an empty object"),
            (
                ["and": ["0": ["a": 1], "2": ["b": 1]]],
                #"The and operator has invalid clauses {"0":{"a":1},"2":{"b":1}}: Value is not an array or object with sequential numeric indices"#
            ),
            (["and": [5]], "The where clause 5 is not an object"),
            (["or": [["a": 1], "x"]], #"The where clause "x" is not an object"#),
            (
                ["price": ["inq": 5]],
                #"The price property has invalid clause {"inq":5}: Error: Value is not an array or object with sequential numeric indices"#
            ),
            (
                ["undeclared": ["nin": "a"]],
                #"The undeclared property has invalid clause {"nin":"a"}: Error: Value is not an array or object with sequential numeric indices"#
            ),
            (["price": ["nin": [:]]], #"The price property has invalid clause {"nin":{}}: Error: Value is an empty object"#),
            (
                ["price": ["gt": 1, "between": 5]],
                #"The price property has invalid clause {"gt":1,"between":5}: Error: Value is not an array or object with sequential numeric indices"#
            ),
            (
                ["price": ["between": [1, 2, 3]]],
                #"The price property has invalid clause {"between":[1,2,3]}: Expected precisely 2 values, received 3"#
            ),
            (
                ["price": ["between": [1]]],
                #"The price property has invalid clause {"between":[1]}: Expected precisely 2 values, received 1"#
            ),
            (["name": ["like": 5]], #"The name property has invalid clause {"like":5}: Expected a string or RegExp"#),
            (["name": ["nilike": nil]], #"The name property has invalid clause {"nilike":null}: Expected a string or RegExp"#),
            (["name": ["regexp": "/^de/x"]], "Invalid regex flags: x"),
            (["name": ["regexp": "/^de/ixs"]], "Invalid regex flags: x,s"),
            (["name": ["regexp": 5]], "Invalid argument, must be a string, regex literal, or RegExp object"),
            (["released": "tomorrow"], "Invalid date: tomorrow"),
            (["released": ["gt": "2024-13-01"]], "Invalid date: 2024-13-01"),
            (["released": ["inq": ["2024-01-01", "nope"]]], "Invalid date: nope"),
            (["birthday": "someday"], "Invalid date: someday"),
        ] as [(JSONValue, String)])
    func invalid(_ value: JSONValue, _ message: String) {
        let error = loopBackError { () throws(LoopBackError) in _ = try FilterParser.parseWhere(value, for: QueryFixtures.product) }
        #expect(error?.statusCode == 400)
        #expect(error?.message == message)
    }

    @Test(
        "invalid near clauses are 400s",
        arguments: [
            ["location": ["near": "abc"]],
            ["location": ["near": [91, 0]]],
            ["location": ["near": "1,2", "unit": "parsecs"]],
            ["location": ["near": "1,2", "maxDistance": "far"]],
        ] as [JSONValue])
    func invalidNear(_ value: JSONValue) {
        let error = loopBackError { () throws(LoopBackError) in _ = try FilterParser.parseWhere(value, for: QueryFixtures.product) }
        #expect(error?.statusCode == 400)
        #expect(error?.message.hasPrefix("The location property has invalid clause") == true)
    }

    @Test("a where inside a filter is validated too")
    func whereInFilter() {
        #expect(filterError(["where": 5]) == "The where clause 5 is not an object")
        #expect(filterError(["where": false]) == "The where clause false is not an object")
    }

    // MARK: coercion

    @Test(
        "values are coerced by the declared property type",
        arguments: [
            ("price", "10", 10),
            ("price", "1e3", 1000),
            ("price", " 7 ", 7),
            ("price", "0x10", 16),
            ("price", "abc", "abc"),
            ("price", "", 0),
            ("price", true, 1),
            ("price", nil, nil),
            ("price", ["a": 1], ["a": 1]),
            ("available", "true", true),
            ("available", "1", true),
            ("available", "0", false),
            ("available", "false", false),
            ("available", "yes", true),
            ("available", "", false),
            ("available", 0, false),
            ("available", 2, true),
            ("released", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z"),
            ("released", "2024-05-01", "2024-05-01T00:00:00.000Z"),
            ("released", "2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00.000Z"),
            ("released", "2024-05-01T10:00:00.1234Z", "2024-05-01T10:00:00.123Z"),
            ("released", "2024-05-01 10:00:00", "2024-05-01T10:00:00.000Z"),
            ("released", "Wed, 01 May 2024 10:00:00 GMT", "2024-05-01T10:00:00.000Z"),
            ("released", 0, "1970-01-01T00:00:00.000Z"),
            ("released", 1_714_557_600_000, "2024-05-01T10:00:00.000Z"),
            ("released", "2024", "2024-01-01T00:00:00.000Z"),
            ("birthday", "2024-05-01", "2024-05-01"),
            ("name", 5, "5"),
            ("name", 1.5, "1.5"),
            ("name", 1e21, "1e+21"),
            ("name", 0.000001, "0.000001"),
            ("name", 1e-7, "1e-7"),
            ("name", true, "true"),
            ("tags", 5, "5"),
            ("ratings", "4", 4),
            ("meta", "5", "5"),
            ("address", 5, 5),
            ("location", "1,2", "1,2"),
            ("undeclared", "5", "5"),
        ] as [(String, JSONValue, JSONValue)])
    func coercion(_ property: String, _ input: JSONValue, _ expected: JSONValue) throws {
        #expect(try parse([property: input]) == .condition(path: property, op: .eq, value: expected))
    }

    @Test("operator values and list elements are coerced as well")
    func operatorCoercion() throws {
        #expect(try parse(["price": ["neq": "5"]]) == .condition(path: "price", op: .neq, value: 5))
        #expect(
            try parse(["released": ["between": ["2024-01-01", "2024-12-31"]]])
                == .condition(path: "released", op: .between, value: ["2024-01-01T00:00:00.000Z", "2024-12-31T00:00:00.000Z"]))
        #expect(try parse(["available": ["inq": ["true", "0"]]]) == .condition(path: "available", op: .inq, value: [true, false]))
        #expect(try parse(["tags": ["a", 1]]) == .condition(path: "tags", op: .eq, value: ["a", "1"]))
        #expect(try parse(["price": ["like": "1%"]]) == .condition(path: "price", op: .like, value: "1%"))
    }
}
