import LBCore
import LBPlan

/// Embedded data makes its parent invalid (rest-api.md §4.4): on every validated write of a model
/// with embedsOne/embedsMany relations (unless `options.validate: false`), each embedded item is
/// validated against the embedded model, and embedsMany ids must be unique.
enum EmbeddedValidation {
    /// Adds the failures of `record`'s embedded data to `failures`.
    static func check(_ record: Record, model: ModelPlan, directory: ModelDirectory, failures: inout ValidationFailures) {
        for relation in model.relations where relation.type == .embedsOne || relation.type == .embedsMany {
            guard let value = record[relation.foreignKey] else { continue }
            check(relation, value: value, directory: directory, failures: &failures)
        }
    }

    /// Adds the failures of `value`, the data `relation` embeds, to `failures`.
    static func check(_ relation: RelationPlan, value: JSONValue, directory: ModelDirectory, failures: inout ValidationFailures) {
        guard relation.options["validate"] != .bool(false), let name = relation.model, let target = directory.model(name), value != .null
        else { return }
        let items = relation.type == .embedsOne ? [value] : (value.arrayValue ?? [])
        let builder = RecordBuilder(model: target)
        var seen = Set<JSONValue>()
        for item in items {
            guard let object = item.objectValue else { continue }
            var itemFailures = ValidationFailures(model: target.name)
            var unknown: [String] = []
            builder.validate(builder.build(object, for: .create, unknown: &unknown), unknown: unknown, failures: &itemFailures)
            let id = target.idName.flatMap { object[$0] }
            if !itemFailures.isEmpty {
                let shown = id.map(ValueCoercion.javaScriptString) ?? "undefined"
                failures.add(
                    relation.foreignKey, code: "invalid",
                    message: "contains invalid item: `\(shown)` (\(itemFailures.summaries.joined(separator: ", ")))", value: value)
                return
            }
            if relation.type == .embedsMany, let id, id != .null, !seen.insert(id).inserted {
                failures.add(relation.foreignKey, code: "uniqueness", message: "contains duplicate `\(target.idName ?? "id")`", value: value)
                return
            }
        }
    }
}
