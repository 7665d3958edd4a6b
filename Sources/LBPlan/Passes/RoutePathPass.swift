import LBConfig
import LBCore

/// Checks what only makes sense across models: two public models on one REST path (LoopBack 3
/// silently routed to the first), and ACL principal types that name no principal kind or user model.
enum RoutePathPass {
    static let principalTypes: Set<String> = ["ROLE", "USER", "APP", "SCOPE"]

    static func run(_ c: inout Compilation) {
        var owners: [String: ModelPlan] = [:]
        for model in c.models where model.isPublic && model.dataSource != nil {
            // Express routes are case-insensitive, so paths that differ only in case collide.
            let key = model.httpPath.lowercased()
            if let first = owners[key] {
                c.diagnostics.error(
                    "model.path-collision", "models '\(first.name)' and '\(model.name)' are both served at '\(model.httpPath)'",
                    at: model.origin, hint: "give one of them its own \"plural\" or \"http\": {\"path\": …}",
                    notes: [.init("'\(first.name)' is defined here", at: first.origin)])
            } else {
                owners[key] = model
            }
        }
        let userModels = Set(c.models.filter { $0.isA("User") }.map(\.name))
        for model in c.models where !model.isBuiltin {
            for acl in model.acls where !acl.principalType.isEmpty {
                guard !principalTypes.contains(acl.principalType), !userModels.contains(acl.principalType) else { continue }
                c.diagnostics.warning(
                    "acl.unknown-principal-type", "principalType '\(acl.principalType)' is not ROLE, USER, APP, SCOPE or a user model, so this entry never applies",
                    at: acl.origin, hint: Suggestion.hint(for: acl.principalType, in: principalTypes.sorted() + userModels.sorted()))
            }
        }
    }
}
