public import LBCore

/// The relation types of LoopBack 3.
public enum RelationType: String, Sendable, Codable, Equatable, CaseIterable {
    case belongsTo
    case hasOne
    case hasMany
    case hasAndBelongsToMany
    case referencesMany
    case embedsOne
    case embedsMany
}

/// A relation with its keys resolved by LoopBack 3's defaults.
public struct RelationPlan: Sendable, Codable, Equatable {
    public var name: String
    public var type: RelationType
    /// The target model; `nil` for a polymorphic belongsTo, whose target is read per row.
    public var model: String?
    /// The foreign key: on the source for belongsTo/referencesMany, on the target for hasOne/hasMany,
    /// on the through model (pointing at the source) for through relations.
    public var foreignKey: String
    /// The key the foreign key refers to, when not the other model's id.
    public var primaryKey: String?
    /// The join model of hasMany-through and hasAndBelongsToMany.
    public var through: String?
    /// The foreign key on the through model that points at the target.
    public var keyThrough: String?
    public var polymorphic: PolymorphicPlan?
    /// Polymorphic through relations: the discriminator points at the target (`invert: true`).
    public var invert: Bool
    /// Embeds relations: the source property holding the embedded data.
    public var property: String?
    /// A filter applied to every query over the relation.
    public var scope: JSONValue?
    /// Source properties copied onto created targets.
    public var properties: JSONValue?
    /// `nestRemoting`, `disableInclude`, `validate`, `forceId`, … as written.
    public var options: JSONValue
    /// The REST path segment (`options.http.path`, else the relation name).
    public var httpPath: String
    public var origin: SourceLocation

    /// True for hasMany-through and hasAndBelongsToMany.
    public var isThrough: Bool { through != nil }
}

/// The discriminator pair of a polymorphic relation.
public struct PolymorphicPlan: Sendable, Codable, Equatable {
    /// The selector name (`imageable`).
    public var selector: String
    /// The id column (`imageableId`).
    public var foreignKey: String
    /// The column holding the model name (`imageableType`).
    public var discriminator: String
    /// The declared type of `foreignKey`, if given (`idType`).
    public var idType: String?
}

/// One static ACL entry of a model.
public struct ACLPlan: Sendable, Codable, Equatable {
    /// Method names the entry applies to; `["*"]` for all.
    public var property: [String]
    /// `READ`, `WRITE`, `EXECUTE`, `REPLICATE` or `*`.
    public var accessType: String
    /// `ROLE`, `USER`, `APP`, or a user model name.
    public var principalType: String
    public var principalId: String
    /// `ALLOW`, `DENY`, `ALARM`, `AUDIT` or `DEFAULT`; `nil` when the entry does not say
    /// (it then scores like `ALLOW` and resolves like `DEFAULT`).
    public var permission: String?
    public var origin: SourceLocation
}
