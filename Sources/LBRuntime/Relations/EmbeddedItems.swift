import LBCore
import LBPlan

/// What the embeds relations share: the embedded model, validating an item, ids, rendering, and
/// saving the parent's property.
struct EmbeddedItems {
    let related: RelatedRecords
    let model: ModelPlan
    let builder: RecordBuilder
    let renderer: RecordRenderer

    init(_ related: RelatedRecords) throws {
        guard let name = related.relation.model, let model = related.source.directory.model(name) else {
            throw LoopBackError(statusCode: 500, message: "the embedded model of \(related.source.model.name).\(related.relation.name) is not defined")
        }
        self.related = related
        self.model = model
        self.builder = RecordBuilder(model: model)
        self.renderer = RecordRenderer(model: model)
    }

    var idName: String? { model.idName }

    /// `options.forceId: false` keeps ids the client gives.
    var keepsClientIds: Bool { related.relation.options["forceId"] == .bool(false) }

    /// An item built from `data` (coerced, defaults applied); with `options.validate` (the
    /// default), a failure makes the parent invalid: 422 `contains invalid item`.
    func validated(_ data: Record, in parent: Record) throws -> Record {
        var unknown: [String] = []
        let item = builder.build(data, for: .create, unknown: &unknown)
        guard related.relation.options["validate"] != .bool(false) else { return item }
        var failures = ValidationFailures(model: model.name)
        builder.validate(item, unknown: unknown, failures: &failures)
        guard !failures.isEmpty else { return item }
        let id = idName.flatMap { item[$0] }.map(ValueCoercion.javaScriptString) ?? "undefined"
        var parentFailures = ValidationFailures(model: related.source.model.name)
        parentFailures.add(
            related.relation.foreignKey, code: "invalid",
            message: "contains invalid item: `\(id)` (\(failures.summaries.joined(separator: ", ")))",
            value: parent[related.relation.foreignKey])
        throw parentFailures.error!
    }

    /// 422 `contains duplicate \`id\`` when two items share an id.
    func checkUnique(_ items: [Record]) throws {
        guard let idName else { return }
        var seen = Set<JSONValue>()
        for item in items {
            guard let id = item[idName], id != .null else { continue }
            if !seen.insert(id).inserted {
                var failures = ValidationFailures(model: related.source.model.name)
                failures.add(related.relation.foreignKey, code: "uniqueness", message: "contains duplicate `\(idName)`", value: .array(items.map(JSONValue.object)))
                throw failures.error!
            }
        }
    }

    /// One more than the largest numeric id among `items` (1 for the first).
    func nextId(_ items: [Record]) -> JSONValue {
        guard let idName else { return .null }
        let largest = items.compactMap { item -> Double? in
            switch item[idName] {
            case .number(let n)?: n
            case .string(let s)?: Double(s)
            default: nil
            }
        }.max() ?? 0
        let next = largest.rounded(.down) + 1
        if let property = model.property(named: idName), property.type == .string {
            return .string(String(Int(next)))
        }
        return .number(next)
    }

    func coercedId(_ id: JSONValue) -> JSONValue {
        guard let idName, let property = model.property(named: idName) else { return id }
        return ValueCoercion.coerce(id, to: property.type)
    }

    func render(_ item: Record) -> Record {
        renderer.render(item, nested: true)
    }

    /// Items rendered, with `include` resolved through the embedded model's relations.
    func rendered(_ items: [Record], include: [IncludeItem]) async throws -> [Record] {
        var output = items.map(render)
        guard !include.isEmpty, let repository = related.source.directory.repository(model.name) else { return output }
        for item in include {
            guard let loader = try IncludeLoader(item: item, source: repository, depth: 1) else { continue }
            for (index, value) in try await loader.load(for: items).enumerated() {
                if let value { output[index][loader.name] = value }
            }
        }
        return output
    }

    /// Stores `value` in the parent's embedding property.
    func save(_ value: JSONValue, parent: Record) async throws {
        guard let idName = related.source.model.idName, let id = parent[idName] else { return }
        _ = try await related.source.patch(parent, id: id, with: [related.relation.foreignKey: value], validate: false)
    }
}
