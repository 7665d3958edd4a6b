import LBCore
import LBPlan

/// hasMany (without `through`): targets whose foreign key holds the parent's key.
struct HasManyRecords: RelationKind {
    let related: RelatedRecords

    func perform(_ operation: RelationOperation, parent: Record, _ call: RelationCall) async throws -> RelationResult {
        let link = related.link
        let target = try link.target()
        let key = parent[link.parentKey] ?? .null
        let own = Where.conjunction(.condition(path: relation.foreignKey, op: .eq, value: key), link.discriminatorCondition)
        switch operation {
        case .get:
            var filter = try related.requestFilter(call.query, target: target.model)
            filter.where = Where.conjunction(own, filter.where)
            return .json(.array(try await target.find(filter).map(JSONValue.object)))
        case .create:
            let (items, isArray) = try RelatedRecords.objects(call.body)
            let data = try items.map { try values($0, parent: parent, key: key, target: target) }
            return .json(try await RelatedRecords.createEach(data, isArray: isArray, in: target) { try await target.create($0) })
        case .delete:
            _ = try await target.deleteAll(Where.conjunction(own, try related.relationScope(target.model).where))
            return .noContent
        case .count:
            let condition = Where.conjunction(own, try related.requestWhere(call.query, target: target.model))
            return .json(["count": .number(Double(try await target.count(condition)))])
        case .findById:
            return .json(.object(try await owned(call, parent: parent, key: key, target: target)))
        case .updateById:
            _ = try await owned(call, parent: parent, key: key, target: target)
            let data = try RelatedRecords.object(call.body)
            if let changed = data[relation.foreignKey], changed != key {
                throw LoopBackError(
                    statusCode: 500,
                    message: "Cannot override foreign key \(relation.foreignKey) from \(related.source.display(key)) to \(related.source.display(changed))")
            }
            return .json(.object(try await target.patchAttributes(id: try RelatedRecords.fk(call, of: target), data)))
        case .destroyById:
            _ = try await owned(call, parent: parent, key: key, target: target)
            _ = try await target.deleteById(try RelatedRecords.fk(call, of: target))
            return .noContent
        case .update, .destroy, .link, .unlink, .exists:
            throw RelationRoutes.unsupported(operation, relation)
        }
    }

    /// The data of a new target: the body, then the relation's inherited values, then the keys.
    private func values(_ item: Record, parent: Record, key: JSONValue, target: ModelRepository) throws -> Record {
        var data = item
        for (name, value) in try related.inheritedValues(from: parent, target: target.model) { data[name] = value }
        data[relation.foreignKey] = key
        if let polymorphic = relation.polymorphic { data[polymorphic.discriminator] = .string(related.source.model.name) }
        return data
    }

    /// The target with id `fk`, which must belong to the parent: 404 when there is none, 400
    /// `Key mismatch` when it belongs to another.
    private func owned(_ call: RelationCall, parent: Record, key: JSONValue, target: ModelRepository) async throws -> Record {
        let fk = try RelatedRecords.fk(call, of: target)
        var filter = Filter(where: Where.conjunction(target.model.idWhere(fk), related.link.discriminatorCondition), limit: 1)
        filter = ScopeMerger.merge(request: filter, scope: try related.relationScope(target.model))
        guard let found = try await target.load(filter).first else {
            throw LoopBackError.notFound("No instance with id \(target.display(fk)) found for \(target.model.name)")
        }
        let owner = found.stored[relation.foreignKey] ?? .null
        guard owner != .null, owner == key else {
            throw LoopBackError.badRequest(
                "Key mismatch: \(related.source.model.name).\(related.link.parentKey): \(related.source.display(key)), \(target.model.name).\(relation.foreignKey): \(target.display(owner))")
        }
        return found.output
    }
}
