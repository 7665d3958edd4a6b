import LBCore
import LBPlan

/// embedsMany: an array of target objects kept in a property of the parent. Items get ids
/// 1, 2, 3… (a client's id is kept with `options.forceId: false`); an invalid or duplicate item
/// makes the parent invalid (422), as in LoopBack.
struct EmbeddedMany: RelationKind {
    let related: RelatedRecords

    func perform(_ operation: RelationOperation, parent: Record, _ call: RelationCall) async throws -> RelationResult {
        let target = try EmbeddedItems(related)
        let items = (parent[relation.foreignKey]?.arrayValue ?? []).compactMap(\.objectValue)
        switch operation {
        case .get:
            let filter = try related.requestFilter(call.query, target: target.model)
            let selected = MemoryQuery.run(filter, on: items, model: target.model)
            return .json(.array(try await target.rendered(selected, include: filter.include).map(JSONValue.object)))
        case .create:
            let (bodies, isArray) = try RelatedRecords.objects(call.body)
            var all = items
            var created: [Record] = []
            for body in bodies {
                var item = target.built(body)
                if let idName = target.idName, !target.keepsClientIds || item[idName] == nil || item[idName] == .null {
                    item[idName] = target.nextId(all)
                }
                all.append(item)
                created.append(item)
            }
            try await target.save(.array(all.map(JSONValue.object)), parent: parent)
            let rendered = created.map { JSONValue.object(target.render($0)) }
            return .json(isArray ? .array(rendered) : rendered[0])
        case .delete:
            try await target.save(.array([]), parent: parent)
            return .noContent
        case .count:
            let condition = try related.requestWhere(call.query, target: target.model)
            let count = items.filter { item in condition.map { WhereEvaluator.matches(item, $0, model: target.model) } ?? true }.count
            return .json(["count": .number(Double(count))])
        case .findById:
            let (index, _) = try find(call, items, target)
            return .json(.object(try await target.rendered([items[index]], include: []).first ?? [:]))
        case .updateById:
            let (index, fk) = try find(call, items, target)
            var merged = items[index]
            for (key, value) in try RelatedRecords.object(call.body) { merged[key] = value }
            var item = target.built(merged)
            if let idName = target.idName { item[idName] = fk }
            var all = items
            all[index] = item
            try await target.save(.array(all.map(JSONValue.object)), parent: parent)
            return .json(.object(target.render(item)))
        case .destroyById:
            let (index, _) = try find(call, items, target)
            var all = items
            all.remove(at: index)
            try await target.save(.array(all.map(JSONValue.object)), parent: parent)
            return .noContent
        case .update, .destroy, .link, .unlink, .exists:
            throw RelationRoutes.unsupported(operation, relation)
        }
    }

    /// The position and id of the item `:fk`; 404 `Unknown "EmailAddress" id "9".` when absent.
    private func find(_ call: RelationCall, _ items: [Record], _ target: EmbeddedItems) throws -> (Int, JSONValue) {
        guard let fk = call.fk else { throw LoopBackError.badRequest("fk is a required argument") }
        let id = target.coercedId(fk)
        guard let idName = target.idName, let index = items.firstIndex(where: { $0[idName] == id }) else {
            throw LoopBackError.notFound(
                "Unknown \"\(target.model.name)\" id \"\(ValueCoercion.javaScriptString(fk))\".", code: "MODEL_NOT_FOUND")
        }
        return (index, id)
    }
}
