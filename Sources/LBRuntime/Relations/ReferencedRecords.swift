import LBCore
import LBPlan

/// referencesMany: targets whose ids the parent keeps in an array property, in that order.
struct ReferencedRecords: RelationKind {
    let related: RelatedRecords

    func perform(_ operation: RelationOperation, parent: Record, _ call: RelationCall) async throws -> RelationResult {
        let target = try related.link.target()
        let idName = related.link.targetKey
        let ids = (parent[relation.foreignKey]?.arrayValue ?? []).filter { $0 != .null }
        let mine: Where = .condition(path: idName, op: .inq, value: .array(ids))
        switch operation {
        case .get:
            var filter = try related.requestFilter(call.query, target: target.model)
            filter.where = Where.conjunction(mine, filter.where)
            let found = try await target.find(filter)
            guard filter.order.isEmpty else { return .json(.array(found.map(JSONValue.object))) }
            // In the order of the parent's ids.
            let byId = Dictionary(found.map { ($0[idName] ?? .null, $0) }, uniquingKeysWith: { first, _ in first })
            return .json(.array(ids.compactMap { byId[$0] }.map(JSONValue.object)))
        case .create:
            let (items, isArray) = try RelatedRecords.objects(call.body)
            let inherited = try related.inheritedValues(from: parent, target: target.model)
            let data = items.map { item in item.merging(inherited) { _, new in new } }
            // The targets and the parent's list of ids together: all or none, on a connector with transactions.
            let created = try await target.atomically { [self] in
                var created: [Record] = []
                for item in data { created.append(try await target.create(item)) }
                try await save(ids + created.map { $0[idName] ?? .null }, parent: parent)
                return created
            }
            return .json(isArray ? .array(created.map(JSONValue.object)) : .object(created[0]))
        case .delete:
            _ = try await target.deleteAll(mine)
            try await save([], parent: parent)
            return .noContent
        case .count:
            let condition = Where.conjunction(mine, try related.requestWhere(call.query, target: target.model))
            return .json(["count": .number(Double(try await target.count(condition)))])
        case .findById:
            let fk = try referenced(call, ids: ids, target: target)
            guard let found = try await target.findById(fk) else { throw missing(fk, target) }
            return .json(.object(found))
        case .updateById:
            let fk = try referenced(call, ids: ids, target: target)
            return .json(.object(try await target.patchAttributes(id: fk, try RelatedRecords.object(call.body))))
        case .destroyById:
            let fk = try referenced(call, ids: ids, target: target)
            _ = try await target.deleteById(fk)
            try await save(ids.filter { $0 != fk }, parent: parent)
            return .noContent
        case .link:
            let fk = try RelatedRecords.fk(call, of: target)
            guard let found = try await target.findById(fk) else {
                throw LoopBackError.notFound("Unknown \"\(target.model.name)\" id \"\(target.display(fk))\".", code: "MODEL_NOT_FOUND")
            }
            if !ids.contains(fk) { try await save(ids + [fk], parent: parent) }
            return .json(.object(found))
        case .unlink:
            let fk = try RelatedRecords.fk(call, of: target)
            try await save(ids.filter { $0 != fk }, parent: parent)
            return .noContent
        case .exists:
            let fk = try RelatedRecords.fk(call, of: target)
            guard ids.contains(fk) else { throw missing(fk, target) }
            return .json(.bool(true))
        case .update, .destroy:
            throw RelationRoutes.unsupported(operation, relation)
        }
    }

    /// The `:fk` argument, which must be one of the parent's ids.
    private func referenced(_ call: RelationCall, ids: [JSONValue], target: ModelRepository) throws -> JSONValue {
        let fk = try RelatedRecords.fk(call, of: target)
        guard ids.contains(fk) else { throw missing(fk, target) }
        return fk
    }

    private func missing(_ fk: JSONValue, _ target: ModelRepository) -> LoopBackError {
        LoopBackError.notFound("No instance with id \(target.display(fk)) found for \(target.model.name)")
    }

    /// Stores the parent's new id list.
    private func save(_ ids: [JSONValue], parent: Record) async throws {
        guard let idName = related.source.model.idName, let id = parent[idName] else { return }
        _ = try await related.source.patch(parent, id: id, with: [relation.foreignKey: .array(ids)], validate: false)
    }
}
