import Synchronization
public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime

/// `connect-timeout`: a request not answered within `time` (default 5s) gets connect-timeout's error,
/// 503 `Response timeout` with code `ETIMEDOUT`, through the error handler. As with connect-timeout,
/// work already started is not undone: a write that completes after the timeout stays written.
/// `respond: false` only marks the request in connect-timeout, so here it turns the middleware off.
public struct TimeoutMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "timeout"), aliases: ["connect-timeout"], summary: "Request timeout.",
        checkSettings: SettingsProblem.check(Options.init))

    struct Options {
        var milliseconds = 5000
        var respond = true

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let arguments = MiddlewareArguments(params)
            var options = MiddlewareOptions([:])
            switch arguments[0] {
            case nil: break
            case .object?:
                options = try arguments.options(at: 0)
                milliseconds = try options.milliseconds("time", default: milliseconds)
            case let value?:
                guard let parsed = Milliseconds.parse(value), parsed > 0 else {
                    throw SettingsProblem("the time must be a duration such as \"5s\" or a number of milliseconds, not \(value.jsonText)")
                }
                milliseconds = parsed
                options = try arguments.options(at: 1)
            }
            respond = try options.bool("respond", default: true)
        }
    }

    let options: Options

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        guard options.respond else { return try await next(request) }
        let milliseconds = options.milliseconds
        let outcome = await Race.first(
            { try await next(request) },
            orAfter: .milliseconds(milliseconds))
        guard let outcome else {
            throw LoopBackError(
                statusCode: 503, name: "ServiceUnavailableError", message: "Response timeout", code: "ETIMEDOUT",
                details: nil)
        }
        return try outcome.get()
    }
}

/// The result of an operation, or `nil` when a deadline passes first. The operation runs in its own
/// task, so a late finish (or an operation stuck on a slow client) does not hold the answer back.
enum Race {
    static func first<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T, orAfter delay: Duration
    ) async -> Result<T, any Error>? {
        let outcome = Outcome<Result<T, any Error>?>()
        return await withCheckedContinuation { continuation in
            let work = Task {
                let result: Result<T, any Error>
                do {
                    result = .success(try await operation())
                } catch {
                    result = .failure(error)
                }
                outcome.settle(result, continuation)
            }
            Task {
                try? await Task.sleep(for: delay)
                if outcome.settle(nil, continuation) { work.cancel() }
            }
        }
    }

    /// Resumes a continuation once, with the first value offered.
    final class Outcome<Value: Sendable>: Sendable {
        let settled = Mutex(false)

        @discardableResult
        func settle(_ value: Value, _ continuation: CheckedContinuation<Value, Never>) -> Bool {
            let first = settled.withLock { done in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(returning: value) }
            return first
        }
    }
}
