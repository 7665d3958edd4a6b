import LBCore
import LBPlan

/// embedsOne: one target object kept in a property of the parent; the routes are hasOne's.
struct EmbeddedOne: RelationKind {
    let related: RelatedRecords

    func perform(_ operation: RelationOperation, parent: Record, _ call: RelationCall) async throws -> RelationResult {
        let target = try EmbeddedItems(related)
        let property = related.relation.foreignKey
        let existing = parent[property]?.objectValue
        switch operation {
        case .get:
            guard let existing else {
                throw LoopBackError.notFound("No \"\(target.model.name)\" instance(s) found", code: "MODEL_NOT_FOUND")
            }
            return .json(.object(target.render(existing)))
        case .create, .update:
            // Creating replaces the embedded object; updating merges into it (or creates it).
            var data = operation == .update ? (existing ?? [:]) : [:]
            for (key, value) in try RelatedRecords.object(call.body) { data[key] = value }
            let item = target.built(data)
            try await target.save(.object(item), parent: parent)
            return .json(.object(target.render(item)))
        case .destroy:
            try await target.save(.null, parent: parent)
            return .noContent
        case .delete, .count, .findById, .updateById, .destroyById, .link, .unlink, .exists:
            throw RelationRoutes.unsupported(operation, related.relation)
        }
    }
}
