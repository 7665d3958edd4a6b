import LBCore
import LBPlan

/// The models and keys one relation joins through (rest-api.md §4.2), from the plan's resolved
/// relation: which property of the parent it starts from, which property of the target (or of
/// the join model) it matches, and the discriminator conditions of polymorphic relations.
struct RelationLink {
    let relation: RelationPlan
    let source: ModelRepository

    init(_ relation: RelationPlan, source: ModelRepository) {
        self.relation = relation
        self.source = source
    }

    /// The target model's plan (`nil` for a polymorphic belongsTo).
    var targetModel: ModelPlan? {
        relation.model.flatMap(source.directory.model)
    }

    /// The target model's repository.
    func target() throws -> ModelRepository {
        try Self.repository(relation.model, source: source, role: "target")
    }

    /// The join model's repository (through relations).
    func through() throws -> ModelRepository {
        try Self.repository(relation.through, source: source, role: "through")
    }

    /// The parent property that a hasOne/hasMany/through relation's key refers to.
    var parentKey: String {
        relation.primaryKey ?? source.model.idName ?? "id"
    }

    /// The parent properties the relation reads: what a parent query must keep for includes.
    var parentKeys: [String] {
        switch relation.type {
        case .belongsTo:
            if let polymorphic = relation.polymorphic { return [polymorphic.foreignKey, polymorphic.discriminator] }
            return [relation.foreignKey]
        case .hasOne, .hasMany, .hasAndBelongsToMany: return [parentKey]
        case .referencesMany, .embedsOne, .embedsMany: return [relation.foreignKey]
        }
    }

    /// The target property matched: the belongsTo's `primaryKey`, else the target's id.
    var targetKey: String {
        if relation.type == .belongsTo, let primaryKey = relation.primaryKey { return primaryKey }
        return targetModel?.idName ?? "id"
    }

    /// Polymorphic hasOne/hasMany: the target's discriminator names the parent's model.
    var discriminatorCondition: Where? {
        guard relation.type != .belongsTo, !relation.isThrough, let polymorphic = relation.polymorphic else { return nil }
        return .condition(path: polymorphic.discriminator, op: .eq, value: .string(source.model.name))
    }

    /// The join model's property pointing at the parent.
    var throughSourceKey: String {
        if let polymorphic = relation.polymorphic, !relation.invert { return polymorphic.foreignKey }
        return relation.foreignKey
    }

    /// The join model's property pointing at the target.
    var throughTargetKey: String {
        if let polymorphic = relation.polymorphic, relation.invert { return polymorphic.foreignKey }
        return relation.keyThrough ?? "id"
    }

    /// Polymorphic through relations: the join rows' discriminator (the parent's model, or the
    /// target's with `invert`).
    var throughCondition: Where? {
        guard let polymorphic = relation.polymorphic else { return nil }
        let name = relation.invert ? (relation.model ?? "") : source.model.name
        return .condition(path: polymorphic.discriminator, op: .eq, value: .string(name))
    }

    /// The values a new join row gets besides its two keys (the polymorphic discriminator).
    var throughDiscriminatorValues: Record {
        guard let polymorphic = relation.polymorphic else { return [:] }
        return [polymorphic.discriminator: .string(relation.invert ? (relation.model ?? "") : source.model.name)]
    }

    static func repository(_ name: String?, source: ModelRepository, role: String) throws -> ModelRepository {
        guard let name, let repository = source.directory.repository(name) else {
            throw LoopBackError(
                statusCode: 500, message: "the \(role) model '\(name ?? "?")' of a relation of \(source.model.name) is not attached to a datasource")
        }
        return repository
    }
}
