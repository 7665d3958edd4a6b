public import LBCore
public import LBPlan

/// The runtime side of the built-in `TimeStamp` mixin (loopback-ds-timestamp-mixin): the creation
/// time is set when a record is created without one; the update time on every write.
struct TimeStampBehavior: Sendable {
    let createdAt: String
    let updatedAt: String

    init?(_ model: ModelPlan) {
        guard let use = model.mixins.last(where: { $0.kind == .builtin && $0.name == "TimeStamp" }) else { return nil }
        createdAt = use.options["createdAt"]?.stringValue ?? "createdAt"
        updatedAt = use.options["updatedAt"]?.stringValue ?? "updatedAt"
    }

    /// `data` for a new record: the creation time unless given, the update time always.
    func stampCreate(_ data: Record) -> Record {
        var stamped = data
        let now = JSONValue.string(DateValue.now())
        if stamped[createdAt] == nil || stamped[createdAt] == .null { stamped[createdAt] = now }
        stamped[updatedAt] = now
        return stamped
    }

    /// Changes to an existing record: the update time always, whatever the client sent.
    func stampUpdate(_ changes: Record) -> Record {
        var stamped = changes
        stamped[updatedAt] = .string(DateValue.now())
        return stamped
    }
}

/// The runtime side of the built-in `SoftDelete` mixin (loopback-softdelete-mixin): deletes set
/// `deletedAt` and `_isDeleted` (and clear the `scrub` properties) instead of removing records,
/// and every read, count and update skips deleted records.
struct SoftDeleteBehavior: Sendable {
    let deletedAt: String
    let flag: String
    /// Properties set to null on delete.
    let scrubbed: [String]

    init?(_ model: ModelPlan) {
        guard let use = model.mixins.last(where: { $0.kind == .builtin && $0.name == "SoftDelete" }) else { return nil }
        deletedAt = use.options["deletedAt"]?.stringValue ?? "deletedAt"
        flag = use.options["_isDeleted"]?.stringValue ?? "_isDeleted"
        switch use.options["scrub"] {
        case .bool(true)?:
            let keep = Set([deletedAt, flag] + model.idProperties)
            scrubbed = model.properties.map(\.name).filter { !keep.contains($0) }
        case .array(let names)?:
            scrubbed = names.compactMap(\.stringValue)
        default:
            scrubbed = []
        }
    }

    /// Only records that are not deleted.
    var notDeleted: Where { .condition(path: flag, op: .eq, value: false) }

    /// The changes that mark a record deleted.
    var deletion: Record {
        var changes: Record = [deletedAt: .string(DateValue.now()), flag: true]
        for name in scrubbed { changes[name] = .null }
        return changes
    }
}
