import LBCore
import LBPlan
@testable import LBRuntime
import Testing

@Suite("Evaluating where clauses in memory (§3.5)")
struct WhereEvaluatorTests {
    static let records: [Record] = [
        QueryFixtures.record([
            "id": 1, "name": "Desk", "price": 45, "available": true, "released": "2024-05-01T10:00:00.000Z",
            "tags": ["office", "wood"], "address": ["city": "Berlin", "zip": "10115"],
            "stores": [["city": "Berlin"], ["city": "Hamburg"]], "code": "5", "meta": ["color": "brown"],
        ]),
        QueryFixtures.record([
            "id": 2, "name": "Chair", "price": 15, "available": false, "released": "2023-01-15T00:00:00.000Z",
            "tags": ["office"], "address": ["city": "Paris"], "stores": [["city": "Paris"]], "code": 7,
        ]),
        QueryFixtures.record(["id": 3, "name": "lamp", "price": nil, "tags": [], "address": nil]),
        QueryFixtures.record([
            "id": 4, "name": "Standing Desk", "price": 99, "available": true, "released": "2024-06-01T00:00:00.000Z",
            "tags": ["office", "metal"], "stores": [], "code": "abc",
        ]),
        QueryFixtures.record([
            "id": 5, "name": "100% Shelf", "price": 120, "available": true, "released": "2022-12-31T23:59:59.999Z",
            "tags": ["wood"], "address": ["city": "Berlin"], "code": true,
        ]),
        QueryFixtures.record(["id": 6, "name": "Ghost"]),
    ]

    func ids(_ value: JSONValue) throws -> [Int] {
        let model = QueryFixtures.product
        guard let condition = try FilterParser.parseWhere(value, for: model) else { return QueryFixtures.ids(Self.records) }
        return QueryFixtures.ids(Self.records.filter { WhereEvaluator.matches($0, condition, model: model) })
    }

    @Test(
        "operators against a table of records",
        arguments: [
            // equality
            (["name": "Desk"], [1]),
            (["price": 45], [1]),
            (["price": "45"], [1]),
            (["code": 5], [1]),
            (["code": 1], [5]),
            (["code": "7"], [2]),
            (["price": nil], [3, 6]),
            (["price": ["eq": nil]], [3, 6]),
            (["available": true], [1, 4, 5]),
            (["available": "false"], [2]),
            (["meta": ["color": "brown"]], [1]),
            (["meta.color": "brown"], [1]),
            // neq
            (["price": ["neq": 45]], [2, 3, 4, 5, 6]),
            (["price": ["neq": nil]], [1, 2, 4, 5]),
            // ranges
            (["price": ["gt": 20]], [1, 4, 5]),
            (["price": ["gte": 45]], [1, 4, 5]),
            (["price": ["lt": 45]], [2]),
            (["price": ["lte": 45]], [1, 2]),
            (["price": ["gt": "20"]], [1, 4, 5]),
            (["price": ["between": [15, 99]]], [1, 2, 4]),
            (["price": ["gt": 10, "lt": 50]], [1, 2]),
            (["and": [["price": ["gte": 10]], ["price": ["lt": 100]]]], [1, 2, 4]),
            (["code": ["gt": 6]], [2]),
            (["code": ["lte": 5]], [1, 5]),
            (["name": ["gt": "a"]], [3]),
            (["name": ["lt": "D"]], [2, 5]),
            // lists
            (["price": ["inq": [15, 99]]], [2, 4]),
            (["price": ["inq": ["15", 99]]], [2, 4]),
            (["price": ["nin": [15, 99]]], [1, 3, 5, 6]),
            (["price": ["inq": [nil]]], [3, 6]),
            (["code": ["inq": [5, 7]]], [1, 2]),
            // like family
            (["name": ["like": "Desk"]], [1, 4]),
            (["name": ["like": "desk"]], []),
            (["name": ["ilike": "%desk%"]], [1, 4]),
            (["name": ["like": "D_sk"]], [1, 4]),
            (["name": ["like": "^D"]], []),
            (["name": ["like": "."]], []),
            (["name": ["like": "100\\%"]], [5]),
            (["name": ["like": "0% S"]], [5]),
            (["name": ["nlike": "Desk"]], [2, 3, 5, 6]),
            (["name": ["nilike": "DESK"]], [2, 3, 5, 6]),
            (["price": ["like": "4%"]], [1]),
            (["available": ["nlike": "x"]], [1, 2, 3, 4, 5, 6]),
            (["available": ["like": "%"]], [1, 2, 4, 5]),
            // regexp
            (["name": ["regexp": "/^de/i"]], [1]),
            (["name": ["regexp": "^D"]], [1]),
            (["name": ["regexp": "desk$"]], []),
            (["name": ["regexp": "/desk$/i"]], [1, 4]),
            (["name": ["regexp": "/^l.mp$/"]], [3]),
            (["code": ["regexp": "^a"]], [4]),
            // dates compare as instants
            (["released": ["gt": "2024-01-01"]], [1, 4]),
            (["released": "2024-05-01T12:00:00+02:00"], [1]),
            (["released": ["between": ["2023-01-01", "2024-05-31"]]], [1, 2]),
            (["released": ["lt": "2023-01-01T00:00:00Z"]], [5]),
            (["released": ["inq": ["2024-06-01", "2023-01-15T01:00:00+01:00"]]], [2, 4]),
            (["released": ["neq": "2024-06-01"]], [1, 2, 3, 5, 6]),
            // arrays: any element
            (["tags": "wood"], [1, 5]),
            (["tags": ["neq": "office"]], [1, 3, 4, 5, 6]),
            (["tags": ["inq": ["metal", "nope"]]], [4]),
            (["tags": ["nin": ["office"]]], [1, 4, 5, 6]),
            (["tags": ["like": "o%"]], [1, 2, 4, 5]),
            (["tags": ["regexp": "^o"]], [1, 2, 4]),
            (["tags": ["office", "wood"]], [1]),
            (["tags.1": "wood"], [1]),
            // nested paths
            (["address.city": "Berlin"], [1, 5]),
            (["stores.city": "Hamburg"], [1]),
            (["stores.city": "Berlin"], [1]),
            (["stores.city": ["inq": ["Paris", "Munich"]]], [2]),
            (["address.city": nil], [3, 4, 6]),
            (["address.city": ["neq": "Berlin"]], [2, 3, 4, 6]),
            // exists
            (["address.zip": ["exists": true]], [1]),
            (["available": ["exists": false]], [3, 6]),
            (["price": ["exists": true]], [1, 2, 3, 4, 5]),
            (["stores.city": ["exists": true]], [1, 2]),
            // logic
            (["or": [["price": 15], ["name": "lamp"]]], [2, 3]),
            (["or": [["price": 15], ["and": [["available": true], ["tags": "wood"]]]]], [1, 2, 5]),
            (["nor": [["price": 15]]], []),
            (["or": []], []),
            (["and": []], [1, 2, 3, 4, 5, 6]),
            ([:], [1, 2, 3, 4, 5, 6]),
            // undeclared properties
            (["missing": nil], [1, 2, 3, 4, 5, 6]),
            (["missing": ["neq": 1]], [1, 2, 3, 4, 5, 6]),
            (["missing": 1], []),
        ] as [(JSONValue, [Int])])
    func table(_ where: JSONValue, _ expected: [Int]) throws {
        #expect(try ids(`where`) == expected)
    }

    @Test("near keeps records within the distance bounds")
    func near() {
        let model = QueryFixtures.product
        let records = [
            QueryFixtures.record(["id": 1, "location": ["lat": 48.8566, "lng": 2.3522]]),  // Paris
            QueryFixtures.record(["id": 2, "location": ["lat": 52.52, "lng": 13.405]]),  // Berlin
            QueryFixtures.record(["id": 3]),
            QueryFixtures.record(["id": 4, "location": "53.5511,9.9937"]),  // Hamburg
        ]
        let condition = Where.condition(
            path: "location", op: .near, value: ["point": ["lat": 52.52, "lng": 13.40], "maxDistance": 300, "unit": "kilometers"])
        #expect(QueryFixtures.ids(records.filter { WhereEvaluator.matches($0, condition, model: model) }) == [2, 4])
    }
}
