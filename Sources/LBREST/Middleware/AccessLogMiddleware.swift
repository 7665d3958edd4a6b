import Foundation
public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime

/// `morgan`: one access-log line per request in a morgan format (`combined` by default), written
/// to standard output or, with lbrun's `file` option, appended to that file. `immediate: true`
/// logs when the request arrives instead of when it is answered.
public struct AccessLogMiddleware: MiddlewareModule, ClientAddressReading {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "access-log"), aliases: ["morgan"], summary: "Access log in morgan's formats.",
        checkSettings: SettingsProblem.check(Options.init))

    struct Options {
        var format: AccessLogFormat
        var immediate = false
        var file: String?

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let arguments = MiddlewareArguments(params)
            var text = "combined"
            var options = MiddlewareOptions([:])
            switch arguments[0] {
            case nil, .null?: break
            case .string(let name)?:
                text = name
                options = try arguments.options(at: 1)
            case .object?:
                options = try arguments.options(at: 0)
                text = try options.string("format") ?? text
            case let other?: throw SettingsProblem("the format must be a name such as \"combined\" or a format string, not \(other.jsonText)")
            }
            do {
                format = try AccessLogFormat(text)
            } catch {
                throw SettingsProblem("unknown token ':\(error.name)' in the format", hint: "tokens: \(AccessLogFormat.tokens.sorted().map { ":" + $0 }.joined(separator: " "))")
            }
            immediate = try options.bool("immediate", default: false)
            file = try options.string("file")
        }
    }

    let options: Options
    let output: Int32

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
        if let file = options.file.map(context.filePath) {
            let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw BootError("access log '\(file)' cannot be opened: \(String(cString: strerror(errno)))", at: plan.origin)
            }
            output = descriptor
        } else {
            output = STDOUT_FILENO
        }
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        let started = Date()
        let client = ClientAddress.current
        if options.immediate {
            write(options.format.line(request: request, response: nil, client: client, started: started, elapsed: 0))
            return try await next(request)
        }
        let clock = ContinuousClock.now
        let response = try await next(request)
        let elapsed = ContinuousClock.now - clock
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        write(options.format.line(request: request, response: response, client: client, started: started, elapsed: seconds))
        return response
    }

    /// Writes one line with a single `write` (appends of one line do not interleave).
    func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBufferPointer { Foundation.write(output, $0.baseAddress, $0.count) }
    }
}
