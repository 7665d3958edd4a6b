public import LBCore
public import LBPlan

/// The REST routes of every public model, a pure function of the plan (rest-api.md §1–§2).
///
/// Routes follow strong-remoting: PersistedModel's methods with `replaceOnPUT` deciding what
/// `PUT` means, hidden or shown by `sharedMethods`, and sorted as `sortRoutes` does — by verb
/// descending, then segment by segment with literals before parameters — so that
/// `GET /count` wins over `GET /:id`.
public struct RouteTable: Sendable {
    /// A public model and its sorted routes.
    public struct ModelRoutes: Sendable {
        public let model: ModelPlan
        /// The base path without the leading `/`, lower-cased for matching.
        public let basePath: String
        public let routes: [RestRoute]
    }

    public let models: [ModelRoutes]
    private let byPath: [String: Int]

    public init(plan: AppPlan) {
        let appSharing = plan.config.settings["remoting"]?["sharedMethods"]
        var models: [ModelRoutes] = []
        var byPath: [String: Int] = [:]
        for model in plan.models where model.isPublic && model.dataSource != nil {
            let sharing = SharedMethods(app: appSharing, model: model.settings["remoting"]?["sharedMethods"])
            let all = Self.routes(for: model) + Self.accountRoutes(for: model) + RelationRouteBuilder(plan: plan).routes(for: model)
            let routes = all.filter { sharing.isShared($0.method, aliases: $0.aliases) }
            let base = String(model.httpPath.dropFirst()).lowercased()
            guard byPath[base] == nil else { continue }  // the compiler reports path collisions
            byPath[base] = models.count
            models.append(ModelRoutes(model: model, basePath: base, routes: routes.sorted(by: Self.precedes)))
        }
        self.models = models
        self.byPath = byPath
    }

    /// The model served at `segment` (the first path segment below the REST root), case-insensitively.
    public func model(at segment: String) -> ModelRoutes? {
        byPath[segment.lowercased()].map { models[$0] }
    }

    /// PersistedModel's remote methods and their routes (rest-api.md §2.1).
    static func routes(for model: ModelPlan) -> [RestRoute] {
        guard model.isA("PersistedModel") else { return [] }
        func route(_ verb: String, _ path: [RestRoute.Segment], _ method: String, _ aliases: [String], _ access: String, _ action: RestAction) -> RestRoute {
            RestRoute(verb: verb, segments: path, method: method, aliases: aliases, accessType: access, action: action)
        }
        let id = RestRoute.Segment.parameter("id")
        var routes = [
            route("post", [], "create", [], "WRITE", .create),
            route("patch", [], "patchOrCreate", ["upsert", "updateOrCreate"], "WRITE", .patchOrCreate),
            route("post", [.literal("replaceOrCreate")], "replaceOrCreate", [], "WRITE", .replaceOrCreate),
            route("post", [.literal("upsertWithWhere")], "upsertWithWhere", ["patchOrCreateWithWhere"], "WRITE", .upsertWithWhere),
            route("get", [id, .literal("exists")], "exists", [], "READ", .exists),
            route("head", [id], "exists", [], "READ", .existsHead),
            route("get", [id], "findById", [], "READ", .findById),
            route("post", [id, .literal("replace")], "replaceById", [], "WRITE", .replaceById),
            route("get", [], "find", [], "READ", .find),
            route("get", [.literal("findOne")], "findOne", [], "READ", .findOne),
            route("post", [.literal("update")], "updateAll", ["update"], "WRITE", .updateAll),
            route("delete", [id], "deleteById", ["destroyById", "removeById"], "WRITE", .deleteById),
            route("get", [.literal("count")], "count", [], "READ", .count),
            route("patch", [id], "prototype.patchAttributes", ["prototype.updateAttributes"], "WRITE", .patchAttributes),
        ]
        if model.replaceOnPUT {
            routes.append(route("put", [], "replaceOrCreate", [], "WRITE", .replaceOrCreate))
            routes.append(route("put", [id], "replaceById", [], "WRITE", .replaceById))
        } else {
            routes.append(route("put", [], "patchOrCreate", ["upsert", "updateOrCreate"], "WRITE", .patchOrCreate))
            routes.append(route("put", [id], "prototype.patchAttributes", ["prototype.updateAttributes"], "WRITE", .patchAttributes))
        }
        return routes
    }

    /// The account methods of a User-based model (auth-and-acl.md §3.2); `logout` answers every verb.
    static func accountRoutes(for model: ModelPlan) -> [RestRoute] {
        guard model.isA("User") else { return [] }
        func route(_ verb: String, _ path: [RestRoute.Segment], _ method: String, _ access: String, _ operation: AccountOperation) -> RestRoute {
            RestRoute(verb: verb, segments: path, method: method, aliases: [], accessType: access, action: .account(operation))
        }
        return [
            route("post", [.literal("login")], "login", "EXECUTE", .login),
            route("get", [.literal("confirm")], "confirm", "READ", .confirm),
            route("post", [.literal("reset")], "resetPassword", "EXECUTE", .resetPassword),
            route("post", [.literal("change-password")], "changePassword", "EXECUTE", .changePassword),
            route("post", [.literal("reset-password")], "setPassword", "EXECUTE", .setPassword),
            route("post", [.parameter("id"), .literal("verify")], "prototype.verify", "EXECUTE", .verify),
        ] + ["get", "post", "put", "patch", "delete"].map { route($0, [.literal("logout")], "logout", "EXECUTE", .logout) }
    }

    /// strong-remoting's `sortRoutes` order.
    static func precedes(_ lhs: RestRoute, _ rhs: RestRoute) -> Bool {
        if lhs.verb != rhs.verb { return lhs.verb > rhs.verb }
        for (a, b) in zip(lhs.segments, rhs.segments) {
            switch (a, b) {
            case let (.literal(x), .literal(y)) where x != y: return x < y
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return lhs.segments.count > rhs.segments.count
    }
}

/// `remoting.sharedMethods` from config (app-wide) and the model's settings (per model, winning on
/// the same key): exact method names or aliases, then `*` globs — unanchored, as in LoopBack 3.
struct SharedMethods {
    let rules: [(key: String, shared: Bool)]

    init(app: JSONValue?, model: JSONValue?) {
        var merged: [(String, Bool)] = []
        for source in [app, model] {
            for (key, value) in source?.objectValue ?? [:] {
                guard let shared = value.boolValue else { continue }
                merged.removeAll { $0.0 == key }
                merged.append((key, shared))
            }
        }
        rules = merged
    }

    func isShared(_ method: String, aliases: [String]) -> Bool {
        let names = [method] + aliases
        if let exact = rules.last(where: { names.contains($0.key) }) { return exact.shared }
        var shared = true
        for rule in rules where rule.key.contains("*") {
            if names.contains(where: { Self.glob(rule.key, matches: $0) }) { shared = rule.shared }
        }
        return shared
    }

    /// LoopBack compiles `*` to `.*` without anchors, so `find*` matches anywhere in the name.
    static func glob(_ pattern: String, matches name: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var remainder = Substring(name)
        for part in parts where !part.isEmpty {
            guard let range = remainder.range(of: part) else { return false }
            remainder = remainder[range.upperBound...]
        }
        return true
    }
}
