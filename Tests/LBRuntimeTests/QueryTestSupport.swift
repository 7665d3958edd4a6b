import LBCore
@testable import LBPlan
@testable import LBRuntime
import Testing

/// Builds `ModelPlan`s and records for the filter-language tests.
enum QueryFixtures {
    /// A model with the given `(name, type)` properties; the first `idCount` are id properties.
    static func model(
        _ name: String = "Product",
        properties: [(String, PropertyType)],
        ids: [String] = ["id"],
        hidden: [String] = [],
        strict: StrictMode = .off
    ) -> ModelPlan {
        let location = LBCore.SourceLocation.start(of: "common/models/\(name.lowercased()).json")
        let propertyPlans = properties.map { name, type in
            PropertyPlan(
                name: name, type: type, required: false, id: ids.firstIndex(of: name).map { $0 + 1 },
                generated: false, defaultValue: nil, defaultFn: nil, settings: .object([:]), origin: location
            )
        }
        return ModelPlan(
            name: name, base: "PersistedModel", ancestors: ["PersistedModel", "Model"], plural: name + "s",
            httpPath: "/\(name)s", isPublic: true, dataSource: "db", isBuiltin: false, idProperties: ids,
            forceId: false, strict: strict, replaceOnPUT: true, properties: propertyPlans, hidden: hidden,
            protected: [], relations: [], acls: [], mixins: [], scope: nil, scopes: nil, indexes: nil,
            methods: nil, settings: .object([:]), origin: location
        )
    }

    /// The product model most tests use.
    static let product = model(
        properties: [
            ("id", .number), ("name", .string), ("price", .number), ("available", .boolean),
            ("released", .date), ("tags", .array(.string)), ("location", .geoPoint),
            ("address", .object), ("meta", .any), ("ratings", .array(.number)),
            ("password", .string), ("birthday", .dateString),
        ],
        hidden: ["password"]
    )

    /// A strict variant.
    static let strictProduct = model(
        properties: [("id", .number), ("name", .string), ("price", .number)], strict: .on
    )

    /// A record from JSON-literal pairs.
    static func record(_ pairs: KeyValuePairs<String, JSONValue>) -> Record {
        var record = Record()
        for (key, value) in pairs { record[key] = value }
        return record
    }

    /// The ids of records, as integers.
    static func ids(_ records: [Record]) -> [Int] {
        records.compactMap { $0["id"]?.numberValue.map { Int($0) } }
    }
}

/// The error `body` throws, or `nil`.
func loopBackError(_ body: () throws(LoopBackError) -> Void) -> LoopBackError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// Parses `filter` against the product model.
func parseFilter(_ filter: JSONValue?, model: ModelPlan = QueryFixtures.product) throws(LoopBackError) -> Filter {
    try FilterParser.parse(filter, for: model)
}

/// The message of the error parsing `filter` throws, or `nil` when it parses.
func filterError(_ filter: JSONValue, model: ModelPlan = QueryFixtures.product) -> String? {
    loopBackError { () throws(LoopBackError) in _ = try FilterParser.parse(filter, for: model) }?.message
}

/// The message of the error parsing a `where` throws, or `nil` when it parses.
func whereError(_ where: JSONValue, model: ModelPlan = QueryFixtures.product) -> String? {
    loopBackError { () throws(LoopBackError) in _ = try FilterParser.parseWhere(`where`, for: model) }?.message
}
