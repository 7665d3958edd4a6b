public import LBCore

/// A normalised LoopBack filter: what `?filter=` means after parsing, validation and coercion.
///
/// Built by `FilterParser` from the client's JSON (or bracket-syntax) value; evaluated by
/// `WhereEvaluator`, `RecordSorter` and `FieldProjector` in memory, or translated to SQL by a
/// SQL connector.
public struct Filter: Sendable, Equatable {
    public var `where`: Where?
    public var fields: FieldSelection?
    public var order: [OrderItem]
    /// `nil` means no limit.
    public var limit: Int?
    /// `skip`/`offset`, normalised into one number.
    public var skip: Int
    public var include: [IncludeItem]

    public init(
        where: Where? = nil, fields: FieldSelection? = nil, order: [OrderItem] = [], limit: Int? = nil, skip: Int = 0,
        include: [IncludeItem] = []
    ) {
        self.where = `where`
        self.fields = fields
        self.order = order
        self.limit = limit
        self.skip = skip
        self.include = include
    }
}

/// A `where` clause. Conditions on one property that name several operators are AND-ed.
public indirect enum Where: Sendable, Equatable {
    case and([Where])
    case or([Where])
    /// `path` is a property name or a dotted path into nested objects (`address.city`).
    case condition(path: String, op: WhereOperator, value: JSONValue)

    /// `lhs AND rhs`, flattening nested conjunctions and skipping absent sides.
    public static func conjunction(_ lhs: Where?, _ rhs: Where?) -> Where? {
        switch (lhs, rhs) {
        case (nil, let side), (let side, nil): return side
        case let (lhs?, rhs?): return .and([lhs, rhs])
        }
    }
}

/// The operators of LoopBack's `where` grammar.
public enum WhereOperator: String, Sendable, Equatable, CaseIterable {
    case eq, neq, gt, gte, lt, lte, between, inq, nin, like, nlike, ilike, nilike, regexp
    /// Geo distance; `value` is `{"point": {lat, lng}, "maxDistance"?, "minDistance"?, "unit"?}`.
    case near
    /// lbrun extension (Mongo-compatible): `true` matches when the key is present, `false` when absent.
    case exists
}

/// One `order` entry.
public struct OrderItem: Sendable, Equatable {
    public var path: String
    public var descending: Bool

    public init(path: String, descending: Bool = false) {
        self.path = path
        self.descending = descending
    }
}

/// `fields`: which properties a result keeps.
public enum FieldSelection: Sendable, Equatable {
    /// Only these properties.
    case only([String])
    /// Every property but these.
    case except([String])
}

/// One `include` entry: a relation to load, with an optional scope filter (as raw JSON, parsed
/// against the target model when the relation is resolved).
public struct IncludeItem: Sendable, Equatable {
    public var relation: String
    public var scope: JSONValue?

    public init(relation: String, scope: JSONValue? = nil) {
        self.relation = relation
        self.scope = scope
    }
}
