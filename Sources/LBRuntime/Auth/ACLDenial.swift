extension ACLEvaluator {
    /// The error answering a denied `request` (auth-and-acl.md §7.5).
    ///
    /// The status is the model's `aclErrorStatus`, else the app's, else 401 — and always 401 when
    /// the request has no valid access token:
    /// * 401 `Authorization Required`, code `AUTHORIZATION_REQUIRED`;
    /// * 403 `Access Denied`, code `ACCESS_DENIED`;
    /// * 404 `could not find <Model> with id <modelId>`, code `MODEL_NOT_FOUND` (`undefined` without
    ///   an id, as JavaScript prints it).
    ///
    /// Any other configured status (where LoopBack 3 crashes) keeps its number with the 403 message
    /// and code.
    public static func denial(_ request: AccessRequest, modelStatus: Int?, appStatus: Int?) -> LoopBackError {
        let status = request.hasValidToken ? modelStatus ?? appStatus ?? 401 : 401
        switch status {
        case 401:
            return LoopBackError(statusCode: 401, message: "Authorization Required", code: "AUTHORIZATION_REQUIRED")
        case 404:
            let id = request.modelId.map(ValueCoercion.javaScriptString) ?? "undefined"
            return LoopBackError.notFound("could not find \(request.model) with id \(id)", code: "MODEL_NOT_FOUND")
        default:
            return LoopBackError(statusCode: status, message: "Access Denied", code: "ACCESS_DENIED")
        }
    }
}
