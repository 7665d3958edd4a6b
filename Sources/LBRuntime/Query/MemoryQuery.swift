import LBCore
public import LBPlan

/// Runs a filter over records in memory, as LoopBack 3's memory connector does (§3.5):
/// sort (by `order`, else id ascending) → `near` (keep records with a location, re-sort by
/// distance) → `where` → `fields` → `skip`/`limit`. `include` is not resolved here.
///
/// The `where` runs first here: the sort is stable and filtering keeps order, so filtering
/// before sorting selects the same records in the same order, while sorting only what matched.
public enum MemoryQuery {
    /// The records `filter` selects, in result order. `inIdOrder` says the records already come
    /// sorted by id, which spares the default sort.
    public static func run(_ filter: Filter, on records: [Record], model: ModelPlan, inIdOrder: Bool = false) -> [Record] {
        var nodes = records
        var near: Condition?
        if let condition = filter.where {
            nodes = nodes.filter(CompiledWhere(condition, model: model).matches)
            near = topLevelNear(condition, model: model)
        }
        if !(inIdOrder && filter.order.isEmpty) {
            nodes = RecordSorter.sort(nodes, by: filter.order, model: model)
        }
        if let near {
            nodes = applyNear(near, to: nodes)
        }
        if let fields = filter.fields {
            nodes = nodes.map { FieldProjector.project($0, fields) }
        }
        let start = min(filter.skip, nodes.count)
        let end = filter.limit.map { start + min($0, nodes.count - start) } ?? nodes.count
        return Array(nodes[start..<end])
    }

    /// The first `near` condition at the top level of the where (itself, or a member of a
    /// top-level `and`), which orders the results by distance.
    static func topLevelNear(_ condition: Where, model: ModelPlan) -> Condition? {
        var pending = [condition]
        while !pending.isEmpty {
            switch pending.removeFirst() {
            case .condition(let path, .near, let value):
                return Condition(path: path, op: .near, value: value, model: model)
            case .and(let parts):
                pending.append(contentsOf: parts)
            default:
                continue
            }
        }
        return nil
    }

    /// Drops records without a location or outside the distance bounds; stable-sorts the rest by
    /// ascending distance.
    static func applyNear(_ near: Condition, to records: [Record]) -> [Record] {
        var kept: [(index: Int, distance: Double, record: Record)] = []
        for (index, record) in records.enumerated() where near.matches(record) {
            if let distance = near.distance(of: record) { kept.append((index, distance, record)) }
        }
        kept.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.index < $1.index }
        return kept.map(\.record)
    }
}
