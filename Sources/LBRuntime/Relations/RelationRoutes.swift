public import LBPlan

/// Which relation methods each relation type has (rest-api.md §4.3).
public enum RelationRoutes {
    /// The operations `relation` answers, in the spec's table order.
    public static func operations(for relation: RelationPlan) -> [RelationOperation] {
        let toMany: [RelationOperation] = [.get, .create, .delete, .count, .findById, .updateById, .destroyById]
        switch relation.type {
        case .belongsTo: return [.get]
        case .hasOne where relation.isThrough: return [.get]
        case .hasOne, .embedsOne: return [.get, .create, .update, .destroy]
        case .hasMany where !relation.isThrough: return toMany
        case .embedsMany: return toMany
        case .hasMany, .hasAndBelongsToMany, .referencesMany: return toMany + [.link, .unlink, .exists]
        }
    }

    /// The error for an operation the relation does not have (its route does not exist).
    static func unsupported(_ operation: RelationOperation, _ relation: RelationPlan) -> LoopBackError {
        LoopBackError.notFound("relation \(relation.name) has no method \(operation.methodName(relation.name))")
    }
}
