import LBCore
import LBPlan

/// What the embeds relations share: the embedded model, building an item, ids, rendering, and
/// saving (validated) the parent's property.
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

    /// An item built from `data`: coerced, defaults applied (it is validated when saved).
    func built(_ data: Record) -> Record {
        var unknown: [String] = []
        return builder.build(data, for: .create, unknown: &unknown)
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

    /// Stores `value` in the parent's embedding property, after `EmbeddedValidation`: an invalid or
    /// duplicate item makes the parent invalid (422), as on every other write of the parent.
    func save(_ value: JSONValue, parent: Record) async throws {
        var failures = ValidationFailures(model: related.source.model.name)
        EmbeddedValidation.check(related.relation, value: value, directory: related.source.directory, failures: &failures)
        if let error = failures.error { throw error }
        guard let idName = related.source.model.idName, let id = parent[idName] else { return }
        _ = try await related.source.patch(parent, id: id, with: [related.relation.foreignKey: value], validate: false)
    }
}
