public import LBCore
public import LBPlan

extension AuthRuntime {
    /// Checks that the request's token (or an anonymous request) may call `method` of `model`
    /// (auth-and-acl.md §5, §7): the token's scopes, then the model's static ACLs and the `ACL`
    /// model's rows, scored and resolved by `ACLEvaluator`. Throws the denial (401, or the
    /// configured `aclErrorStatus` for a request with a valid token).
    ///
    /// - Parameters:
    ///   - method: the canonical method name (`find`, `patchAttributes`, `__get__orders`, `login`).
    ///   - aliases: the method's other names (`updateAttributes`).
    ///   - modelId: the record id from the URL path, for `$owner`.
    public func authorize(
        _ model: ModelPlan, method: String, aliases: [String], accessType: String, modelId: JSONValue?, token: ResolvedToken?
    ) async throws {
        guard enabled else { return }
        var principals: [Principal] = []
        if let userId = token?.userId, userId != .null {
            principals.append(Principal(type: token?.principalType ?? "USER", id: ValueCoercion.javaScriptString(userId)))
        }
        let request = AccessRequest(
            model: model.name, property: method, methodNames: [method] + aliases, accessType: accessType, modelId: modelId,
            principals: principals, hasValidToken: token != nil)
        let modelStatus = model.settings["aclErrorStatus"]?.numberValue.map { Int($0) }
        // The token's scopes must meet the method's (only reset tokens are restricted).
        if let token, !token.scopes.contains(where: accessScopes(model, method).contains) {
            throw ACLEvaluator.denial(request, modelStatus: modelStatus, appStatus: appErrorStatus)
        }
        let own = staticRules[model.name] ?? []
        // Dynamic rows first, then static rules: ties keep this order, as in LoopBack 3.
        let rules = (try await dynamicRules?.rules(for: request) ?? []) + ACLEvaluator.staticCandidates(own, for: request)
        let decision = try await ACLEvaluator.decide(
            request, rules: rules, defaultPermission: model.settings["defaultPermission"]?.stringValue, roles: AppRoles(directory: directory))
        guard decision.allowed else {
            throw ACLEvaluator.denial(request, modelStatus: modelStatus, appStatus: appErrorStatus)
        }
    }

    /// The token scopes that may call `method`: `reset-password` only for `setPassword` of a user
    /// model with `restrictResetPasswordTokenScope`, else `DEFAULT`.
    func accessScopes(_ model: ModelPlan, _ method: String) -> [String] {
        if method == "setPassword", model.settings["restrictResetPasswordTokenScope"]?.isTruthy == true { return ["reset-password"] }
        return ["DEFAULT"]
    }
}
