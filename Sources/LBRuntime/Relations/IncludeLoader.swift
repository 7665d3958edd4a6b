import LBCore
import LBPlan

/// Loads one `include` item for a list of parents (rest-api.md §3.9, §4.6).
///
/// One query per relation per nesting level, whatever the number of parents (two through a join
/// model; one per target model for a polymorphic belongsTo). Two LoopBack 3 pitfalls are fixed
/// here: the parents' query always reads the keys the relation joins on, so a `fields` list that
/// leaves out a foreign key still includes the relation; and `limit`/`skip` in the include's
/// scope apply to each parent's related records, without a query per parent.
struct IncludeLoader {
    /// The relation name: the key the related data is attached under.
    let name: String
    let relation: RelationPlan
    let source: ModelRepository
    /// The include's scope merged with the relation's own `scope`.
    let scope: Filter
    let depth: Int
    let link: RelationLink
    /// Properties of the parent the relation joins on.
    var parentKeys: [String] { link.parentKeys }

    /// How deep includes may nest (the filter's own nesting limit stops deeper JSON first).
    static let maximumDepth = 12

    /// Resolves `item` against `source`'s relations; `nil` for a relation with
    /// `options.disableInclude`, which is skipped silently as in LoopBack.
    init?(item: IncludeItem, source: ModelRepository, depth: Int) throws {
        guard let relation = source.model.relation(named: item.relation) else {
            throw LoopBackError.badRequest("Relation \"\(item.relation)\" is not defined for \(source.model.name) model")
        }
        if relation.options["disableInclude"]?.isTruthy == true { return nil }
        guard depth < Self.maximumDepth else {
            throw LoopBackError.badRequest("include is nested more than \(Self.maximumDepth) levels deep")
        }
        self.name = relation.name
        self.relation = relation
        self.source = source
        self.depth = depth
        self.link = RelationLink(relation, source: source)
        if let targetModel = link.targetModel {
            let requested = try FilterParser.parse(item.scope, for: targetModel)
            let own = try FilterParser.parseScope(relation.scope, for: targetModel)
            self.scope = ScopeMerger.merge(request: requested, scope: own)
        } else {
            self.scope = Filter()
        }
    }

    /// The related value of each parent, in order; `nil` where the key is left out (a to-one
    /// relation with nothing related).
    func load(for parents: [Record]) async throws -> [JSONValue?] {
        switch relation.type {
        case .belongsTo where relation.polymorphic != nil:
            return try await loadPolymorphicOwners(parents)
        case .belongsTo:
            let target = try link.target()
            let targetKey = link.targetKey
            let keys = Self.distinct(parents.compactMap { Self.present($0[relation.foreignKey]) })
            let owners = try await related(target, key: targetKey, in: keys, paged: false)
            let byKey = Dictionary(owners.map { ($0.stored[targetKey] ?? .null, $0.output) }, uniquingKeysWith: { first, _ in first })
            return parents.map { parent in Self.present(parent[relation.foreignKey]).flatMap { byKey[$0] }.map(JSONValue.object) }
        case .hasOne, .hasMany:
            if relation.isThrough { return try await loadThrough(parents) }
            let target = try link.target()
            let parentKey = link.parentKey
            let keys = Self.distinct(parents.compactMap { Self.present($0[parentKey]) })
            let children = try await related(
                target, key: relation.foreignKey, in: keys, paged: true, extra: link.discriminatorCondition)
            let groups = Self.group(children, by: relation.foreignKey)
            return parents.map { parent in
                let mine = Self.present(parent[parentKey]).flatMap { groups[$0] } ?? []
                let paged = page(mine)
                if relation.type == .hasOne { return paged.first.map(JSONValue.object) }
                return .array(paged.map(JSONValue.object))
            }
        case .hasAndBelongsToMany:
            return try await loadThrough(parents)
        case .referencesMany:
            let target = try link.target()
            let targetKey = link.targetKey
            let lists = parents.map { ($0[relation.foreignKey]?.arrayValue ?? []).filter { $0 != .null } }
            let records = try await related(target, key: targetKey, in: Self.distinct(lists.flatMap { $0 }), paged: false)
            let byKey = Dictionary(records.map { ($0.stored[targetKey] ?? .null, $0) }, uniquingKeysWith: { first, _ in first })
            return lists.map { ids in
                let mine: [Record]
                if scope.order.isEmpty {
                    mine = ids.compactMap { byKey[$0]?.output }
                } else {
                    let wanted = Set(ids)
                    mine = records.filter { wanted.contains($0.stored[targetKey] ?? .null) }.map(\.output)
                }
                return .array(page(mine).map(JSONValue.object))
            }
        case .embedsOne, .embedsMany:
            let renderer = link.targetModel.map { RecordRenderer(model: $0) }
            return parents.map { parent in
                let value = parent[relation.foreignKey]
                if relation.type == .embedsOne {
                    guard let object = value?.objectValue else { return nil }
                    return .object(renderer?.render(object, nested: true) ?? object)
                }
                let items = value?.arrayValue ?? []
                return .array(items.map { item in item.objectValue.map { .object(renderer?.render($0, nested: true) ?? $0) } ?? item })
            }
        }
    }

    // MARK: Relation kinds

    /// Polymorphic belongsTo: the owner's model is named by each parent's discriminator.
    private func loadPolymorphicOwners(_ parents: [Record]) async throws -> [JSONValue?] {
        guard let polymorphic = relation.polymorphic else { return parents.map { _ in nil } }
        var byModel: [String: [JSONValue: Record]] = [:]
        let modelNames = Self.distinct(parents.compactMap { $0[polymorphic.discriminator]?.stringValue.map(JSONValue.string) })
        for case .string(let modelName) in modelNames {
            guard let target = source.directory.repository(modelName), let idName = target.model.idName else { continue }
            let keys = Self.distinct(
                parents.filter { $0[polymorphic.discriminator]?.stringValue == modelName }.compactMap { Self.present($0[polymorphic.foreignKey]) })
            let owners = try await target.load(
                Filter(where: .condition(path: idName, op: .inq, value: .array(keys))), nested: true, depth: depth + 1)
            byModel[modelName] = Dictionary(owners.map { ($0.stored[idName] ?? .null, $0.output) }, uniquingKeysWith: { first, _ in first })
        }
        return parents.map { parent in
            guard let modelName = parent[polymorphic.discriminator]?.stringValue, let key = Self.present(parent[polymorphic.foreignKey]) else {
                return nil
            }
            return byModel[modelName]?[key].map(JSONValue.object)
        }
    }

    /// hasMany-through and hasAndBelongsToMany: the link rows of every parent, then their targets.
    private func loadThrough(_ parents: [Record]) async throws -> [JSONValue?] {
        let target = try link.target()
        let through = try link.through()
        let parentKey = link.parentKey
        let keys = Self.distinct(parents.compactMap { Self.present($0[parentKey]) })
        let links = try await through.load(
            Filter(where: Where.conjunction(.condition(path: link.throughSourceKey, op: .inq, value: .array(keys)), link.throughCondition)),
            depth: depth + 1
        ).map(\.stored)
        let targetKey = link.targetKey
        let targets = try await related(
            target, key: targetKey, in: Self.distinct(links.compactMap { Self.present($0[link.throughTargetKey]) }), paged: false)
        var linked: [JSONValue: Set<JSONValue>] = [:]
        for row in links {
            guard let from = Self.present(row[link.throughSourceKey]), let to = Self.present(row[link.throughTargetKey]) else { continue }
            linked[from, default: []].insert(to)
        }
        return parents.map { parent in
            let mine = Self.present(parent[parentKey]).flatMap { linked[$0] } ?? []
            let records = targets.filter { mine.contains($0.stored[targetKey] ?? .null) }.map(\.output)
            if relation.type == .hasOne { return page(records).first.map(JSONValue.object) }
            return .array(page(records).map(JSONValue.object))
        }
    }

    // MARK: Helpers

    /// The target records whose `key` is one of `keys`, with the scope's where, order, fields and
    /// include; paging is left to `page` when `paged` (it applies per parent).
    private func related(
        _ target: ModelRepository, key: String, in keys: [JSONValue], paged: Bool, extra: Where? = nil
    ) async throws -> [LoadedRecord] {
        guard !keys.isEmpty else { return [] }
        let condition = Where.conjunction(Where.conjunction(.condition(path: key, op: .inq, value: .array(keys)), extra), scope.where)
        let filter = Filter(
            where: condition, fields: FieldProjector.widen(scope.fields, with: [key]), order: scope.order, include: scope.include)
        var records = try await target.load(filter, nested: true, depth: depth + 1)
        if !RecordRenderer.keeps(scope.fields, key) {
            // Read to join on; not asked for.
            for index in records.indices { records[index].output.removeValue(forKey: key) }
        }
        return records
    }

    /// One parent's records with the scope's `skip` and `limit`.
    private func page(_ records: [Record]) -> [Record] {
        let skipped = records.dropFirst(min(scope.skip, records.count))
        return Array(scope.limit.map { skipped.prefix(max($0, 0)) } ?? skipped)
    }

    private static func group(_ records: [LoadedRecord], by key: String) -> [JSONValue: [Record]] {
        var groups: [JSONValue: [Record]] = [:]
        for record in records {
            guard let value = present(record.stored[key]) else { continue }
            groups[value, default: []].append(record.output)
        }
        return groups
    }

    /// A key value, `nil` when absent or null.
    static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, value != .null else { return nil }
        return value
    }

    /// `values` without repeats, in first-seen order.
    static func distinct(_ values: [JSONValue]) -> [JSONValue] {
        var seen = Set<JSONValue>()
        return values.filter { seen.insert($0).inserted }
    }
}
