import LBConfig
public import LBCore
public import LBRuntime

/// strong-remoting's "sloppy" coercion of path arguments (rest-api.md §1.4); object arguments
/// (`filter`, `where`) are decoded by `QueryString.decodeObjectArgument`.
public enum ArgumentCoercion {
    /// An `any`-typed argument (every `id` and `fk` path value): `"true"`/`"false"` → booleans,
    /// safe integers and simple decimals → numbers, `{…}`/`[…]` → JSON when valid, `"null"` →
    /// null, `""` → absent, anything else stays a string (`"0668"`, `"1e3"` included).
    public static func any(_ text: String) -> JSONValue? {
        if text.isEmpty { return nil }
        if text == "null" { return .null }
        switch text.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if isInteger(text) || isDecimal(text), let n = Double(text), abs(n) <= 9_007_199_254_740_991 { return .number(n) }
        if (text.hasPrefix("{") && text.hasSuffix("}")) || (text.hasPrefix("[") && text.hasSuffix("]")), let parsed = json(text) {
            return parsed
        }
        return .string(text)
    }

    /// `-?(0|[1-9][0-9]*)`
    static func isInteger(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard let first = digits.first, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return first != "0" || digits.count == 1
    }

    /// `-?[0-9]*\.[0-9]+`
    static func isDecimal(_ text: String) -> Bool {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].allSatisfy { $0.isASCII && $0.isNumber } && !parts[1].isEmpty
            && parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func json(_ text: String) -> JSONValue? {
        var diagnostics = Diagnostics()
        let node = JSONConfigReader.read(Array(text.utf8), file: "query", diagnostics: &diagnostics)
        return diagnostics.hasErrors && node == nil ? nil : node?.json
    }
}
