public import LBCore

/// A relation method of LoopBack 3's REST API (rest-api.md §4.3), called on one parent record.
public enum RelationOperation: String, Sendable, CaseIterable {
    /// `GET /:id/rel`
    case get
    /// `POST /:id/rel`
    case create
    /// `PUT /:id/rel` (hasOne, embedsOne)
    case update
    /// `DELETE /:id/rel` (hasOne, embedsOne)
    case destroy
    /// `DELETE /:id/rel` (to-many)
    case delete
    /// `GET /:id/rel/count`
    case count
    /// `GET /:id/rel/:fk`
    case findById
    /// `PUT /:id/rel/:fk`
    case updateById
    /// `DELETE /:id/rel/:fk`
    case destroyById
    /// `PUT /:id/rel/rel/:fk`
    case link
    /// `DELETE /:id/rel/rel/:fk`
    case unlink
    /// `HEAD /:id/rel/rel/:fk`
    case exists

    /// The remote method's name as ACLs and `sharedMethods` see it (`__get__orders`).
    public func methodName(_ relation: String) -> String {
        "__\(rawValue)__\(relation)"
    }
}

/// The arguments of a relation call: the parent's id, the related id (`fk`), and the query or body.
public struct RelationCall: Sendable {
    public var parentId: JSONValue
    /// The `:fk` path parameter, for the by-id operations.
    public var fk: JSONValue?
    /// `filter` (get) or `where` (count), as the client sent it.
    public var query: JSONValue?
    /// The request body.
    public var body: JSONValue?

    public init(parentId: JSONValue, fk: JSONValue? = nil, query: JSONValue? = nil, body: JSONValue? = nil) {
        self.parentId = parentId
        self.fk = fk
        self.query = query
        self.body = body
    }
}

/// What a relation call answers: a JSON body (200), nothing (204), or an existence check
/// (HEAD: 200 or 404 without a body).
public enum RelationResult: Sendable, Equatable {
    case json(JSONValue)
    case noContent
}
