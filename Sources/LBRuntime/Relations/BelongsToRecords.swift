import LBCore
import LBPlan

/// belongsTo: the owner whose key the parent's foreign key holds (a polymorphic one is found in
/// the model its discriminator names).
struct BelongsToRecords: RelationKind {
    let related: RelatedRecords

    /// `GET /:id/rel`: the owner; `{}` when the foreign key is unset, `null` when it points to nothing.
    func perform(_ operation: RelationOperation, parent: Record) async throws -> RelationResult {
        guard operation == .get else { throw RelationRoutes.unsupported(operation, related.relation) }
        let relation = related.relation
        let target: ModelRepository
        let key: String
        if let polymorphic = relation.polymorphic {
            guard let name = parent[polymorphic.discriminator]?.stringValue, let owner = related.source.directory.repository(name) else {
                return .json([:])
            }
            target = owner
            key = owner.model.idName ?? "id"
        } else {
            target = try related.link.target()
            key = related.link.targetKey
        }
        guard let fk = IncludeLoader.present(parent[relation.foreignKey]) else { return .json([:]) }
        var filter = Filter(where: .condition(path: key, op: .eq, value: fk), limit: 1)
        if relation.polymorphic == nil { filter = ScopeMerger.merge(request: filter, scope: try related.relationScope(target.model)) }
        guard let owner = try await target.find(filter).first else { return .json(.null) }
        return .json(.object(owner))
    }
}
