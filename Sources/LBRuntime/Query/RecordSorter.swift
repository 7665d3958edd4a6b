import LBCore
public import LBPlan

/// Sorts records for `order`, with a total order over mixed types (docs/FILTERS.md, "Sorting"):
///
/// missing < `null` < `false` < `true` < numbers (numerically) < strings (by UTF-16 code units)
/// < dates < arrays < objects,
///
/// where "dates" are the values of `date` properties that parse as dates, compared as instants
/// (other strings of a date property sort as strings). `DESC` reverses the whole order, so missing
/// values come last. Ties are broken by the id properties (ascending), then by input position.
public enum RecordSorter {
    /// `records` sorted by `order`; without `order`, by the id properties ascending.
    public static func sort(_ records: [Record], by order: [OrderItem], model: ModelPlan) -> [Record] {
        let keys = order + model.idProperties.map { OrderItem(path: $0) }
        guard !keys.isEmpty, records.count > 1 else { return records }
        let compiled = keys.map { item in
            (
                segments: item.path.split(separator: ".", omittingEmptySubsequences: false).map(String.init),
                descending: item.descending,
                isDate: Condition.isDateType(model.property(named: item.path)?.type)
            )
        }
        // Precompute the sort keys (values, ranks, instants) once per record.
        let rows = records.enumerated().map { index, record in
            (
                index: index, record: record,
                keys: compiled.map { ValueOrdering.Key(RecordPath.value($0.segments, in: record), isDate: $0.isDate) }
            )
        }
        let sorted = rows.sorted { a, b in
            for (i, key) in compiled.enumerated() {
                let result = ValueOrdering.compare(a.keys[i], b.keys[i], isDate: key.isDate)
                if result != 0 { return key.descending ? result > 0 : result < 0 }
            }
            return a.index < b.index
        }
        return sorted.map(\.record)
    }
}

/// The total order over JSON values used for sorting.
enum ValueOrdering {
    /// A value with its rank and, for dates, its instant.
    struct Key {
        let value: JSONValue?
        let rank: Int
        let instant: Double?

        init(_ value: JSONValue?, isDate: Bool) {
            self.value = value
            (rank, instant) = ValueOrdering.rank(value, isDate: isDate)
        }
    }

    /// -1, 0 or 1. `nil` is a missing value.
    static func compare(_ a: JSONValue?, _ b: JSONValue?, isDate: Bool) -> Int {
        compare(Key(a, isDate: isDate), Key(b, isDate: isDate), isDate: isDate)
    }

    static func compare(_ rankA: Key, _ rankB: Key, isDate: Bool) -> Int {
        if rankA.rank != rankB.rank { return rankA.rank < rankB.rank ? -1 : 1 }
        let (a, b) = (rankA.value, rankB.value)
        switch (a, b) {
        case (.bool(let x)?, .bool(let y)?):
            return x == y ? 0 : (!x ? -1 : 1)
        case (.number(let x)?, .number(let y)?):
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.string(let x)?, .string(let y)?):
            if let tx = rankA.instant, let ty = rankB.instant { return tx == ty ? 0 : (tx < ty ? -1 : 1) }
            return Int(Condition.compareUTF16(x, y))
        case (.array(let x)?, .array(let y)?):
            for (ex, ey) in zip(x, y) {
                let result = compare(ex, ey, isDate: isDate)
                if result != 0 { return result }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        case (.object?, .object?):
            return Int(Condition.compareUTF16(JS.json(a!), JS.json(b!)))
        default:
            return 0
        }
    }

    static func rank(_ value: JSONValue?, isDate: Bool) -> (rank: Int, instant: Double?) {
        switch value {
        case nil: return (0, nil)
        case .null?: return (1, nil)
        case .bool?: return (2, nil)
        case .number?: return (3, nil)
        case .string(let text)?:
            if isDate, let instant = JSDate.parse(text) { return (5, instant) }
            return (4, nil)
        case .array?: return (6, nil)
        case .object?: return (7, nil)
        }
    }
}
