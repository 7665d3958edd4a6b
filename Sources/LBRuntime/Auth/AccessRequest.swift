public import LBCore

/// What is being accessed and by whom (auth-and-acl.md §5 step 1): LoopBack 3's `AccessContext`
/// for one remote method call.
public struct AccessRequest: Sendable {
    /// The model owning the method (`Product`).
    public var model: String
    /// The method's canonical name: `find`, `patchAttributes`, `__get__orders`, `login` …
    public var property: String
    /// The canonical name and its aliases (`patchAttributes`, `updateAttributes`).
    public var methodNames: [String]
    /// `READ`, `WRITE`, `EXECUTE` or `REPLICATE`.
    public var accessType: String
    /// The instance id, taken from the URL path only; `nil` for static methods (§8 pitfall 3).
    public var modelId: JSONValue?
    /// `{USER or user-model name, userId}` and `{APP, appId}` of the request's access token.
    public var principals: [Principal]
    /// Whether the request carries a valid access token (decides the 401 of a denial, §7.5).
    public var hasValidToken: Bool

    public init(
        model: String, property: String, methodNames: [String], accessType: String, modelId: JSONValue?,
        principals: [Principal], hasValidToken: Bool
    ) {
        self.model = model
        self.property = property
        self.methodNames = methodNames
        self.accessType = accessType
        self.modelId = modelId
        self.principals = principals
        self.hasValidToken = hasValidToken
    }

    /// Whether the request has a user or an application: a principal with a non-empty id whose
    /// type is `USER`, a user model's name or `APP` (anything but `ROLE` and `SCOPE`). This is
    /// membership in `$authenticated`.
    public var isAuthenticated: Bool {
        principals.contains { principal in
            !principal.id.isEmpty && principal.type != Principal.role && principal.type != Principal.scope
        }
    }

    /// The canonical name followed by the aliases, without duplicates.
    var allMethodNames: [String] {
        var names = [property]
        for name in methodNames where !names.contains(name) { names.append(name) }
        return names
    }
}
