import LBConfig
import LBCore
import OrderedCollections

/// Orders middleware phases and resolves each middleware entry to a module of the catalog.
///
/// An app without any `middleware.*` file gets the scaffolded chain (LoopBack 3 served nothing
/// at all). Middleware LoopBack 3 removed is an error naming its replacement; a path to JavaScript
/// middleware is reported as not run; an unknown name is an error unless `optional`; `params` are
/// checked by the module, so bad values are reported at their line.
enum MiddlewarePass {
    static func run(_ c: inout Compilation) {
        guard let node = c.middlewareNode, let phaseEntries = node.object else { return }
        do {
            c.phases = try PhaseList.merge(PhaseList.builtin, PhaseList.names(of: Array(phaseEntries.keys)))
        } catch {
            c.diagnostics.error(
                "middleware.phase-order", "ordering conflict: cannot add phase '\(error.phase)' after '\(error.after)', because the opposite order was already specified",
                at: phaseEntries[phaseEntries.keys.first { $0.hasPrefix(error.phase) } ?? ""]?.nameLocation ?? node.location)
            c.phases = PhaseList.builtin
        }
        let middlewareDirectory = AppPath.directory(of: c.middlewareFile ?? AppPath.join(c.serverDirectory, "middleware.json"))
        var ranked: [(rank: Int, order: Int, plan: MiddlewarePlan)] = []
        for (phase, entries) in phaseEntries {
            guard let rank = PhaseList.rank(of: phase, in: c.phases) else {
                c.diagnostics.error(
                    "middleware.unknown-phase", "'\(phase)' is not a phase: a suffix may only be ':before' or ':after'",
                    at: entries.nameLocation)
                continue
            }
            for (reference, value) in entries.object ?? [:] {
                let instances = value.array ?? [value]
                for instance in instances where instance.isObject {
                    guard let plan = resolve(reference, instance, phase: phase, directory: middlewareDirectory, &c) else { continue }
                    ranked.append((rank, ranked.count, plan))
                }
            }
        }
        c.middleware = ranked.sorted { ($0.rank, $0.order) < ($1.rank, $1.order) }.map(\.plan)
        addRESTIfMissing(phaseEntries, node: node, &c)
    }

    /// LoopBack 2 scaffolds mounted the REST API from `server/boot/rest-api.js`, not middleware.json.
    /// When no entry mentions `loopback#rest` at all (not even disabled), lbrun mounts it at
    /// `restApiRoot` at the start of the `routes` phase and says so.
    static func addRESTIfMissing(_ phaseEntries: OrderedDictionary<String, ConfigNode>, node: ConfigNode, _ c: inout Compilation) {
        let rest = ModuleID(.middleware, "rest")
        let mentioned = phaseEntries.values.contains { entries in
            entries.object?.keys.contains { c.options.catalog.resolve($0, as: .middleware)?.id == rest } ?? false
        }
        guard !mentioned, let file = c.middlewareFile else { return }
        let root = c.appConfig?.restApiRoot ?? "/api"
        let entry = MiddlewarePlan(
            phase: "routes", reference: "loopback#rest", module: rest, params: nil, paths: [root], methods: nil, name: nil,
            origin: .start(of: file))
        c.middleware.insert(entry, at: MiddlewarePlan.routesPhaseStart(in: c.middleware, phases: c.phases))
        c.diagnostics.warning(
            "middleware.rest-added", "'\(file)' mounts no REST API; lbrun serves it at '\(root)', as LoopBack 2's server/boot/rest-api.js did",
            at: node.location, hint: "add \"routes\": {\"loopback#rest\": {\"paths\": [\"${restApiRoot}\"]}}, or set it to {\"enabled\": false} to serve no API")
    }

    private static func resolve(
        _ reference: String, _ entry: ConfigNode, phase: String, directory: String, _ c: inout Compilation
    ) -> MiddlewarePlan? {
        if let enabled = entry["enabled"], !enabled.isTruthy { return nil }
        let location = entry.keyLocation ?? entry.location
        if let legacy = KnownLoopBackModules.removedMiddleware[reference] {
            c.diagnostics.error("middleware.removed", "'\(reference)' was removed in LoopBack 3", at: location, hint: legacy)
            return nil
        }
        let optional = entry["optional"]?.isTruthy ?? false
        if reference.hasPrefix("./") || reference.hasPrefix("../") || reference.hasPrefix("/") {
            c.diagnostics.warning(
                "middleware.script", "'\(reference)' is JavaScript middleware, which lbrun does not run", at: location,
                hint: "use one of lbrun's built-in middleware, or remove the entry")
            return nil
        }
        guard let module = c.options.catalog.resolve(reference, as: .middleware) else {
            if optional {
                c.diagnostics.warning(
                    "middleware.optional-missing", "optional middleware '\(reference)' is not available in lbrun and is skipped", at: location)
                return nil
            }
            c.diagnostics.error(
                "middleware.unknown", "unknown middleware '\(reference)'", at: location,
                hint: Suggestion.hint(for: reference, in: c.options.catalog.names(of: .middleware))
                    ?? "lbrun's middleware: \(c.options.catalog.names(of: .middleware).filter { $0.contains("#") || !$0.contains(".") }.joined(separator: ", "))")
            return nil
        }
        var paths = ["/"]
        switch entry["paths"]?.value {
        case .string(let path)?: paths = [path]
        case .array(let items)?: paths = items.compactMap(\.string)
        default: break
        }
        var methods: [String]?
        if let list = (entry["methods"] ?? entry["verbs"])?.array?.compactMap(\.string).map({ $0.uppercased() }), !list.contains("ALL") {
            methods = list
        }
        let params = entry["params"].map { resolvePathHelpers($0.json, directory: directory) }
        if let problem = module.checkSettings?(params) {
            c.diagnostics.error(
                "middleware.params", "\(reference): \(problem.message)", at: entry["params"]?.location ?? location, hint: problem.hint)
            return nil
        }
        return MiddlewarePlan(
            phase: phase, reference: reference, module: module.id, params: params, paths: paths, methods: methods,
            name: entry["name"]?.string, origin: location)
    }

    /// LoopBack's `$!./x` / `$!../x` parameter helper: a path relative to the middleware file's folder.
    static func resolvePathHelpers(_ value: JSONValue, directory: String) -> JSONValue {
        switch value {
        case .string(let s) where s.hasPrefix("$!./") || s.hasPrefix("$!../"):
            return .string(AppPath.normalize(AppPath.join(directory, String(s.dropFirst(2)))))
        case .array(let items):
            return .array(items.map { resolvePathHelpers($0, directory: directory) })
        case .object(let members):
            return .object(members.mapValues { resolvePathHelpers($0, directory: directory) })
        default:
            return value
        }
    }
}
