/// The outcome of evaluating the ACL rules of one request (auth-and-acl.md §7.3).
public struct ACLDecision: Sendable {
    /// Whether the call may proceed: the final permission is not `DENY`.
    public let allowed: Bool
    /// The final permission after defaulting: `ALLOW` or `DENY`, or the deciding rule's `ALARM` or
    /// `AUDIT` (both allow), or whatever the model's `defaultPermission` says.
    public let permission: String
    /// The deciding rule; `nil` when no rule was effective and the default decided.
    public let rule: ACLRule?

    public init(allowed: Bool, permission: String, rule: ACLRule?) {
        self.allowed = allowed
        self.permission = permission
        self.rule = rule
    }
}
