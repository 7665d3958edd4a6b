import LBCore
import LBRuntime

extension RestAPI {
    /// Checks the route's ACLs for the request (when auth is on); throws LoopBack's denial.
    func authorize(_ route: RestRoute, model repository: ModelRepository, arguments: RestArguments, token: ResolvedToken?) async throws {
        guard app.auth.enabled else { return }
        let method = Self.aclName(route.method)
        let modelId = arguments.parameters["id"].flatMap(ArgumentCoercion.any).map(repository.coercedId)
        try await app.auth.authorize(
            repository.model, method: method, aliases: route.aliases.map(Self.aclName), accessType: route.accessType,
            modelId: modelId, token: token)
    }

    /// The name ACLs use for a method: without the `prototype.` prefix.
    public static func aclName(_ method: String) -> String {
        method.hasPrefix("prototype.") ? String(method.dropFirst("prototype.".count)) : method
    }
}
