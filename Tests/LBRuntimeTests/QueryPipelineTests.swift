import LBCore
import LBPlan
@testable import LBRuntime
import Testing

@Suite("Sorting, projection, the memory pipeline and scopes")
struct QueryPipelineTests {
    typealias R = QueryFixtures

    // MARK: sorting

    @Test("without order, records sort by id ascending, numbers numerically")
    func defaultOrder() {
        let records = [R.record(["id": 10]), R.record(["id": 2]), R.record(["id": 1])]
        #expect(R.ids(RecordSorter.sort(records, by: [], model: R.product)) == [1, 2, 10])
    }

    @Test("string ids sort by UTF-16 code units")
    func stringIds() {
        let model = R.model("Note", properties: [("id", .string)])
        let records = [R.record(["id": "b"]), R.record(["id": "B"]), R.record(["id": "a"])]
        #expect(RecordSorter.sort(records, by: [], model: model).map { $0["id"] } == ["B", "a", "b"])
    }

    @Test("mixed types follow the documented total order; DESC reverses it")
    func mixedTypes() {
        let values: [JSONValue?] = ["a", 5, nil, "B", true, .null, false, -1, [1], ["x": 1]]
        let records = values.enumerated().map { index, value in
            var record = R.record(["id": .number(Double(index))])
            if let value { record["meta"] = value }
            return record
        }
        let ascending = RecordSorter.sort(records, by: [OrderItem(path: "meta")], model: R.product).map { $0["meta"] }
        #expect(ascending == [nil, .null, false, true, -1, 5, "B", "a", [1], ["x": 1]])
        let descending = RecordSorter.sort(records, by: [OrderItem(path: "meta", descending: true)], model: R.product)
            .map { $0["meta"] }
        #expect(descending == [["x": 1], [1], "a", "B", 5, -1, true, false, .null, nil])
    }

    @Test("date properties sort by instant")
    func dates() {
        let records = [
            R.record(["id": 1, "released": "2024-05-01T10:00:00.000Z"]),
            R.record(["id": 2, "released": "2024-05-01T09:00:00.000-02:00"]),  // 11:00Z
            R.record(["id": 3, "released": "2024-05-01T10:30:00.000+01:00"]),  // 09:30Z
            R.record(["id": 4]),
        ]
        #expect(R.ids(RecordSorter.sort(records, by: [OrderItem(path: "released")], model: R.product)) == [4, 3, 1, 2])
        // The same strings on an undeclared property sort as text.
        let text = records.map { record -> Record in
            var copy = record
            copy["other"] = record["released"]
            return copy
        }
        #expect(R.ids(RecordSorter.sort(text, by: [OrderItem(path: "other")], model: R.product)) == [4, 2, 1, 3])
    }

    @Test("ties keep id order; several keys; dotted paths")
    func ties() {
        let records = [
            R.record(["id": 3, "price": 10, "address": ["city": "Berlin"]]),
            R.record(["id": 1, "price": 20, "address": ["city": "Paris"]]),
            R.record(["id": 2, "price": 10, "address": ["city": "Amsterdam"]]),
        ]
        #expect(R.ids(RecordSorter.sort(records, by: [OrderItem(path: "price")], model: R.product)) == [2, 3, 1])
        #expect(
            R.ids(RecordSorter.sort(records, by: [OrderItem(path: "price", descending: true), OrderItem(path: "id", descending: true)], model: R.product))
                == [1, 3, 2])
        #expect(R.ids(RecordSorter.sort(records, by: [OrderItem(path: "address.city")], model: R.product)) == [2, 3, 1])
    }

    @Test("models without an id keep input order")
    func noId() {
        let model = R.model("Log", properties: [("message", .string)], ids: [])
        let records = [R.record(["message": "b"]), R.record(["message": "a"])]
        #expect(RecordSorter.sort(records, by: [], model: model) == records)
    }

    // MARK: projection

    @Test("fields keep the record's property order")
    func projection() {
        let record = R.record(["id": 1, "name": "Desk", "price": 45])
        #expect(Array(FieldProjector.project(record, .only(["name", "id", "nope"])).keys) == ["id", "name"])
        #expect(Array(FieldProjector.project(record, .except(["price"])).keys) == ["id", "name"])
        #expect(FieldProjector.project(record, nil) == record)
        #expect(FieldProjector.project(record, .only([])).isEmpty)
    }

    // MARK: the memory pipeline

    static let products: [Record] = [
        R.record(["name": "Desk", "price": 45, "id": 1]),
        R.record(["name": "Chair", "price": 15, "id": 2]),
        R.record(["name": "Desk Lamp", "price": 120, "id": 3]),
        R.record(["name": "Standing Desk", "price": 99, "id": 4]),
        R.record(["name": "desk organizer", "price": 8, "id": 5]),
    ]

    @Test("the example of §3.5")
    func specExample() throws {
        let text = #"{"where":{"and":[{"price":{"gte":10}},{"price":{"lt":100}}],"name":{"ilike":"%desk%"}},"order":"price DESC","limit":2}"#
        let filter = try FilterParser.parse(try QueryString.decodeObjectArgument(.string(text)), for: R.product)
        let result = MemoryQuery.run(filter, on: Self.products, model: R.product)
        #expect(
            result == [
                R.record(["name": "Standing Desk", "price": 99, "id": 4]),
                R.record(["name": "Desk", "price": 45, "id": 1]),
            ])
    }

    @Test(
        "sort, where, fields, skip and limit",
        arguments: [
            ([:], [1, 2, 3, 4, 5]),
            (["order": "price DESC"], [3, 4, 1, 2, 5]),
            (["order": "price", "skip": 1, "limit": 2], [2, 1]),
            (["where": ["price": ["gt": 10]], "skip": 1], [2, 3, 4]),
            (["where": ["name": ["like": "Desk"]], "order": "name DESC"], [4, 3, 1]),
            (["limit": 10, "skip": 4], [5]),
            (["skip": 10], []),
        ] as [(JSONValue, [Int])])
    func pipeline(_ filter: JSONValue, _ expected: [Int]) throws {
        let parsed = try FilterParser.parse(filter, for: R.product)
        #expect(R.ids(MemoryQuery.run(parsed, on: Self.products, model: R.product)) == expected)
    }

    @Test("fields are applied before skip and limit and keep property order")
    func fieldsInPipeline() throws {
        let filter = try FilterParser.parse(["fields": ["price", "name"], "order": "price", "limit": 1], for: R.product)
        #expect(MemoryQuery.run(filter, on: Self.products, model: R.product) == [R.record(["name": "desk organizer", "price": 8])])
    }

    static let places: [Record] = [
        R.record(["id": 1, "name": "Paris", "location": ["lat": 48.8566, "lng": 2.3522]]),
        R.record(["id": 2, "name": "Munich", "location": ["lat": 48.1351, "lng": 11.582]]),
        R.record(["id": 3, "name": "Nowhere"]),
        R.record(["id": 4, "name": "Hamburg", "location": ["lat": 53.5511, "lng": 9.9937]]),
        R.record(["id": 5, "name": "Berlin", "location": ["lat": 52.52, "lng": 13.405]]),
    ]

    @Test(
        "near filters by distance and orders by it, replacing order; limit applies after",
        arguments: [
            (["where": ["location": ["near": "52.52,13.40"]]], [5, 4, 2, 1]),
            (["where": ["location": ["near": "52.52,13.40"]], "order": "name"], [5, 4, 2, 1]),
            (["where": ["location": ["near": "52.52,13.40", "maxDistance": 300, "unit": "kilometers"]]], [5, 4]),
            (["where": ["location": ["near": "52.52,13.40", "minDistance": 300, "unit": "kilometers"]]], [2, 1]),
            (["where": ["location": ["near": "52.52,13.40", "maxDistance": 200]]], [5, 4]),
            (["where": ["location": ["near": [52.52, 13.40], "maxDistance": 300000, "unit": "meters"]], "limit": 1], [5]),
            (["where": ["location": ["near": "52.52,13.40"]], "skip": 1, "limit": 2], [4, 2]),
            (["where": ["location": ["near": "52.52,13.40"], "name": ["neq": "Hamburg"]]], [5, 2, 1]),
        ] as [(JSONValue, [Int])])
    func near(_ filter: JSONValue, _ expected: [Int]) throws {
        let parsed = try FilterParser.parse(filter, for: R.product)
        #expect(R.ids(MemoryQuery.run(parsed, on: Self.places, model: R.product)) == expected)
    }

    @Test("distances use LoopBack's radii")
    func distance() {
        let berlin = (lat: 52.52, lng: 13.405)
        let paris = (lat: 48.8566, lng: 2.3522)
        let km = GeoDistance.distance(berlin, paris, unit: "kilometers")
        #expect(abs(km - 877.5) < 1)
        #expect(abs(GeoDistance.distance(berlin, paris, unit: nil) - km / 6370.99056 * 3958.75) < 0.001)
        #expect(abs(GeoDistance.distance(berlin, paris, unit: "radians") - km / 6370.99056) < 1e-9)
    }

    // MARK: scopes

    @Test("scope merge follows §3.10")
    func scopeMerge() throws {
        let request = try FilterParser.parse(
            ["where": ["price": ["gt": 1]], "include": ["reviews", "category"], "fields": ["name"], "limit": 5, "skip": 2],
            for: R.product)
        let scope = try FilterParser.parseScope(
            ["where": ["available": true], "include": ["relation": "reviews", "scope": ["limit": 1]], "order": "name", "limit": 3],
            for: R.product)
        let merged = ScopeMerger.merge(request: request, scope: scope)
        #expect(
            merged.where
                == .and([.condition(path: "price", op: .gt, value: 1), .condition(path: "available", op: .eq, value: true)]))
        #expect(merged.include == [IncludeItem(relation: "reviews", scope: ["limit": 1]), IncludeItem(relation: "category")])
        #expect(merged.fields == .only(["name"]))
        #expect(merged.order == [OrderItem(path: "name")])
        #expect(merged.limit == 3)
        #expect(merged.skip == 2)
    }

    @Test("scope parts replace or yield as the table says")
    func scopeMergeReplacements() throws {
        let request = try FilterParser.parse(["order": "price DESC", "fields": ["name"]], for: R.product)
        let scope = try FilterParser.parseScope(["order": "name", "fields": ["id"], "skip": 4], for: R.product)
        let merged = ScopeMerger.merge(request: request, scope: scope)
        #expect(merged.order == [OrderItem(path: "price", descending: true)])
        #expect(merged.fields == .only(["id"]))
        #expect(merged.skip == 4)
        #expect(merged.limit == nil)
        #expect(ScopeMerger.merge(request: request, scope: nil) == request)
        let onlyScope = ScopeMerger.merge(request: Filter(), scope: Filter(where: .condition(path: "a", op: .eq, value: 1)))
        #expect(onlyScope.where == .condition(path: "a", op: .eq, value: 1))
    }

    @Test("a scope's equality conditions are the values writes copy")
    func scopeValues() throws {
        let scope = try FilterParser.parseWhere(
            [
                "deleted": false, "and": [["tenant": "acme"], ["or": [["x": 1]]], ["and": [["level": 2]]]],
                "price": ["gt": 5], "address.city": "Berlin", "note": nil, "tags": ["a"], "meta": ["eq": "m"],
            ], for: R.product)
        #expect(ScopeMerger.scopeValues(of: scope) == R.record(["deleted": false, "tenant": "acme", "level": 2, "meta": "m"]))
        #expect(ScopeMerger.scopeValues(of: nil).isEmpty)
    }
}
