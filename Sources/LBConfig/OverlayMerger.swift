public import LBCore
import OrderedCollections

/// Merges an overlay file (`X.local.*`, `X.<env>.*`) over its master, by LoopBack 3's rules.
///
/// Generic files (config, datasources, model-config, component-config) use loopback-boot's
/// strict, type-checked deep merge: objects merge key by key, arrays only at equal length, and a
/// value may not change its kind. Two explicit directives lift the array rule:
/// `{"$replace": [...]}` replaces a value wholesale and `{"$append": [...]}` extends a list.
///
/// `middleware` files merge per phase and per middleware entry, with arrays of entries merged by
/// their `name`; unlike LoopBack 3, an overlay may add phases and middleware.
public enum OverlayMerger {
    /// Merges `overlay` over `base` with the generic rules, recording conflicts in `diagnostics`.
    public static func merge(_ base: ConfigNode, _ overlay: ConfigNode, diagnostics: inout Diagnostics) -> ConfigNode {
        var merger = Generic(diagnostics: diagnostics)
        let result = merger.mergeObject(base, overlay, path: "")
        diagnostics = merger.diagnostics
        return result
    }

    /// Merges a middleware overlay over its master (boot-and-config.md §2.4).
    public static func mergeMiddleware(_ base: ConfigNode, _ overlay: ConfigNode, diagnostics: inout Diagnostics) -> ConfigNode {
        guard var phases = base.object, let overlayPhases = overlay.object else { return base }
        var merger = Generic(diagnostics: diagnostics)
        for (phase, overlayPhase) in overlayPhases {
            guard let basePhase = phases[phase], var entries = basePhase.object, let overlayEntries = overlayPhase.object else {
                phases[phase] = overlayPhase
                continue
            }
            for (ref, overlayEntry) in overlayEntries {
                if let baseEntry = entries[ref] {
                    entries[ref] = merger.mergeMiddlewareEntry(baseEntry, overlayEntry, path: "\(phase).\(ref)")
                } else {
                    entries[ref] = overlayEntry
                }
            }
            var mergedPhase = basePhase
            mergedPhase.value = .object(entries)
            phases[phase] = mergedPhase
        }
        diagnostics = merger.diagnostics
        var result = base
        result.value = .object(phases)
        return result
    }

    private struct Generic {
        var diagnostics: Diagnostics

        mutating func mergeObject(_ base: ConfigNode, _ overlay: ConfigNode, path: String) -> ConfigNode {
            guard var members = base.object, let overlayMembers = overlay.object else { return overlay }
            for (key, new) in overlayMembers {
                let full = path.isEmpty ? key : "\(path).\(key)"
                if let old = members[key] {
                    members[key] = mergeValue(old, new, path: full)
                } else {
                    members[key] = directiveResult(new, over: nil, path: full) ?? new
                }
            }
            var result = base
            result.value = .object(members)
            return result
        }

        /// One value of the overlay over one value of the master (loopback-boot's mergeSingleItemOrProperty).
        mutating func mergeValue(_ old: ConfigNode, _ new: ConfigNode, path: String) -> ConfigNode {
            if let directed = directiveResult(new, over: old, path: path) { return directed }
            guard compatible(old, new) else {
                diagnostics.error(
                    "config.overlay-type-conflict",
                    "cannot merge values of incompatible types for the option '\(path)': the overlay has \(article(new.typeName)), the master file \(article(old.typeName))",
                    at: new.location,
                    hint: old.isObject && new.isNull == false
                        ? "an overlay can change the settings inside an object, or replace it with null"
                        : "use a value of the same kind, or {\"$replace\": …} to replace it deliberately",
                    notes: [.init("the master value is defined here", at: old.location)])
                return old
            }
            if let oldItems = old.array, let newItems = new.array {
                guard oldItems.count == newItems.count else {
                    diagnostics.error(
                        "config.overlay-array-length",
                        "cannot merge array values of different length for the option '\(path)': \(newItems.count) items here, \(oldItems.count) in the master file",
                        at: new.location,
                        hint: "LoopBack 3 merges lists item by item; write {\"$replace\": [...]} to replace the list or {\"$append\": [...]} to extend it",
                        notes: [.init("the master list is defined here", at: old.location)])
                    return old
                }
                var merged = old
                merged.value = .array(zip(oldItems, newItems).enumerated().map { index, pair in
                    mergeValue(pair.0, pair.1, path: "\(path)[\(index)]")
                })
                return merged
            }
            if old.isObject, new.isObject {
                return mergeObject(old, new, path: path)
            }
            var replaced = new
            replaced.keyLocation = new.keyLocation ?? old.keyLocation
            replaced.overrides = old.location
            return replaced
        }

        /// The result of a `$replace` / `$append` directive, or `nil` if `new` is not one.
        mutating func directiveResult(_ new: ConfigNode, over old: ConfigNode?, path: String) -> ConfigNode? {
            guard let members = new.object, members.count == 1, let entry = members.elements.first,
                entry.key == "$replace" || entry.key == "$append"
            else { return nil }
            let (directive, operand) = (entry.key, entry.value)
            var result = operand
            result.keyLocation = new.keyLocation
            result.overrides = old?.location
            guard directive == "$append" else { return result }
            guard let appended = operand.array else {
                diagnostics.error(
                    "config.overlay-directive", "'$append' needs a list for the option '\(path)'", at: operand.location)
                return old
            }
            guard let old else { return result }
            guard let existing = old.array else {
                diagnostics.error(
                    "config.overlay-directive", "'$append' can only extend a list, but the option '\(path)' is \(article(old.typeName)) in the master file",
                    at: new.location, notes: [.init("the master value is defined here", at: old.location)])
                return old
            }
            var extended = old
            extended.value = .array(existing + appended)
            return extended
        }

        /// loopback-boot's compatibility rule, except that a list over an object is an error.
        func compatible(_ old: ConfigNode, _ new: ConfigNode) -> Bool {
            switch old.value {
            case .null: return true
            case .array: return new.array != nil
            case .object: return new.isObject || new.isNull
            default:
                switch new.value {
                case .object, .array, .null: return false
                default: return true
                }
            }
        }

        /// One middleware entry (object or list of named objects) of an overlay over the master's.
        mutating func mergeMiddlewareEntry(_ old: ConfigNode, _ new: ConfigNode, path: String) -> ConfigNode {
            if old.isObject, new.isObject { return mergeObject(old, new, path: path) }
            let newItems: [ConfigNode]
            if let items = new.array {
                newItems = items
            } else if let members = new.object {
                if members.isEmpty { return old }
                newItems = [new]
            } else {
                return mergeValue(old, new, path: path)
            }
            let oldItems: [ConfigNode]
            if let items = old.array {
                oldItems = items
            } else if let members = old.object {
                if members.isEmpty { return new }
                oldItems = [old]
            } else {
                return mergeValue(old, new, path: path)
            }
            var merged = oldItems
            for item in newItems {
                if let name = item["name"]?.string, let index = merged.firstIndex(where: { $0["name"]?.string == name }) {
                    merged[index] = mergeObject(merged[index], item, path: "\(path)[\(index)]")
                } else {
                    merged.append(item)
                }
            }
            var result = old
            result.value = .array(merged)
            return result
        }

        func article(_ typeName: String) -> String {
            typeName == "array" || typeName == "object" ? "an \(typeName)" : "a \(typeName)"
        }
    }
}
