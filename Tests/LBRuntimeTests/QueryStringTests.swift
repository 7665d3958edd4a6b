import LBCore
@testable import LBRuntime
import Testing

@Suite("The Express extended query-string parser (§3.1)")
struct QueryStringTests {
    @Test(
        "bracket syntax",
        arguments: [
            (
                "filter[where][price][gt]=10&filter[limit]=2",
                ["filter": ["where": ["price": ["gt": "10"]], "limit": "2"]]
            ),
            ("where[price][gt]=10", ["where": ["price": ["gt": "10"]]]),
            ("a[]=x&a[]=y", ["a": ["x", "y"]]),
            ("a=x&a=y", ["a": ["x", "y"]]),
            ("a[0]=x&a[1]=y", ["a": ["x", "y"]]),
            ("a[1]=y&a[0]=x", ["a": ["x", "y"]]),
            ("a[3]=x", ["a": ["x"]]),
            ("a[20]=x", ["a": ["x"]]),
            ("a[21]=x", ["a": ["21": "x"]]),
            ("a[0]=x&a[21]=y", ["a": ["0": "x", "21": "y"]]),
            ("a[b]=1&a[21]=x", ["a": ["21": "x", "b": "1"]]),
            (
                "filter[include][scope][where][a][b][c]=1",
                ["filter": ["include": ["scope": ["where": ["a": ["b": ["[c]": "1"]]]]]]]
            ),
            ("a[b][c][d][e][f][g][h]=x", ["a": ["b": ["c": ["d": ["e": ["f": ["[g][h]": "x"]]]]]]]),
            ("a[1][2][3][4][5][6][7]=x", ["a": [[[[[["[6][7]": "x"]]]]]]]),
            ("filter[order]=price+DESC", ["filter": ["order": "price DESC"]]),
            ("filter[order]=price%20DESC", ["filter": ["order": "price DESC"]]),
            ("a=%ZZ+b", ["a": "%ZZ b"]),
            ("a=%E0%A4%A", ["a": "%E0%A4%A"]),
            ("a=%C3%A9", ["a": "é"]),
            ("a=%FF", ["a": "%FF"]),
            ("a%5Bb%5D=1", ["a": ["b": "1"]]),
            ("a", ["a": ""]),
            ("a=", ["a": ""]),
            ("=x&&b=1", ["b": "1"]),
            ("a=1=2", ["a": "1=2"]),
            ("a[b]=c=d", ["a": ["b": "c=d"]]),
            ("a[b]=1&a=c", ["a": ["b": "1", "c": true]]),
            ("a=c&a[b]=1", ["a": ["c", ["b": "1"]]]),
            ("a[]=x&a[b]=y", ["a": ["0": "x", "b": "y"]]),
            ("a[b]c=1", ["a": ["b": "1"]]),
            ("a[b=1", ["a[b": "1"]),
            ("[a]=1", ["a": "1"]),
            ("a[__proto__]=x", ["a": [:]]),
            ("a[][b]=1", ["a": [["b": "1"]]]),
            ("a[0][b]=1&a[0][c]=2", ["a": [["b": "1", "c": "2"]]]),
            ("a[c]=1&a[b]=2&a[c][d]=3", ["a": ["c": ["1", ["d": "3"]], "b": "2"]]),
            ("a[b][c]=1&a[b]=2", ["a": ["b": ["2": true, "c": "1"]]]),
            (
                "filter[where][and][0][price][gt]=1&filter[where][and][1][name]=x",
                ["filter": ["where": ["and": [["price": ["gt": "1"]], ["name": "x"]]]]]
            ),
            ("filter[fields][name]=false", ["filter": ["fields": ["name": "false"]]]),
            (#"filter={"where":{"a":1}}"#, ["filter": #"{"where":{"a":1}}"#]),
            ("", [:]),
        ] as [(String, [String: JSONValue])])
    func parse(_ query: String, _ expected: [String: JSONValue]) {
        #expect(QueryString.parse(query) == expected)
    }

    @Test("nested keys keep JavaScript's key order: indices first")
    func keyOrder() throws {
        let parsed = QueryString.parse("a[b]=1&a[30]=2&a[25]=3")
        #expect(parsed["a"]?.objectValue.map { Array($0.keys) } == ["25", "30", "b"])
    }

    @Test("object members keep the order of the query")
    func memberOrder() throws {
        let parsed = QueryString.parse("filter[where][z]=1&filter[where][a]=2&filter[limit]=3")
        #expect(parsed["filter"]?.objectValue.map { Array($0.keys) } == ["where", "limit"])
        #expect(parsed["filter"]?.objectValue?["where"]?.objectValue.map { Array($0.keys) } == ["z", "a"])
    }

    @Test("at most 1000 parameters are read")
    func parameterLimit() {
        let query = (0..<1001).map { "p\($0)=1" }.joined(separator: "&")
        let parsed = QueryString.parse(query)
        #expect(parsed.count == 1000)
        #expect(parsed["p999"] == "1")
        #expect(parsed["p1000"] == nil)
    }

    @Test("the JSON form is a string from { to }")
    func jsonForm() {
        #expect(QueryString.isJSONForm(#"{"a":1}"#))
        #expect(!QueryString.isJSONForm("{abc"))
        #expect(!QueryString.isJSONForm("[1]"))
        #expect(!QueryString.isJSONForm(["a": 1]))
        #expect(!QueryString.isJSONForm(nil))
    }

    @Test(
        "object arguments are decoded like strong-remoting does",
        arguments: [
            (nil, nil),
            ("", nil),
            ("null", nil),
            (.null, nil),
            (#"{"where":{"b":1,"a":2}}"#, ["where": ["b": 1, "a": 2]]),
            (["a": "1"], ["a": "1"]),
        ] as [(JSONValue?, JSONValue?)])
    func decodeObjectArgument(_ value: JSONValue?, _ expected: JSONValue?) throws {
        #expect(try QueryString.decodeObjectArgument(value) == expected)
    }

    @Test("decoded JSON keeps key order")
    func decodedKeyOrder() throws {
        let value = try QueryString.decodeObjectArgument(#"{"b":1,"a":{"d":[1,2.5,-3e2,true,null,"\u00e9\n"],"c":{}}}"#)
        #expect(value?.jsonText == #"{"b":1,"a":{"d":[1,2.5,-300,true,null,"é\n"],"c":{}}}"#)
    }

    @Test(
        "bad object arguments are 400s",
        arguments: [
            ("{bad}", "Cannot parse JSON-encoded object value."),
            (#"{"a":}"#, "Cannot parse JSON-encoded object value."),
            (#"{"a":1}}"#, "Cannot parse JSON-encoded object value."),
            ("5", "Value is not an object."),
            (#" {"a":1}"#, "Value is not an object."),
            ("abc", "Value is not an object."),
            ("[1]", "Value is not an object."),
            ([1], "Value is not an object."),
            (5, "Value is not an object."),
            (true, "Value is not an object."),
        ] as [(JSONValue, String)])
    func badObjectArguments(_ value: JSONValue, _ message: String) {
        let error = loopBackError { () throws(LoopBackError) in _ = try QueryString.decodeObjectArgument(value) }
        #expect(error?.statusCode == 400)
        #expect(error?.message == message)
    }

    @Test("a deeply nested JSON filter is QUERY_OBJECT_TOO_DEEP, found while parsing")
    func deepJSON() {
        let text = String(repeating: #"{"and":["#, count: 10_000) + "{}" + String(repeating: "]}", count: 10_000)
        let error = loopBackError { () throws(LoopBackError) in _ = try QueryString.decodeObjectArgument(.string(text)) }
        #expect(error?.code == "QUERY_OBJECT_TOO_DEEP")
    }

    @Test("JSON text up to depth 12 parses; one level more is too deep")
    func jsonDepthBoundary() throws {
        // {"where":{"a":{"a":…1}}} with the leaf `depth` levels below the filter.
        func text(depth: Int) -> String {
            #"{"where":"# + String(repeating: #"{"a":"#, count: depth - 1) + "1" + String(repeating: "}", count: depth)
        }
        let value = try QueryString.decodeObjectArgument(.string(text(depth: 12)))
        _ = try FilterParser.parse(value, for: QueryFixtures.product)
        let deeper = loopBackError { () throws(LoopBackError) in
            _ = try FilterParser.parse(try QueryString.decodeObjectArgument(.string(text(depth: 13))), for: QueryFixtures.product)
        }
        #expect(deeper?.code == "QUERY_OBJECT_TOO_DEEP")
        let muchDeeper = loopBackError { () throws(LoopBackError) in _ = try QueryString.decodeObjectArgument(.string(text(depth: 14))) }
        #expect(muchDeeper?.code == "QUERY_OBJECT_TOO_DEEP")
    }

    @Test("a bracket filter end to end: parse the query, then the filter")
    func endToEnd() throws {
        let query = QueryString.parse("filter[where][price][gt]=10&filter[limit]=2&filter[order]=price+DESC&filter[fields][name]=false")
        let filter = try FilterParser.parse(try QueryString.decodeObjectArgument(query["filter"]), for: QueryFixtures.product)
        #expect(filter.where == .condition(path: "price", op: .gt, value: 10))
        #expect(filter.limit == 2)
        #expect(filter.order == [OrderItem(path: "price", descending: true)])
        #expect(filter.fields == .except(["name"]))
    }
}
