import Foundation
import Synchronization
public import HTTPTypes
public import Hummingbird
public import LBCore
public import LBPlan
import NIOCore

/// `express-rate-limit`: at most `max` requests per client address in each `windowMs` window
/// (defaults 5 per minute); beyond it `statusCode` (429) with `message` and `Retry-After`. Counts
/// are kept per lbrun instance, in memory.
public struct RateLimitMiddleware: MiddlewareModule, ClientAddressReading {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "rate-limit"), aliases: ["express-rate-limit"], summary: "Request rate limiting with 429 replies.",
        checkSettings: SettingsProblem.check(Options.init))

    struct Options {
        var windowMs = 60_000
        /// 0 turns limiting off (express-rate-limit 5).
        var max = 5
        var message = JSONValue.string("Too many requests, please try again later.")
        var statusCode = 429
        var legacyHeaders = true
        var standardHeaders = false
        var skipFailedRequests = false
        var skipSuccessfulRequests = false

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let options = try MiddlewareArguments(params).options(at: 0)
            windowMs = try options.int("windowMs", default: windowMs, in: 1...Int.max)
            let limit = try options.int("limit", default: max)
            max = try options.int("max", default: limit)
            if let text = options["message"] {
                guard text.stringValue != nil || text.objectValue != nil else { throw SettingsProblem("'message' must be a string or an object") }
                message = text
            }
            statusCode = try options.int("statusCode", default: statusCode, in: 400...599)
            let legacy = try options.bool("legacyHeaders", default: true)
            legacyHeaders = try options.bool("headers", default: legacy)
            let draft = try options.bool("draft_polli_ratelimit_headers", default: false)
            standardHeaders = try options.bool("standardHeaders", default: draft)
            skipFailedRequests = try options.bool("skipFailedRequests", default: false)
            skipSuccessfulRequests = try options.bool("skipSuccessfulRequests", default: false)
        }
    }

    /// Hits per client in the current window.
    final class Counter: Sendable {
        struct Window {
            var hits: Int
            var resetAt: Date
        }

        let windows = Mutex<[String: Window]>([:])
        let length: TimeInterval

        init(windowMs: Int) {
            length = TimeInterval(windowMs) / 1000
        }

        /// Counts a hit for `key`; returns the hits so far in its window and when the window ends.
        func hit(_ key: String, now: Date = Date()) -> Window {
            windows.withLock { windows in
                if windows.count > 10_000 { windows = windows.filter { $0.value.resetAt > now } }
                var window = windows[key].flatMap { $0.resetAt > now ? $0 : nil } ?? Window(hits: 0, resetAt: now.addingTimeInterval(length))
                window.hits += 1
                windows[key] = window
                return window
            }
        }

        /// Takes back a hit that should not count (`skipFailedRequests`, `skipSuccessfulRequests`).
        func undo(_ key: String) {
            windows.withLock { windows in
                if let hits = windows[key]?.hits, hits > 0 { windows[key]?.hits = hits - 1 }
            }
        }
    }

    let options: Options
    let counter: Counter

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
        counter = Counter(windowMs: options.windowMs)
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        guard options.max > 0 else { return try await next(request) }
        let key = ClientAddress.current ?? "unknown"
        let window = counter.hit(key)
        let headers = limitHeaders(window)
        if window.hits > options.max {
            var fields = headers
            if options.legacyHeaders { fields[.retryAfter] = String(Int((Double(options.windowMs) / 1000).rounded(.up))) }
            let body: ByteBuffer
            if let text = options.message.stringValue {
                fields[.contentType] = "text/html; charset=utf-8"
                body = ByteBuffer(string: text)
            } else {
                fields[.contentType] = "application/json; charset=utf-8"
                body = ByteBuffer(bytes: options.message.jsonBytes)
            }
            fields[.contentLength] = String(body.readableBytes)
            return Response(status: HTTPResponse.Status(code: options.statusCode), headers: fields, body: ResponseBody(byteBuffer: body))
        }
        var response = try await next(request)
        let failed = response.status.code >= 400
        if (failed && options.skipFailedRequests) || (!failed && options.skipSuccessfulRequests) { counter.undo(key) }
        for field in headers { response.headers[field.name] = field.value }
        return response
    }

    func limitHeaders(_ window: Counter.Window) -> HTTPFields {
        var fields = HTTPFields()
        let remaining = String(max(options.max - window.hits, 0))
        if options.legacyHeaders {
            fields[.named("X-RateLimit-Limit")] = String(options.max)
            fields[.named("X-RateLimit-Remaining")] = remaining
            fields[.named("X-RateLimit-Reset")] = String(Int(window.resetAt.timeIntervalSince1970.rounded(.up)))
        }
        if options.standardHeaders {
            fields[.named("RateLimit-Limit")] = String(options.max)
            fields[.named("RateLimit-Remaining")] = remaining
            fields[.named("RateLimit-Reset")] = String(max(Int(window.resetAt.timeIntervalSinceNow.rounded(.up)), 0))
        }
        return fields
    }
}
