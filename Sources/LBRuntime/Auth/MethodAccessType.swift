extension ACLEvaluator {
    /// The access type of a remote method by name (auth-and-acl.md §7.4): `READ`, `WRITE`,
    /// `EXECUTE` or `REPLICATE`.
    ///
    /// Built-in model methods (canonical names and their aliases, with or without `prototype.`),
    /// relation and scope methods (`__get__orders`, nested `__findById__pages__notes` alike) and the
    /// User methods have fixed types; any other method is `READ` when its HTTP verb is GET or HEAD,
    /// else `EXECUTE`.
    public static func accessType(ofMethod name: String, httpVerb: String?) -> String {
        let method = name.hasPrefix("prototype.") ? String(name.dropFirst("prototype.".count)) : name
        if let known = builtinAccessTypes[method] { return known }
        if method.hasPrefix("__"), let prefix = relationPrefix(of: method), let known = relationAccessTypes[prefix] {
            return known
        }
        switch httpVerb?.uppercased() {
        case "GET", "HEAD": return ACLTerms.read
        default: return ACLTerms.execute
        }
    }

    /// `__get__` of `__get__orders`; `nil` when the name has no `__<operation>__` prefix.
    private static func relationPrefix(of method: String) -> String? {
        let rest = method.dropFirst(2)
        guard let end = rest.range(of: "__") else { return nil }
        return "__" + rest[..<end.upperBound]
    }

    private static let builtinAccessTypes: [String: String] = {
        var types: [String: String] = [:]
        let read = [
            "find", "findById", "findOne", "exists", "count", "createChangeStream", "changes", "diff",
            "currentCheckpoint", "createUpdates", "findLastChange", "confirm",
        ]
        let write = [
            "create", "patchOrCreate", "upsert", "updateOrCreate", "replaceOrCreate", "upsertWithWhere",
            "replaceById", "patchAttributes", "updateAttributes", "updateAll", "update", "deleteById",
            "destroyById", "removeById", "destroyAll", "deleteAll", "remove", "bulkUpdate", "updateLastChange",
        ]
        let execute = ["login", "logout", "resetPassword", "changePassword", "setPassword", "verify"]
        for name in read { types[name] = ACLTerms.read }
        for name in write { types[name] = ACLTerms.write }
        for name in execute { types[name] = ACLTerms.execute }
        types["checkpoint"] = ACLTerms.replicate
        return types
    }()

    private static let relationAccessTypes: [String: String] = {
        var types: [String: String] = [:]
        for prefix in ["__get__", "__findById__", "__count__", "__exists__"] { types[prefix] = ACLTerms.read }
        for prefix in [
            "__create__", "__update__", "__destroy__", "__updateById__", "__destroyById__", "__delete__", "__link__",
            "__unlink__",
        ] {
            types[prefix] = ACLTerms.write
        }
        return types
    }()
}
