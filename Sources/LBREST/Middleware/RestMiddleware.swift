public import Hummingbird
public import LBCore
public import LBPlan

/// `loopback#rest`: the REST API of all public models, mounted at its `paths`
/// (the scaffold mounts it at `${restApiRoot}`).
///
/// With `remoting.rest.handleErrors` not set to `false` (strong-remoting's default), REST errors are
/// rendered here with `remoting.errorHandler`'s options; the scaffold sets it to `false`, so
/// errors go on to the app's `strong-error-handler`.
public struct RestMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "rest"), aliases: ["loopback#rest"], summary: "The REST API of all public models.")

    let rest: RestAPI
    let ownErrors: ErrorRenderer?

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        rest = context.rest
        let remoting = context.app.plan.config.settings["remoting"]
        if remoting?["rest"]?["handleErrors"]?.boolValue == false {
            ownErrors = nil
        } else {
            ownErrors = ErrorRenderer(options: ErrorRenderer.Options(remoting?["errorHandler"]))
        }
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        guard let ownErrors else { return try await rest.respond(to: request, path: path) }
        do {
            return try await rest.respond(to: request, path: path)
        } catch let error as NotAcceptable {
            throw error
        } catch {
            return ownErrors.response(for: error, request: request)
        }
    }
}
