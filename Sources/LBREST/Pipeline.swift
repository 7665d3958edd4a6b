import Foundation
public import HTTPTypes
public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime
public import Logging
import NIOCore

/// The app's HTTP pipeline: every enabled middleware of the plan, in phase order, built once at
/// boot. It behaves as Express does for LoopBack: a middleware answers or calls `next`; an error
/// skips ahead to the next error-handling middleware (strong-error-handler) and the middleware
/// before it still see the rendered response, so headers they add (CORS, security headers)
/// reach error responses too. What nobody answers gets Express's final 404.
public struct Pipeline: HTTPResponder {
    public typealias Context = LBRequestContext

    struct Stage: Sendable {
        let module: any RequestStage
        let paths: [String]
        let methods: Set<String>?
        /// Answer only the mount path itself, not paths below it (the root status route).
        var exact = false
    }

    let stages: [Stage]
    let fallbackErrors: ErrorRenderer

    /// Builds the pipeline from the plan with the given middleware and component implementations.
    /// Entries whose module this build does not implement are returned as `skipped` for the caller
    /// to report.
    public static func build(
        plan: AppPlan, modules: [ModuleID: any MiddlewareModule.Type], components: [ModuleID: any ComponentModule.Type] = [:],
        context: MiddlewareContext
    ) throws -> (pipeline: Pipeline, skipped: [MiddlewarePlan]) {
        var stages: [Stage] = []
        var skipped: [MiddlewarePlan] = []
        let routesStart = MiddlewarePlan.routesPhaseStart(in: plan.middleware, phases: plan.phases)
        func addRoutesPhaseStart() throws {
            for component in plan.components {
                guard let type = components[component.module] else { continue }
                let instance = try type.init(plan: component, context: context)
                guard !instance.paths.isEmpty else { continue }
                stages.append(Stage(module: instance, paths: instance.paths.map(Self.normalizedMount), methods: nil))
            }
            if servesRootStatus(plan) { stages.append(try rootStatusStage(context)) }
        }
        for (index, entry) in plan.middleware.enumerated() {
            if index == routesStart { try addRoutesPhaseStart() }
            guard let type = modules[entry.module] else {
                skipped.append(entry)
                continue
            }
            let module = try type.init(plan: entry, context: context)
            stages.append(Stage(module: module, paths: entry.paths.map(Self.normalizedMount), methods: entry.methods.map(Set.init)))
        }
        if routesStart == plan.middleware.count { try addRoutesPhaseStart() }
        let fallback = ErrorRenderer(options: ErrorRenderer.Options(plan.config.settings["remoting"]?["errorHandler"]))
        return (Pipeline(stages: stages, fallbackErrors: fallback), skipped)
    }

    public func respond(to request: Request, context: LBRequestContext) async throws -> Response {
        await ClientAddress.$current.withValue(context.clientAddress) { await run(0, request) }
    }

    /// Runs stage `index` and the ones after it; never throws.
    func run(_ index: Int, _ request: Request) async -> Response {
        guard index < stages.count else { return finalResponse(request) }
        let stage = stages[index]
        guard !(stage.module is any ErrorHandlingModule), let path = stage.match(request) else {
            return await run(index + 1, request)
        }
        do {
            return try await stage.module.handle(request, path: path) { next in await run(index + 1, next) }
        } catch {
            return renderError(error, after: index, request)
        }
    }

    /// The response from the first error-handling stage after `index`, or the default rendering.
    func renderError(_ error: any Error, after index: Int, _ request: Request) -> Response {
        if let plain = error as? any PlainResponseError { return plain.response }
        for stage in stages[(index + 1)...] {
            if let handler = stage.module as? any ErrorHandlingModule, stage.match(request) != nil {
                return handler.response(for: error, request: request)
            }
        }
        return fallbackErrors.response(for: error, request: request)
    }

    /// Express's final handler: 404 for what no middleware answered.
    func finalResponse(_ request: Request) -> Response {
        let error = LoopBackError.notFound("Cannot \(request.method.rawValue) \(request.uri.description)")
        return fallbackErrors.response(for: error, request: request)
    }

    /// Whether `GET /` answers with the status reply, as the scaffolded `server/boot/root.js` did:
    /// not when the app serves static files at `/` and has no `root.js` (users delete it to serve a
    /// single-page app there).
    static func servesRootStatus(_ plan: AppPlan) -> Bool {
        let hasRootScript = plan.ignoredFiles.contains { $0.hasSuffix("boot/root.js") }
        let staticAtRoot = plan.middleware.contains { $0.module == ModuleID(.middleware, "static") && $0.paths.contains("/") }
        return hasRootScript || !staticAtRoot
    }

    static func rootStatusStage(_ context: MiddlewareContext) throws -> Stage {
        let entry = MiddlewarePlan(
            phase: "routes", reference: "loopback#status", module: StatusMiddleware.info.id, params: nil, paths: ["/"],
            methods: ["GET", "HEAD"], name: "root", origin: .start(of: "<builtin>/boot/root.js"))
        return Stage(module: try StatusMiddleware(plan: entry, context: context), paths: ["/"], methods: ["GET", "HEAD"], exact: true)
    }

    /// A mount path without a trailing slash (`/` stays `/`).
    static func normalizedMount(_ path: String) -> String {
        var result = path.hasPrefix("/") ? path : "/" + path
        while result.count > 1, result.hasSuffix("/") { result.removeLast() }
        return result
    }
}

extension Pipeline.Stage {
    /// The request path below the first matching mount path, or `nil` when the stage does not apply.
    /// Mount paths match whole segments, case-insensitively, as Express's do.
    func match(_ request: Request) -> String? {
        if let methods, !methods.contains(request.method.rawValue) { return nil }
        let path = request.uri.path
        if exact { return paths.contains(path) ? "/" : nil }
        for mount in paths {
            if mount == "/" { return path.isEmpty ? "/" : path }
            guard PathText.hasPrefixIgnoringCase(path, mount) else { continue }
            let rest = path.utf8.dropFirst(mount.utf8.count)
            if rest.isEmpty { return "/" }
            if rest.first == UInt8(ascii: "/") { return String(Substring(rest)) }
        }
        return nil
    }
}

/// An error that is answered with a fixed response rather than LoopBack's error envelope.
protocol PlainResponseError: Error {
    var response: Response { get }
}
