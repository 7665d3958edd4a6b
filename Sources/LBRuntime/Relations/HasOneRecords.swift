import LBCore
import LBPlan

/// hasOne (without `through`): the one target whose foreign key holds the parent's key.
struct HasOneRecords: RelationKind {
    let related: RelatedRecords

    func perform(_ operation: RelationOperation, parent: Record, _ call: RelationCall) async throws -> RelationResult {
        let link = related.link
        let target = try link.target()
        let key = parent[link.parentKey] ?? .null
        let own = Where.conjunction(.condition(path: relation.foreignKey, op: .eq, value: key), link.discriminatorCondition)
        let scope = try related.relationScope(target.model)
        let existing = try await target.find(ScopeMerger.merge(request: Filter(where: own, limit: 1), scope: scope)).first
        switch operation {
        case .get:
            guard let existing else {
                throw LoopBackError.notFound("No \"\(target.model.name)\" instance(s) found", code: "MODEL_NOT_FOUND")
            }
            return .json(.object(existing))
        case .create:
            guard existing == nil else {
                throw LoopBackError(statusCode: 500, message: "HasOne relation cannot create more than one instance of \(target.model.name)")
            }
            var data = try RelatedRecords.object(call.body)
            for (name, value) in try related.inheritedValues(from: parent, target: target.model) { data[name] = value }
            data[relation.foreignKey] = key
            if let polymorphic = relation.polymorphic { data[polymorphic.discriminator] = .string(related.source.model.name) }
            return .json(.object(try await target.create(data)))
        case .update:
            guard let existing, let id = target.model.idName.flatMap({ existing[$0] }) else { throw empty() }
            var data = try RelatedRecords.object(call.body)
            data[relation.foreignKey] = key
            return .json(.object(try await target.patchAttributes(id: id, data)))
        case .destroy:
            guard let existing, let id = target.model.idName.flatMap({ existing[$0] }) else { throw empty() }
            _ = try await target.deleteById(id)
            return .noContent
        case .delete, .count, .findById, .updateById, .destroyById, .link, .unlink, .exists:
            throw RelationRoutes.unsupported(operation, relation)
        }
    }

    private func empty() -> LoopBackError {
        LoopBackError(statusCode: 500, message: "HasOne relation \(relation.name) is empty")
    }
}
