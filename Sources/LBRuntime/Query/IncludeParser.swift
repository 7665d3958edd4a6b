import LBCore

/// Normalises every `include` form of §3.9 into `[IncludeItem]` (juggler `normalizeInclude`).
///
/// * `"rel"` and `{"rel": true}` → `IncludeItem("rel")`;
/// * `{"rel": "sub"}`, `{"rel": ["a", {"b": "c"}]}`, `{"rel": {"sub": …}}` → the nested include goes
///   into the item's scope as `{"include": …}`;
/// * `{"relation": "rel", "scope": {…}}` (or `"rel": "rel"`) → the scope as given;
/// * arrays of any of these, flattened. Booleans, numbers and `null` entries are ignored.
///
/// Relation names are not validated here.
enum IncludeParser {
    static func parse(_ value: JSONValue?) -> [IncludeItem] {
        guard let value else { return [] }
        var items: [IncludeItem] = []
        // An explicit stack keeps arbitrarily nested arrays off the call stack.
        var pending: [JSONValue] = [value]
        while let next = pending.popLast() {
            switch next {
            case .string(let name):
                items.append(IncludeItem(relation: name))
            case .array(let elements):
                pending.append(contentsOf: elements.reversed())
            case .object(let members):
                let relation = [members["rel"], members["relation"]].compactMap { $0 }.first(where: \.isTruthy)
                if case .string(let name)? = relation {
                    var scope: JSONValue? = nil
                    if case .object? = members["scope"] { scope = members["scope"] }
                    items.append(IncludeItem(relation: name, scope: scope))
                } else {
                    for (name, sub) in members {
                        items.append(IncludeItem(relation: name, scope: nestedScope(sub)))
                    }
                }
            case .null, .bool, .number:
                break
            }
        }
        return items
    }

    /// `{"include": sub}` for a nested include value, `nil` when there is none (`true`, …).
    private static func nestedScope(_ sub: JSONValue) -> JSONValue? {
        switch sub {
        case .string, .array, .object: .object(["include": sub])
        default: nil
        }
    }
}
