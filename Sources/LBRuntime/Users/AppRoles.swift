import LBCore
import LBPlan

/// Role membership that needs the app's data (auth-and-acl.md §6.3): custom roles through the
/// `Role` and `RoleMapping` models, and `$owner` through the accessed record.
struct AppRoles: RoleMembership {
    let directory: ModelDirectory

    func isInRole(_ role: String, _ request: AccessRequest) async throws -> Bool {
        if role == "$owner" { return try await isOwner(request) }
        if role.hasPrefix("$") { return false }
        guard let roles = directory.repository("Role"), let mappings = directory.repository("RoleMapping"), !request.principals.isEmpty
        else { return false }
        let ids = try await roles.find(Filter(where: .condition(path: "name", op: .eq, value: .string(role)))).compactMap { $0["id"] }
        guard !ids.isEmpty else { return false }
        for principal in request.principals {
            let condition = Where.conjunction(
                .and([.condition(path: "roleId", op: .inq, value: .array(ids)), .condition(path: "principalType", op: .eq, value: .string(principal.type))]),
                .condition(path: "principalId", op: .eq, value: .string(principal.id)))
            if try await mappings.count(condition) > 0 { return true }
        }
        return false
    }

    /// `$owner`: the user owns the record `modelId` of the model — it is the user, or its owner
    /// key (`ownerRelations`, else `userId`/`owner`, else the first belongsTo to a user model)
    /// holds the user's id. Never for requests without a record id or a user.
    func isOwner(_ request: AccessRequest) async throws -> Bool {
        guard let modelId = request.modelId, let user = request.principals.first(where: { $0.type != "APP" && $0.type != "ROLE" }),
            let repository = directory.repository(request.model)
        else { return false }
        let model = repository.model
        if model.isA("User") { return ValueCoercion.javaScriptString(modelId) == user.id }
        guard let record = try await repository.storedRecord(modelId) else { return false }
        let toUsers = model.relations.filter { relation in
            relation.type == .belongsTo && relation.model.flatMap(directory.model)?.isA("User") == true
        }
        let keys: [String]
        switch model.settings["ownerRelations"] {
        case .bool(true)?: keys = toUsers.map(\.foreignKey)
        case .array(let names)?: keys = toUsers.filter { names.contains(.string($0.name)) }.map(\.foreignKey)
        default:
            if record["userId"] != nil { keys = ["userId"] } else if record["owner"] != nil { keys = ["owner"] } else { keys = toUsers.prefix(1).map(\.foreignKey) }
        }
        return keys.contains { key in record[key].map { ValueCoercion.javaScriptString($0) == user.id } ?? false }
    }
}
