public import HTTPTypes
public import LBCore
public import LBPlan

/// `helmet#frameguard`: `X-Frame-Options` from `action` (`sameorigin` by default, `deny`, or
/// `allow-from` with `domain`).
public struct FrameguardMiddleware: HeaderSettingMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "helmet.frameguard"), aliases: ["helmet#frameguard"], summary: "X-Frame-Options header.",
        checkSettings: SettingsProblem.check(value))

    public let headers: [HeaderChange]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        headers = [.set("X-Frame-Options", try Self.value(plan.params))]
    }

    static func value(_ params: JSONValue?) throws(SettingsProblem) -> String {
        let arguments = MiddlewareArguments(params)
        // helmet 2 took the action as a string argument; helmet 3 takes {action, domain}.
        let options = arguments[0]?.stringValue != nil ? MiddlewareOptions(["action": arguments[0]!, "domain": arguments[1] ?? .null])
            : try arguments.options(at: 0)
        let action = try options.string("action")?.lowercased() ?? "sameorigin"
        switch action {
        case "deny": return "DENY"
        case "sameorigin", "same-origin": return "SAMEORIGIN"
        case "allow-from", "allowfrom":
            guard let domain = try options.string("domain"), !domain.isEmpty else {
                throw SettingsProblem("action 'allow-from' needs a 'domain'", hint: "add \"domain\": \"https://example.com\"")
            }
            return "ALLOW-FROM \(domain)"
        default:
            throw SettingsProblem("'action' must be deny, sameorigin or allow-from, not '\(action)'")
        }
    }
}
