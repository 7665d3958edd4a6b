import LBCore

/// The access token, as LoopBack reads it: the `Authorization` header or the `access_token`
/// query parameter (auth-and-acl.md §2). Operations accept either, or no token.
enum SecuritySchemes {
    static let definitions: JSONValue = [
        "AccessToken": ["type": "apiKey", "in": "header", "name": "Authorization", "description": "An access token id, as returned by login."],
        "AccessTokenQuery": ["type": "apiKey", "in": "query", "name": "access_token", "description": "An access token id, as returned by login."],
    ]

    /// Either scheme, or none: methods that the ACLs allow to anonymous callers need no token.
    static let requirement: JSONValue = [["AccessToken": []], ["AccessTokenQuery": []], [:]]
}
