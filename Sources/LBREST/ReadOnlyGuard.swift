import LBCore
import LBPlan
import LBRuntime

/// The built-in `ReadOnly` mixin (loopback-ds-readonly-mixin), which restricts REST calls only:
/// with no options every write is a 403 `Unable to update: <Model> is read only.`; with
/// `{"prop": true}` those properties are removed from every write's body, and with
/// `{"prop": "createOnly"}` from updates of an existing record.
struct ReadOnlyGuard: Sendable {
    let model: String
    let wholeModel: Bool
    let alwaysStripped: [String]
    let strippedOnUpdate: [String]

    init?(_ model: ModelPlan) {
        guard let use = model.mixins.last(where: { $0.kind == .builtin && $0.name == "ReadOnly" }) else { return nil }
        self.model = model.name
        let options = use.options.objectValue ?? [:]
        wholeModel = options.isEmpty
        alwaysStripped = options.filter { $0.value.isTruthy && $0.value != "createOnly" }.map(\.key)
        strippedOnUpdate = options.filter { $0.value == "createOnly" }.map(\.key)
    }

    /// The body `action` may write, or a 403 when the model is read-only as a whole.
    func filter(_ body: Record, for action: RestAction) throws -> Record {
        if wholeModel {
            throw LoopBackError(statusCode: 403, message: "Unable to update: \(model) is read only.")
        }
        var result = body
        for name in alwaysStripped { result.removeValue(forKey: name) }
        if [.patchAttributes, .replaceById].contains(action) {
            for name in strippedOnUpdate { result.removeValue(forKey: name) }
        }
        return result
    }
}
