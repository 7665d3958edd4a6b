import LBCore
import LBPlan
import LBRuntime

/// The routes of a model's relations and named scopes (rest-api.md §4.3, §4.5, §4.7): for each
/// relation the methods its type has, below `/:id/<relation path>`; for a relation with
/// `options.nestRemoting`, its target's relation methods below `/:id/<relation>/:nk` (to-many) or
/// `/:id/<relation>` (to-one), one level deep; for each named scope, `/<scope>`.
struct RelationRouteBuilder {
    let plan: AppPlan

    func routes(for model: ModelPlan) -> [RestRoute] {
        guard model.isA("PersistedModel") else { return [] }
        var routes: [RestRoute] = []
        for relation in model.relations {
            let prefix: [RestRoute.Segment] = [.parameter("id"), .literal(relation.httpPath)]
            for operation in RelationRoutes.operations(for: relation) {
                routes.append(route(operation, prefix: prefix, method: operation.methodName(relation.name), action: .relation(relation.name, operation)))
            }
            if relation.options["nestRemoting"]?.isTruthy == true, let target = relation.model.flatMap(plan.model(named:)) {
                let toMany = RelationRoutes.operations(for: relation).contains(.findById)
                let nestedPrefix = prefix + (toMany ? [.parameter("nk")] : [])
                for inner in target.relations {
                    for operation in RelationRoutes.operations(for: inner) {
                        routes.append(route(
                            operation, prefix: nestedPrefix + [.literal(inner.httpPath)],
                            method: "__\(operation.rawValue)__\(relation.name)__\(inner.name)",
                            action: .nestedRelation(outer: relation.name, inner: inner.name, operation)))
                    }
                }
            }
        }
        for name in model.scopes?.objectValue?.keys ?? [] {
            routes.append(scopeRoute("get", [.literal(name)], name, .get))
            routes.append(scopeRoute("post", [.literal(name)], name, .create))
            routes.append(scopeRoute("delete", [.literal(name)], name, .delete))
            routes.append(scopeRoute("get", [.literal(name), .literal("count")], name, .count))
        }
        return routes
    }

    /// The route of a relation method below `prefix`.
    private func route(_ operation: RelationOperation, prefix: [RestRoute.Segment], method: String, action: RestAction) -> RestRoute {
        let (verb, rest): (String, [RestRoute.Segment]) = switch operation {
        case .get: ("get", [])
        case .create: ("post", [])
        case .update: ("put", [])
        case .destroy, .delete: ("delete", [])
        case .count: ("get", [.literal("count")])
        case .findById: ("get", [.parameter("fk")])
        case .updateById: ("put", [.parameter("fk")])
        case .destroyById: ("delete", [.parameter("fk")])
        case .link: ("put", [.literal("rel"), .parameter("fk")])
        case .unlink: ("delete", [.literal("rel"), .parameter("fk")])
        case .exists: ("head", [.literal("rel"), .parameter("fk")])
        }
        let reads: Set<RelationOperation> = [.get, .count, .findById, .exists]
        return RestRoute(
            verb: verb, segments: prefix + rest, method: "prototype." + method, aliases: [],
            accessType: reads.contains(operation) ? "READ" : "WRITE", action: action)
    }

    private func scopeRoute(_ verb: String, _ segments: [RestRoute.Segment], _ scope: String, _ operation: ScopeOperation) -> RestRoute {
        RestRoute(
            verb: verb, segments: segments, method: operation.methodName(scope), aliases: [],
            accessType: operation == .get || operation == .count ? "READ" : "WRITE", action: .scope(scope, operation))
    }
}
