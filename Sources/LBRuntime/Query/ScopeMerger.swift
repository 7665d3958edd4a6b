import LBCore

/// Merges a model's default scope into a request's filter (juggler `mergeQuery(request, scope)`, §3.10).
public enum ScopeMerger {
    /// The request filter with `scope` applied:
    ///
    /// | part | rule |
    /// |---|---|
    /// | `where` | both present → `{"and": [request, scope]}`; otherwise the present one |
    /// | `include` | united: the scope's items, then the request's items for other relations |
    /// | `fields` | the scope's, if it has any, replace the request's |
    /// | `order` | the scope's only when the request has none |
    /// | `limit`, `skip` | the scope's value, if it sets one, replaces the request's |
    ///
    /// Parse scopes with `FilterParser.parseScope` (no implicit `limit: 100`, hidden properties allowed).
    public static func merge(request: Filter, scope: Filter?) -> Filter {
        guard let scope else { return request }
        var merged = request
        merged.where = Where.conjunction(request.where, scope.where)
        if !scope.include.isEmpty {
            let scopeRelations = Set(scope.include.map(\.relation))
            merged.include = scope.include + request.include.filter { !scopeRelations.contains($0.relation) }
        }
        if let fields = scope.fields { merged.fields = fields }
        if request.order.isEmpty { merged.order = scope.order }
        if let limit = scope.limit { merged.limit = limit }
        if scope.skip != 0 { merged.skip = scope.skip }
        return merged
    }

    /// The `{property: value}` pairs a default scope's where fixes — equality conditions with a
    /// string, number or boolean value at the top level or inside (nested) `and` — which writes
    /// copy into the data (juggler `setScopeValuesFromWhere`). Dotted paths, `null`, arrays,
    /// objects and `or` branches are skipped. Callers keep only declared properties, as LoopBack does.
    public static func scopeValues(of scope: Where?) -> Record {
        var values = Record()
        var pending: [Where] = scope.map { [$0] } ?? []
        while !pending.isEmpty {
            switch pending.removeFirst() {
            case .and(let parts):
                pending.insert(contentsOf: parts, at: 0)
            case .condition(let path, .eq, let value) where !path.contains("."):
                switch value {
                case .string, .number, .bool: values[path] = value
                default: break
                }
            default:
                break
            }
        }
        return values
    }
}
