import LBCore

/// Applies a `fields` selection to one record.
public enum FieldProjector {
    /// The record with only the selected properties, in the record's own property order.
    /// `nil` keeps every property; names the record does not have are ignored.
    public static func project(_ record: Record, _ fields: FieldSelection?) -> Record {
        switch fields {
        case nil:
            return record
        case .only(let names)?:
            let keep = Set(names)
            return record.filter { keep.contains($0.key) }
        case .except(let names)?:
            let drop = Set(names)
            return record.filter { !drop.contains($0.key) }
        }
    }

    /// `fields` that also keeps `keys` (the properties an include joins on), so that a selection
    /// leaving them out still loads its relations.
    public static func widen(_ fields: FieldSelection?, with keys: [String]) -> FieldSelection? {
        switch fields {
        case nil: return nil
        case .only(let names)?: return names.isEmpty ? fields : .only(names + keys.filter { !names.contains($0) })
        case .except(let names)?: return .except(names.filter { !keys.contains($0) })
        }
    }
}
