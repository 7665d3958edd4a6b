/// Middleware phase ordering: LoopBack's built-in phases merged with the custom phases a
/// `middleware.json` names, by loopback-phase's `mergePhaseNameLists`.
enum PhaseList {
    static let builtin = ["initial", "session", "auth", "parse", "routes", "files", "final"]

    /// A conflict between the file's phase order and the order already established.
    struct OrderingConflict: Error {
        let phase: String
        let after: String
    }

    /// The phase names of `keys` (`routes:before` → `routes`), consecutive repeats collapsed.
    static func names(of keys: [String]) -> [String] {
        var names: [String] = []
        for key in keys {
            let name = String(key.split(separator: ":", maxSplits: 1).first ?? Substring(key))
            if names.last != name { names.append(name) }
        }
        return names
    }

    /// `current` with `additions` zipped in: the first unknown name goes to the front, each later
    /// unknown name right after the name before it in `additions`. Unlike loopback-phase, the
    /// built-in phases keep their order whatever order the file lists them in; only custom phases
    /// listed in contradicting orders conflict.
    static func merge(_ current: [String], _ additions: [String]) throws(OrderingConflict) -> [String] {
        guard let first = additions.first else { return current }
        var target = current
        var cursor: Int
        if let index = target.firstIndex(of: first) {
            cursor = index
        } else {
            target.insert(first, at: 0)
            cursor = 0
        }
        for i in 1..<max(additions.count, 1) where i < additions.count {
            let value = additions[i]
            let previous = additions[i - 1]
            if let existing = target[cursor...].firstIndex(of: value) {
                cursor = existing
            } else if builtin.contains(value), let existing = target.firstIndex(of: value) {
                cursor = existing
            } else {
                if target.contains(value) { throw OrderingConflict(phase: value, after: previous) }
                let previousIndex = target.firstIndex(of: previous)!
                target.insert(value, at: previousIndex + 1)
            }
        }
        return target
    }

    /// Sort key of a phase slot: phase index × 3 + (before 0, main 1, after 2).
    static func rank(of key: String, in phases: [String]) -> Int? {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        guard let index = phases.firstIndex(of: parts[0]) else { return nil }
        let sub: Int
        switch parts.count > 1 ? parts[1] : "" {
        case "before": sub = 0
        case "": sub = 1
        case "after": sub = 2
        default: return nil
        }
        return index * 3 + sub
    }
}
