public import HTTPTypes
public import LBCore
public import LBPlan

/// `helmet#contentSecurityPolicy` (also `helmet#csp`): `Content-Security-Policy` from `directives`
/// (camelCase or kebab-case names; lists joined by spaces; `true` for value-less directives), or
/// `Content-Security-Policy-Report-Only` with `reportOnly`. Without directives, helmet's default policy.
public struct ContentSecurityPolicyMiddleware: HeaderSettingMiddleware {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "helmet.content-security-policy"), aliases: ["helmet#contentSecurityPolicy", "helmet#csp"],
        summary: "Content-Security-Policy header.", checkSettings: SettingsProblem.check(header))

    static let defaultPolicy = [
        "default-src 'self'", "base-uri 'self'", "block-all-mixed-content", "font-src 'self' https: data:", "frame-ancestors 'self'",
        "img-src 'self' data:", "object-src 'none'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self' https: 'unsafe-inline'",
        "upgrade-insecure-requests",
    ].joined(separator: "; ")

    public let headers: [HeaderChange]

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        let (name, value) = try Self.header(plan.params)
        headers = [.set(name, value)]
    }

    static func header(_ params: JSONValue?) throws(SettingsProblem) -> (String, String) {
        let options = try MiddlewareArguments(params).options(at: 0)
        let name = try options.bool("reportOnly", default: false) ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy"
        guard let directives = options["directives"] else { return (name, defaultPolicy) }
        guard let members = directives.objectValue else { throw SettingsProblem("'directives' must be an object of directive lists") }
        var parts: [String] = []
        for (key, value) in members {
            let directive = kebabCase(key)
            switch value {
            case .bool(true): parts.append(directive)
            case .bool(false), .null: continue
            case .string(let text): parts.append("\(directive) \(text)")
            case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
                parts.append(([directive] + items.compactMap(\.stringValue)).joined(separator: " "))
            default: throw SettingsProblem("directive '\(key)' must be a list of sources, a string or true")
            }
        }
        return (name, parts.joined(separator: "; "))
    }

    /// `defaultSrc` → `default-src`.
    static func kebabCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "-" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
