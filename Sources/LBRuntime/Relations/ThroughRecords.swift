import LBCore
import LBPlan

/// hasMany-through and hasAndBelongsToMany: targets linked to the parent by rows of the join
/// model. Deleting all of them or unlinking one removes link rows only; deleting one by id removes
/// the target and its link rows.
struct ThroughRecords: RelationKind {
    let related: RelatedRecords

    func perform(_ operation: RelationOperation, parent: Record, _ call: RelationCall) async throws -> RelationResult {
        let target = try link.target()
        let through = try link.through()
        let key = parent[link.parentKey] ?? .null
        let links = Where.conjunction(.condition(path: link.throughSourceKey, op: .eq, value: key), link.throughCondition)
        switch operation {
        case .get:
            var filter = try related.requestFilter(call.query, target: target.model)
            filter.where = Where.conjunction(try await linkedCondition(links, through: through, target: target), filter.where)
            let found = try await target.find(filter)
            if relation.type == .hasOne { return .json(found.first.map(JSONValue.object) ?? .null) }
            return .json(.array(found.map(JSONValue.object)))
        case .create:
            let (items, isArray) = try RelatedRecords.objects(call.body)
            let inherited = try related.inheritedValues(from: parent, target: target.model)
            let data = items.map { item in item.merging(inherited) { _, new in new } }
            let targetKey = link.targetKey
            return .json(
                try await RelatedRecords.createEach(data, isArray: isArray, in: target) { [self] item in
                    let record = try await target.create(item)
                    _ = try await through.create(linkRow(key, target: record[targetKey] ?? .null))
                    return record
                })
        case .delete:
            _ = try await through.deleteAll(links)
            return .noContent
        case .count:
            let condition = Where.conjunction(links, try FilterParser.parseWhere(call.query, for: through.model))
            return .json(["count": .number(Double(try await through.count(condition)))])
        case .findById:
            let fk = try RelatedRecords.fk(call, of: target)
            try await requireLink(links, fk, key: key, through: through, target: target)
            guard let found = try await target.find(ScopeMerger.merge(
                request: Filter(where: target.model.idWhere(fk), limit: 1), scope: try related.relationScope(target.model))).first
            else {
                throw LoopBackError.notFound("No instance with id \(target.display(fk)) found for \(target.model.name)")
            }
            return .json(.object(found))
        case .updateById:
            let fk = try RelatedRecords.fk(call, of: target)
            try await requireLink(links, fk, key: key, through: through, target: target)
            return .json(.object(try await target.patchAttributes(id: fk, try RelatedRecords.object(call.body))))
        case .destroyById:
            let fk = try RelatedRecords.fk(call, of: target)
            try await requireLink(links, fk, key: key, through: through, target: target)
            _ = try await through.deleteAll(Where.conjunction(links, .condition(path: link.throughTargetKey, op: .eq, value: fk)))
            _ = try await target.deleteById(fk)
            return .noContent
        case .link:
            let fk = try RelatedRecords.fk(call, of: target)
            guard try await target.exists(fk) else {
                throw LoopBackError.notFound("Unknown \"\(target.model.name)\" id \"\(target.display(fk))\".", code: "MODEL_NOT_FOUND")
            }
            let condition = Where.conjunction(links, .condition(path: link.throughTargetKey, op: .eq, value: fk))
            if let existing = try await through.find(Filter(where: condition, limit: 1)).first { return .json(.object(existing)) }
            var row = try RelatedRecords.object(call.body)
            for (name, value) in linkRow(key, target: fk) { row[name] = value }
            return .json(.object(try await through.create(row)))
        case .unlink:
            let fk = try RelatedRecords.fk(call, of: target)
            _ = try await through.deleteAll(Where.conjunction(links, .condition(path: link.throughTargetKey, op: .eq, value: fk)))
            return .noContent
        case .exists:
            let fk = try RelatedRecords.fk(call, of: target)
            let condition = Where.conjunction(links, .condition(path: link.throughTargetKey, op: .eq, value: fk))
            guard try await through.count(condition) > 0 else {
                throw LoopBackError.notFound(
                    "Unknown \"\(related.source.model.name)\" id \"\(related.source.display(key))\".", code: "MODEL_NOT_FOUND")
            }
            return .json(.bool(true))
        case .update, .destroy:
            throw RelationRoutes.unsupported(operation, relation)
        }
    }

    /// A new join row linking the parent (`key`) to the target `targetId`.
    private func linkRow(_ key: JSONValue, target targetId: JSONValue) -> Record {
        var row: Record = [link.throughSourceKey: key, link.throughTargetKey: targetId]
        for (name, value) in link.throughDiscriminatorValues { row[name] = value }
        return row
    }

    /// `targetKey IN (the ids the parent's link rows point at)`.
    private func linkedCondition(_ links: Where?, through: ModelRepository, target: ModelRepository) async throws -> Where {
        let rows = try await through.load(Filter(where: links)).map(\.stored)
        let ids = IncludeLoader.distinct(rows.compactMap { IncludeLoader.present($0[link.throughTargetKey]) })
        return .condition(path: link.targetKey, op: .inq, value: .array(ids))
    }

    /// 404 `No relation found in …` unless the parent (`key`) is linked to `fk`.
    private func requireLink(
        _ links: Where?, _ fk: JSONValue, key: JSONValue, through: ModelRepository, target: ModelRepository
    ) async throws {
        let condition = Where.conjunction(links, .condition(path: link.throughTargetKey, op: .eq, value: fk))
        guard try await through.count(condition) > 0 else {
            throw LoopBackError.notFound(
                "No relation found in \(through.model.name) for (\(related.source.model.name).\(related.source.display(key)),\(target.model.name).\(target.display(fk)))")
        }
    }
}
