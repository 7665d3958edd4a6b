import LBCore
import LBRuntime
import Testing

@Suite("ACL denials and method access types (auth-and-acl.md §7.4–7.5)")
struct ACLDenialTests {
    typealias F = ACLFixtures

    static let withToken = F.request("deleteById", "WRITE", modelId: 5, principals: F.user("3"))
    static let withoutToken = F.request("deleteById", "WRITE", modelId: 5)

    @Test(
        "status: the model's aclErrorStatus, else the app's, else 401",
        arguments: [
            (nil, nil, 401), (403, nil, 403), (nil, 403, 403), (404, 403, 404), (401, 403, 401), (403, 404, 403),
        ] as [(Int?, Int?, Int)])
    func statuses(modelStatus: Int?, appStatus: Int?, expected: Int) {
        #expect(ACLEvaluator.denial(Self.withToken, modelStatus: modelStatus, appStatus: appStatus).statusCode == expected)
    }

    @Test(
        "without a valid token a denial is always 401",
        arguments: [(nil, nil), (403, nil), (nil, 403), (404, 404)] as [(Int?, Int?)])
    func noToken(modelStatus: Int?, appStatus: Int?) {
        let error = ACLEvaluator.denial(Self.withoutToken, modelStatus: modelStatus, appStatus: appStatus)
        #expect(error == LoopBackError(statusCode: 401, message: "Authorization Required", code: "AUTHORIZATION_REQUIRED"))
        var expiredUser = Self.withToken
        expiredUser.hasValidToken = false
        #expect(ACLEvaluator.denial(expiredUser, modelStatus: modelStatus, appStatus: appStatus).statusCode == 401)
    }

    @Test("messages and codes of 401, 403 and 404")
    func messages() {
        #expect(ACLEvaluator.denial(Self.withToken, modelStatus: nil, appStatus: nil)
            == LoopBackError(statusCode: 401, message: "Authorization Required", code: "AUTHORIZATION_REQUIRED"))
        #expect(ACLEvaluator.denial(Self.withToken, modelStatus: 403, appStatus: nil)
            == LoopBackError(statusCode: 403, message: "Access Denied", code: "ACCESS_DENIED"))
        #expect(ACLEvaluator.denial(Self.withToken, modelStatus: 404, appStatus: nil)
            == LoopBackError(statusCode: 404, message: "could not find Product with id 5", code: "MODEL_NOT_FOUND"))
        var stringId = Self.withToken
        stringId.modelId = "a1b2"
        #expect(ACLEvaluator.denial(stringId, modelStatus: 404, appStatus: nil).message == "could not find Product with id a1b2")
        let find = F.request("find", "READ", principals: F.user("3"))
        #expect(ACLEvaluator.denial(find, modelStatus: nil, appStatus: 404).message == "could not find Product with id undefined")
    }

    @Test("any other configured status keeps its number with the 403 message")
    func otherStatus() {
        #expect(ACLEvaluator.denial(Self.withToken, modelStatus: 418, appStatus: nil)
            == LoopBackError(statusCode: 418, message: "Access Denied", code: "ACCESS_DENIED"))
    }

    @Test(
        "access types of built-in, relation, User and custom methods",
        arguments: [
            ("find", nil, "READ"), ("findById", nil, "READ"), ("findOne", nil, "READ"), ("exists", nil, "READ"),
            ("count", nil, "READ"), ("createChangeStream", "POST", "READ"), ("changes", nil, "READ"),
            ("diff", "POST", "READ"), ("currentCheckpoint", nil, "READ"), ("createUpdates", "POST", "READ"),
            ("findLastChange", nil, "READ"),
            ("create", "POST", "WRITE"), ("patchOrCreate", "PATCH", "WRITE"), ("upsert", nil, "WRITE"),
            ("replaceOrCreate", "PUT", "WRITE"), ("upsertWithWhere", "POST", "WRITE"), ("replaceById", "PUT", "WRITE"),
            ("patchAttributes", "PATCH", "WRITE"), ("prototype.patchAttributes", nil, "WRITE"),
            ("updateAttributes", nil, "WRITE"), ("updateAll", "POST", "WRITE"), ("deleteById", "DELETE", "WRITE"),
            ("destroyById", nil, "WRITE"), ("destroyAll", nil, "WRITE"), ("bulkUpdate", "POST", "WRITE"),
            ("updateLastChange", "PUT", "WRITE"),
            ("checkpoint", "POST", "REPLICATE"),
            ("__get__orders", "GET", "READ"), ("__findById__orders", nil, "READ"), ("__count__orders", nil, "READ"),
            ("__exists__tags", "HEAD", "READ"), ("__create__orders", "POST", "WRITE"), ("__update__profile", nil, "WRITE"),
            ("__destroy__profile", nil, "WRITE"), ("__updateById__orders", "PUT", "WRITE"),
            ("__destroyById__orders", nil, "WRITE"), ("__delete__orders", "DELETE", "WRITE"), ("__link__tags", "PUT", "WRITE"),
            ("__unlink__tags", "DELETE", "WRITE"), ("__findById__pages__notes", nil, "READ"),
            ("__create__pages__notes", nil, "WRITE"),
            ("login", "POST", "EXECUTE"), ("logout", nil, "EXECUTE"), ("resetPassword", "POST", "EXECUTE"),
            ("changePassword", "POST", "EXECUTE"), ("setPassword", "POST", "EXECUTE"), ("prototype.verify", "POST", "EXECUTE"),
            ("confirm", nil, "READ"),
            ("greet", "GET", "READ"), ("greet", "head", "READ"), ("greet", "POST", "EXECUTE"), ("greet", nil, "EXECUTE"),
            ("__frobnicate__orders", "GET", "READ"), ("__frobnicate__orders", "POST", "EXECUTE"),
        ] as [(String, String?, String)])
    func accessTypes(method: String, verb: String?, expected: String) {
        #expect(ACLEvaluator.accessType(ofMethod: method, httpVerb: verb) == expected)
    }
}
