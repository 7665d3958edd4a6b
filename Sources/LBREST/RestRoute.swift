public import LBPlan
public import LBRuntime

/// One REST route of a model: verb, path below the model's base path, and the remote method it calls.
public struct RestRoute: Sendable, Equatable {
    /// A path segment: a literal (matched case-insensitively) or a named parameter.
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// Lower-case HTTP verb, as strong-remoting sorts them.
    public let verb: String
    public let segments: [Segment]
    /// The remote method's canonical name (`find`, `prototype.patchAttributes`).
    public let method: String
    /// Other names of the method, for `sharedMethods` and ACLs (`upsert`, `updateAttributes`).
    public let aliases: [String]
    /// READ, WRITE, EXECUTE or REPLICATE.
    public let accessType: String
    public let action: RestAction

    /// The path as documentation shows it (`/:id/exists`).
    public var path: String {
        segments.isEmpty ? "/" : segments.map { segment in
            switch segment {
            case .literal(let text): "/" + text
            case .parameter(let name): "/:" + name
            }
        }.joined()
    }
}

/// What a route does, interpreted by `RestAPI`.
public enum RestAction: Sendable, Equatable {
    case create, find, findById, findOne, count, exists, existsHead
    case patchOrCreate, replaceOrCreate, upsertWithWhere, updateAll
    case replaceById, patchAttributes, deleteById
    /// A relation method on the record `:id`.
    case relation(String, RelationOperation)
    /// A relation method of the target of relation `outer`, reached through `:id` and (for a
    /// to-many `outer`) `:nk` (`nestRemoting`).
    case nestedRelation(outer: String, inner: String, RelationOperation)
    /// A named scope's method (`scopes` model setting).
    case scope(String, ScopeOperation)
    /// An account method of a User-based model (`login`, `logout`, …).
    case account(AccountOperation)
}

/// The account methods of User-based models (auth-and-acl.md §3.2).
public enum AccountOperation: String, Sendable {
    case login, logout, confirm, resetPassword, changePassword, setPassword, verify
}

extension RestAction {
    /// True for the model's own PersistedModel methods (not relation or scope methods).
    var isModelMethod: Bool {
        switch self {
        case .relation, .nestedRelation, .scope, .account: false
        default: true
        }
    }
}
