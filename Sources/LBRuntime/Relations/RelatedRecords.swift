public import LBCore
public import LBPlan

/// The records one relation of one model reaches, and LoopBack 3's relation methods on them
/// (rest-api.md §4.3–§4.4). Every call first loads the parent through its model's default scope:
/// a missing parent is a 404 `could not find a model with id …`.
public struct RelatedRecords: Sendable {
    public let relation: RelationPlan
    public let source: ModelRepository

    public init(relation: RelationPlan, source: ModelRepository) {
        self.relation = relation
        self.source = source
    }

    var link: RelationLink { RelationLink(relation, source: source) }

    /// Runs `operation` with `call`'s arguments.
    public func perform(_ operation: RelationOperation, _ call: RelationCall) async throws -> RelationResult {
        let parent = try await parent(call.parentId)
        switch relation.type {
        case .belongsTo:
            return try await BelongsToRecords(related: self).perform(operation, parent: parent)
        case .hasOne where !relation.isThrough:
            return try await HasOneRecords(related: self).perform(operation, parent: parent, call)
        case .hasMany where !relation.isThrough:
            return try await HasManyRecords(related: self).perform(operation, parent: parent, call)
        case .hasOne, .hasMany, .hasAndBelongsToMany:
            return try await ThroughRecords(related: self).perform(operation, parent: parent, call)
        case .referencesMany:
            return try await ReferencedRecords(related: self).perform(operation, parent: parent, call)
        case .embedsOne:
            return try await EmbeddedOne(related: self).perform(operation, parent: parent, call)
        case .embedsMany:
            return try await EmbeddedMany(related: self).perform(operation, parent: parent, call)
        }
    }

    /// The parent record as stored, through its model's default scope.
    func parent(_ id: JSONValue) async throws -> Record {
        guard let parent = try await source.storedRecord(id) else {
            throw LoopBackError.notFound("could not find a model with id \(source.display(id))", code: "MODEL_NOT_FOUND")
        }
        return parent
    }

    // MARK: Shared helpers

    /// The relation's own `scope`, parsed against the target.
    func relationScope(_ target: ModelPlan) throws -> Filter {
        try FilterParser.parseScope(relation.scope, for: target)
    }

    /// The request's `filter`, merged with the relation's scope.
    func requestFilter(_ query: JSONValue?, target: ModelPlan) throws -> Filter {
        ScopeMerger.merge(request: try FilterParser.parse(query, for: target), scope: try relationScope(target))
    }

    /// The request's `where`, AND the relation scope's.
    func requestWhere(_ query: JSONValue?, target: ModelPlan) throws -> Where? {
        Where.conjunction(try FilterParser.parseWhere(query, for: target), try relationScope(target).where)
    }

    /// The body as one object (`null`/absent is `{}`); an array is a 400.
    static func object(_ body: JSONValue?) throws -> Record {
        switch body {
        case nil, .null?: return [:]
        case .object(let members)?: return members
        default: throw LoopBackError.badRequest("Value is not an object.")
        }
    }

    /// The body as the objects to create: one object, or each of an array.
    static func objects(_ body: JSONValue?) throws -> (items: [Record], isArray: Bool) {
        if case .array(let items)? = body {
            return (try items.map { try object($0) }, true)
        }
        return ([try object(body)], false)
    }

    /// The answer to a create through a relation: `create` run for each item, the whole array as
    /// one transaction of `repository`'s connector when it has transactions (all items are stored
    /// or none, as a bulk create on the model's own route).
    static func createEach(
        _ items: [Record], isArray: Bool, in repository: ModelRepository, _ create: @escaping @Sendable (Record) async throws -> Record
    ) async throws -> JSONValue {
        guard isArray else { return .object(try await create(items[0])) }
        return try await repository.atomically {
            var created: [JSONValue] = []
            for item in items { created.append(.object(try await create(item))) }
            return .array(created)
        }
    }

    /// Values a new target gets from the relation: the scope's equality conditions and the
    /// `properties` mapping (source property → target property, or a list of shared names).
    func inheritedValues(from parent: Record, target: ModelPlan) throws -> Record {
        var values = ScopeMerger.scopeValues(of: try relationScope(target).where)
        switch relation.properties {
        case .object(let mapping)?:
            for (from, to) in mapping {
                if let name = to.stringValue, let value = parent[from] { values[name] = value }
            }
        case .array(let names)?:
            for case .string(let name) in names { if let value = parent[name] { values[name] = value } }
        default:
            break
        }
        return values
    }

    /// The `:fk` argument coerced to `model`'s id type.
    static func fk(_ call: RelationCall, of model: ModelRepository) throws -> JSONValue {
        guard let fk = call.fk else { throw LoopBackError.badRequest("fk is a required argument") }
        return model.coercedId(fk)
    }
}

/// The implementation of one relation kind's methods, over the records `related` reaches.
protocol RelationKind {
    var related: RelatedRecords { get }
}

extension RelationKind {
    var relation: RelationPlan { related.relation }
    var link: RelationLink { related.link }
}
