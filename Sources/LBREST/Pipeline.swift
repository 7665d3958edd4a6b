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
        /// The module as an error handler, when it is one (decided once, not per request).
        let errorHandler: (any ErrorHandlingModule)?
        /// Mounted at `/` for every method: applies to every request (decided once).
        let appliesToAll: Bool

        init(module: any RequestStage, paths: [String], methods: Set<String>?, exact: Bool = false) {
            self.module = module
            self.paths = paths
            self.methods = methods
            self.exact = exact
            self.errorHandler = module as? any ErrorHandlingModule
            self.appliesToAll = methods == nil && !exact && paths.contains("/")
        }
    }

    let stages: [Stage]
    let fallbackErrors: ErrorRenderer
    /// The whole chain as one function, composed once: each link runs its stage (or passes the
    /// request on) and renders what its stage throws, so it never throws itself.
    let entry: MiddlewareNext
    /// Whether a stage reads `ClientAddress.current` (an access log, a rate limit).
    let bindsClientAddress: Bool

    init(stages: [Stage], fallbackErrors: ErrorRenderer) {
        self.stages = stages
        self.fallbackErrors = fallbackErrors
        var next: MiddlewareNext = { request in Self.finalResponse(request, fallbackErrors) }
        for index in stages.indices.reversed() where stages[index].errorHandler == nil {
            let stage = stages[index]
            let following = next
            let handlers = stages[(index + 1)...].filter { $0.errorHandler != nil }
            next = { request in
                guard let path = stage.match(request) else { return try await following(request) }
                do {
                    return try await stage.module.handle(request, path: path, next: following)
                } catch {
                    return Self.render(error, handlers: handlers, fallback: fallbackErrors, request)
                }
            }
        }
        entry = next
        bindsClientAddress = stages.contains { $0.module is any ClientAddressReading }
    }

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
            let stage = Stage(module: module, paths: entry.paths.map(Self.normalizedMount), methods: entry.methods.map(Set.init))
            if module is any ConfigurationMiddleware { continue }
            if module is any ResponseDecorator, let last = stages.last, let group = last.grouped(with: stage) {
                stages[stages.count - 1] = group
                continue
            }
            stages.append(stage)
        }
        if routesStart == plan.middleware.count { try addRoutesPhaseStart() }
        let fallback = ErrorRenderer(options: ErrorRenderer.Options(plan.config.settings["remoting"]?["errorHandler"]))
        return (Pipeline(stages: stages, fallbackErrors: fallback), skipped)
    }

    public func respond(to request: Request, context: LBRequestContext) async throws -> Response {
        guard bindsClientAddress else { return try await entry(request) }
        return try await ClientAddress.$socket.withValue(context.clientAddress) { try await entry(request) }
    }

    /// The response from the first of `handlers` that applies to the request, or the default rendering.
    static func render(_ error: any Error, handlers: [Stage], fallback: ErrorRenderer, _ request: Request) -> Response {
        if let plain = error as? any PlainResponseError { return plain.response }
        for stage in handlers {
            if let handler = stage.errorHandler, stage.match(request) != nil {
                return handler.response(for: error, request: request)
            }
        }
        return fallback.response(for: error, request: request)
    }

    /// Express's final handler: 404 for what no middleware answered.
    static func finalResponse(_ request: Request, _ errors: ErrorRenderer) -> Response {
        let error = LoopBackError.notFound("Cannot \(request.method.rawValue) \(request.uri.description)")
        return errors.response(for: error, request: request)
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
    /// This stage and `other` (a decorator) as one `DecoratorGroup`, when this one is a decorator
    /// or a group already.
    func grouped(with other: Pipeline.Stage) -> Pipeline.Stage? {
        guard let added = other.module as? any ResponseDecorator else { return nil }
        if let group = module as? DecoratorGroup, group.members.count == 64 { return nil }
        let members: [DecoratorGroup.Member]
        if let group = module as? DecoratorGroup {
            members = group.members + [.init(stage: other, decorator: added)]
        } else if let decorator = module as? any ResponseDecorator {
            members = [.init(stage: self, decorator: decorator), .init(stage: other, decorator: added)]
        } else {
            return nil
        }
        return Pipeline.Stage(module: DecoratorGroup(members: members), paths: ["/"], methods: nil)
    }

    /// The request path below the first matching mount path, or `nil` when the stage does not apply.
    /// Mount paths match whole segments, case-insensitively, as Express's do.
    func match(_ request: Request) -> String? {
        match(request, path: request.uri.path)
    }

    /// `match(_:)` with the request's path already read.
    func match(_ request: Request, path: String) -> String? {
        if appliesToAll { return path.isEmpty ? "/" : path }
        if let methods, !methods.contains(request.method.rawValue) { return nil }
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
