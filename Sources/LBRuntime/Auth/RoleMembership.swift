/// Membership in the roles that need data to decide: custom roles (a `Role` named so and a
/// `RoleMapping` linking it to one of the request's principals), `$owner` (the instance at
/// `modelId` belongs to the requesting user) and `$related` (no resolver in LoopBack 3, so in
/// practice a custom role).
///
/// `ACLEvaluator.decide` answers `$everyone`, `$authenticated` and `$unauthenticated` itself and
/// asks an implementation of this protocol about every other role, only when the answer can change
/// the decision.
public protocol RoleMembership: Sendable {
    /// Whether `request`'s principals are in `role` (auth-and-acl.md §6.3).
    func isInRole(_ role: String, _ request: AccessRequest) async throws -> Bool
}
