import LBCore
import LBPlan
@testable import LBRuntime
import Testing

@Suite("Filter normalisation (§3.2)")
struct FilterParserTests {
    // MARK: absent and non-object filters

    @Test("absent, null and falsy filters mean no filter", arguments: [nil, .null, false, 0, ""] as [JSONValue?])
    func noFilter(_ value: JSONValue?) throws {
        #expect(try parseFilter(value) == Filter())
    }

    @Test(
        "a filter that is not an object is a 400",
        arguments: [
            (5, "The query filter 5 is not an object"),
            ("abc", #"The query filter "abc" is not an object"#),
            ([1], "The query filter [1] is not an object"),
        ] as [(JSONValue, String)])
    func notAnObject(_ value: JSONValue, _ message: String) {
        let error = loopBackError { () throws(LoopBackError) in _ = try parseFilter(value) }
        #expect(error?.statusCode == 400)
        #expect(error?.message == message)
    }

    @Test("unknown top-level keys are ignored")
    func unknownKeys() throws {
        #expect(try parseFilter(["foo": 1, "where": [:]]) == Filter())
    }

    // MARK: limit, skip, offset

    @Test(
        "limit, skip and offset normalise as juggler does",
        arguments: [
            (["limit": 10], 10, 0),
            (["limit": "10"], 10, 0),
            (["skip": 20], 100, 20),
            (["offset": 5], 100, 5),
            (["skip": "5", "offset": 7], 100, 5),
            (["limit": 0], nil, 0),
            (["limit": 0, "skip": 5], 100, 5),
            (["limit": 3, "skip": 0, "offset": 4], 3, 4),
            (["limit": 2, "skip": 6], 2, 6),
            (["limit": "Infinity"], nil, 0),
            (["limit": true], 1, 0),
        ] as [(JSONValue, Int?, Int)])
    func paging(_ filter: JSONValue, _ limit: Int?, _ skip: Int) throws {
        let parsed = try parseFilter(filter)
        #expect(parsed.limit == limit)
        #expect(parsed.skip == skip)
    }

    @Test(
        "invalid limit and skip values are 400s with LoopBack's messages",
        arguments: [
            (["limit": "abc"], #"The limit parameter "abc" is not valid"#),
            (["limit": -1], "The limit parameter -1 is not valid"),
            (["limit": 1.5], "The limit parameter 1.5 is not valid"),
            (["limit": "0"], #"The limit parameter "0" is not valid"#),
            (["limit": [1, 2]], "The limit parameter [1,2] is not valid"),
            (["limit": ["a": 1]], #"The limit parameter {"a":1} is not valid"#),
            (["skip": -1], "The offset/skip parameter -1 is not valid"),
            (["skip": "x"], #"The offset/skip parameter "x" is not valid"#),
            (["offset": 2.5], "The offset/skip parameter 2.5 is not valid"),
            (["limit": 5, "offset": "-3"], #"The offset/skip parameter "-3" is not valid"#),
        ] as [(JSONValue, String)])
    func invalidPaging(_ filter: JSONValue, _ message: String) {
        let error = loopBackError { () throws(LoopBackError) in _ = try parseFilter(filter) }
        #expect(error?.statusCode == 400)
        #expect(error?.message == message)
    }

    // MARK: order

    @Test(
        "order accepts strings, arrays and comma lists",
        arguments: [
            ("price DESC", [OrderItem(path: "price", descending: true)]),
            ("price", [OrderItem(path: "price")]),
            ("price desc, name asc", [OrderItem(path: "price", descending: true), OrderItem(path: "name")]),
            ("price DESC,,name", [OrderItem(path: "price", descending: true), OrderItem(path: "name")]),
            (["price DESC", "name"], [OrderItem(path: "price", descending: true), OrderItem(path: "name")]),
            (
                ["price DESC,name ASC", "id"],
                [OrderItem(path: "price", descending: true), OrderItem(path: "name"), OrderItem(path: "id")]
            ),
            ("address.city DESC", [OrderItem(path: "address.city", descending: true)]),
            ("price DESC extra", [OrderItem(path: "price", descending: true)]),
            ("", []),
            ([], []),
        ] as [(JSONValue, [OrderItem])])
    func order(_ order: JSONValue, _ expected: [OrderItem]) throws {
        #expect(try parseFilter(["order": order]).order == expected)
    }

    @Test(
        "invalid order entries are 400s",
        arguments: [
            ("price UP", #"The order "price UP" has invalid direction"#),
            (" price", #"The order " price" has invalid direction"#),
            (5, "The order 5 is not valid"),
            ([5], "The order 5 is not valid"),
            (["price", nil], "The order null is not valid"),
            (["price": 1], #"The order {"price":1} is not valid"#),
        ] as [(JSONValue, String)])
    func invalidOrder(_ order: JSONValue, _ message: String) {
        #expect(filterError(["order": order]) == message)
    }

    // MARK: fields

    @Test(
        "fields forms",
        arguments: [
            ("name", FieldSelection.only(["name"])),
            (["id", "name"], .only(["id", "name"])),
            (["name": true, "id": true], .only(["name", "id"])),
            (["price": false], .except(["price"])),
            (["price": false, "name": 0], .except(["price", "name"])),
            (["name": "true", "price": false], .only(["name"])),
            (["name": "false"], .except(["name"])),
            (["name": "0", "price": "no"], .only(["price"])),
            (["undeclared": true], .only(["undeclared"])),
        ] as [(JSONValue, FieldSelection)])
    func fields(_ fields: JSONValue, _ expected: FieldSelection) throws {
        #expect(try parseFilter(["fields": fields]).fields == expected)
    }

    @Test("empty fields mean all properties", arguments: [[], [:], "", false, nil] as [JSONValue])
    func emptyFields(_ fields: JSONValue) throws {
        #expect(try parseFilter(["fields": fields]).fields == nil)
    }

    @Test("strict models drop fields that are not properties")
    func strictFields() throws {
        let model = QueryFixtures.strictProduct
        #expect(try parseFilter(["fields": ["name", "nope"]], model: model).fields == .only(["name"]))
        #expect(try parseFilter(["fields": ["nope": true]], model: model).fields == .only([]))
        #expect(try parseFilter(["fields": ["price": false]], model: model).fields == .except(["price"]))
    }

    @Test("fields: true lists every declared property")
    func fieldsTrue() throws {
        #expect(try parseFilter(["fields": true]).fields == .only(QueryFixtures.product.properties.map(\.name)))
    }

    // MARK: include

    @Test(
        "include forms",
        arguments: [
            ("reviews", [IncludeItem(relation: "reviews")]),
            (["reviews", "category"], [IncludeItem(relation: "reviews"), IncludeItem(relation: "category")]),
            (["reviews": "author"], [IncludeItem(relation: "reviews", scope: ["include": "author"])]),
            (["reviews": true], [IncludeItem(relation: "reviews")]),
            (
                ["reviews": ["author", ["author": "avatar"]]],
                [IncludeItem(relation: "reviews", scope: ["include": ["author", ["author": "avatar"]]])]
            ),
            (
                ["reviews": ["author": "avatar"]],
                [IncludeItem(relation: "reviews", scope: ["include": ["author": "avatar"]])]
            ),
            (
                ["relation": "reviews", "scope": ["where": ["stars": 5], "limit": 5]],
                [IncludeItem(relation: "reviews", scope: ["where": ["stars": 5], "limit": 5])]
            ),
            (["rel": "reviews"], [IncludeItem(relation: "reviews")]),
            (
                ["a", true, 5, nil, ["b": true], ["c", ["relation": "d"]]],
                [IncludeItem(relation: "a"), IncludeItem(relation: "b"), IncludeItem(relation: "c"), IncludeItem(relation: "d")]
            ),
            (["a": "x", "b": true], [IncludeItem(relation: "a", scope: ["include": "x"]), IncludeItem(relation: "b")]),
            (true, []),
        ] as [(JSONValue, [IncludeItem])])
    func include(_ include: JSONValue, _ expected: [IncludeItem]) throws {
        #expect(try parseFilter(["include": include]).include == expected)
    }

    // MARK: depth

    /// `{"where": {"a": {"a": … 1}}}` with the leaf `depth` levels below the filter.
    static func nested(depth: Int) -> JSONValue {
        var value: JSONValue = 1
        for _ in 0..<(depth - 2) { value = ["a": value] }
        return ["where": ["a": value]]
    }

    @Test("nesting up to 12 levels is accepted, 13 is QUERY_OBJECT_TOO_DEEP")
    func depthLimit() throws {
        _ = try parseFilter(Self.nested(depth: 12))
        let error = loopBackError { () throws(LoopBackError) in _ = try parseFilter(Self.nested(depth: 13)) }
        #expect(error?.statusCode == 400)
        #expect(error?.code == "QUERY_OBJECT_TOO_DEEP")
        #expect(error?.message == "The query object exceeds maximum depth 12")
    }

    @Test("a where argument counts its depth from the where itself")
    func whereDepth() throws {
        var value: JSONValue = 1
        for _ in 0..<12 { value = ["a": value] }  // leaf at level 12
        _ = try FilterParser.parseWhere(value, for: QueryFixtures.product)
        #expect(
            loopBackError { () throws(LoopBackError) in _ = try FilterParser.parseWhere(["a": value], for: QueryFixtures.product) }?
                .code == "QUERY_OBJECT_TOO_DEEP")
    }

    @Test("depth is checked before anything else")
    func depthFirst() {
        var filter = Self.nested(depth: 20)
        if case .object(var members) = filter {
            members["limit"] = "abc"
            filter = .object(members)
        }
        #expect(filterError(filter) == "The query object exceeds maximum depth 12")
    }

    @Test("a 10,000-deep and is a 400, not a crash")
    func tenThousandDeepAnd() {
        var clause: JSONValue = ["name": "x"]
        for _ in 0..<10_000 { clause = ["and": [clause]] }
        let filter: JSONValue = ["where": clause]
        let error = loopBackError { () throws(LoopBackError) in _ = try parseFilter(filter) }
        #expect(error?.code == "QUERY_OBJECT_TOO_DEEP")
        #expect(error?.statusCode == 400)
        let whereError = loopBackError { () throws(LoopBackError) in _ = try FilterParser.parseWhere(clause, for: QueryFixtures.product) }
        #expect(whereError?.code == "QUERY_OBJECT_TOO_DEEP")
    }

    // MARK: $ operators

    @Test("$ keys are rejected with OPERATOR_NOT_ALLOWED_IN_QUERY and the where clause in details")
    func dollarOperators() {
        let where1: JSONValue = ["name": ["$ne": "x"]]
        let error = loopBackError { () throws(LoopBackError) in _ = try parseFilter(["where": where1]) }
        #expect(error?.statusCode == 400)
        #expect(error?.code == "OPERATOR_NOT_ALLOWED_IN_QUERY")
        #expect(error?.message == #"Operators "$ne" are not allowed in query"#)
        #expect(error?.details == ["operators": ["$ne"], "where": where1])
    }

    @Test(
        "$ keys are rejected anywhere",
        arguments: [
            (["where": ["$where": "1"]], ["operators": ["$where"], "where": ["$where": "1"]]),
            (
                ["where": ["price": 1, "or": [["name": ["$regex": "a", "$options": "i"]]]]],
                ["operators": ["$regex", "$options"], "where": ["name": ["$regex": "a", "$options": "i"]]]
            ),
            (["where": ["undeclared": ["$gt": 1]]], ["operators": ["$gt"], "where": ["undeclared": ["$gt": 1]]]),
            (["fields": ["$x": true]], ["operators": ["$x"], "where": [:]]),
            (["fields": ["$x": true], "where": ["a": 1]], ["operators": ["$x"], "where": ["a": 1]]),
            (
                ["include": ["relation": "r", "scope": ["where": ["b": ["$in": [1]]]]]],
                ["operators": ["$in"], "where": ["b": ["$in": [1]]]]
            ),
        ] as [(JSONValue, JSONValue)])
    func dollarAnywhere(_ filter: JSONValue, _ details: JSONValue) {
        let error = loopBackError { () throws(LoopBackError) in _ = try parseFilter(filter) }
        #expect(error?.code == "OPERATOR_NOT_ALLOWED_IN_QUERY")
        #expect(error?.details == details)
    }

    @Test("$ keys in a where argument")
    func dollarInWhereArgument() {
        #expect(whereError(["name": ["$ne": 1]]) == #"Operators "$ne" are not allowed in query"#)
    }

    // MARK: hidden properties

    @Test(
        "hidden properties cannot be used in where, order or fields",
        arguments: [
            ["where": ["password": "secret"]],
            ["where": ["password.x": 1]],
            ["where": ["or": [["name": "a"], ["password": ["like": "a%"]]]]],
            ["order": "password DESC"],
            ["order": ["name", "password.length"]],
            ["fields": ["password"]],
            ["fields": "password"],
            ["fields": ["password": false]],
        ] as [JSONValue])
    func hidden(_ filter: JSONValue) {
        let error = loopBackError { () throws(LoopBackError) in _ = try parseFilter(filter) }
        #expect(error?.statusCode == 400)
        #expect(error?.code == "HIDDEN_PROPERTY_IN_QUERY")
        #expect(error?.message == #"Property "password" is hidden and cannot be used in a query"#)
    }

    @Test("hidden properties in a where argument")
    func hiddenInWhereArgument() {
        #expect(whereError(["password": "x"]) == #"Property "password" is hidden and cannot be used in a query"#)
    }

    // MARK: scopes

    @Test("default scopes may use hidden properties and do not get the implicit limit")
    func scopeParsing() throws {
        let scope = try FilterParser.parseScope(["where": ["password": "x"], "skip": 10], for: QueryFixtures.product)
        #expect(scope.where == .condition(path: "password", op: .eq, value: "x"))
        #expect(scope.limit == nil)
        #expect(scope.skip == 10)
    }

    // MARK: a complete filter

    @Test("a complete filter")
    func complete() throws {
        let filter = try parseFilter([
            "where": ["price": ["gt": "10"]], "fields": ["name", "price"], "order": "price DESC", "limit": "2",
            "skip": 1, "include": "reviews",
        ])
        #expect(
            filter
                == Filter(
                    where: .condition(path: "price", op: .gt, value: 10), fields: .only(["name", "price"]),
                    order: [OrderItem(path: "price", descending: true)], limit: 2, skip: 1,
                    include: [IncludeItem(relation: "reviews")]))
    }
}
