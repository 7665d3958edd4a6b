/// The fixed words of LoopBack 3 ACL rules (loopback common/models/acl.js, role.js).
enum ACLTerms {
    /// Matches any model, method or access type.
    static let wildcard = "*"

    static let read = "READ"
    static let write = "WRITE"
    static let execute = "EXECUTE"
    static let replicate = "REPLICATE"

    static let allow = "ALLOW"
    static let deny = "DENY"
    static let alarm = "ALARM"
    static let audit = "AUDIT"
    static let defaultPermission = "DEFAULT"

    /// Every permission a rule may carry, with its weight in the last step of the score (§7.1).
    static let permissionWeights: [String: Int] = [defaultPermission: -1, allow: 0, alarm: 1, audit: 2, deny: 3]

    static let everyone = "$everyone"
    static let authenticated = "$authenticated"
    static let unauthenticated = "$unauthenticated"
    static let owner = "$owner"
    static let related = "$related"
}
