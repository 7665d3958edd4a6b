/// A principal of the request: type `USER` (or a user model's name), `APP` or `ROLE`, and its id
/// as a string.
///
/// Ids are compared as strings, like LoopBack 3 does (`String(principalId) == String(p.id)`), so
/// a user id `7` stored as a number matches a rule's `"principalId": "7"`.
public struct Principal: Sendable, Hashable {
    /// `USER`, a user model's name (several user models), `APP` or `ROLE`.
    public var type: String
    /// The principal's id, as a string.
    public var id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }

    /// The principal type of a logged-in user when there is a single user model.
    public static let user = "USER"
    /// The principal type of a client application (`AccessToken.appId`).
    public static let app = "APP"
    /// The principal type of a role.
    public static let role = "ROLE"
    /// The principal type of an OAuth scope; never an identity of the caller.
    public static let scope = "SCOPE"
}
