import Foundation
import LBCore

/// Regular expressions for `like`-family patterns and `regexp` values.
enum QueryRegex {
    /// A `regexp` value split into its parts.
    struct Literal: Equatable {
        var pattern: String
        var flags: String

        /// The normalised `/pattern/flags` form stored in a `Where`.
        var text: String { "/\(pattern)/\(flags)" }
    }

    /// Reads a `regexp` operand: `"/pattern/flags"` (flags only `i`, `g`, `m`) or a bare pattern.
    ///
    /// A pattern that is not a valid regular expression is escaped and matched literally, as
    /// LoopBack's query sanitiser does.
    static func literal(from value: JSONValue) throws(LoopBackError) -> Literal {
        guard case .string(let text) = value else {
            throw .badRequest("Invalid argument, must be a string, regex literal, or RegExp object")
        }
        var pattern = text
        var flags = ""
        if text.hasPrefix("/"), let close = text.lastIndex(of: "/"), close != text.startIndex {
            pattern = String(text[text.index(after: text.startIndex)..<close])
            flags = String(text[text.index(after: close)...])
            let invalid = flags.filter { !"igm".contains($0) }
            if !invalid.isEmpty {
                throw .badRequest("Invalid regex flags: " + invalid.map(String.init).joined(separator: ","))
            }
        }
        if (try? NSRegularExpression(pattern: pattern)) == nil {
            pattern = NSRegularExpression.escapedPattern(for: pattern)
        }
        return Literal(pattern: pattern, flags: flags)
    }

    /// Compiles a normalised `/pattern/flags` string (or a bare pattern).
    static func compile(regexpText text: String) -> NSRegularExpression {
        let literal = (try? literal(from: .string(text))) ?? Literal(pattern: text, flags: "")
        var options: NSRegularExpression.Options = []
        if literal.flags.contains("i") { options.insert(.caseInsensitive) }
        if literal.flags.contains("m") { options.insert(.anchorsMatchLines) }
        if let regex = try? NSRegularExpression(pattern: literal.pattern, options: options) { return regex }
        return try! NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: literal.pattern), options: options)
    }

    /// The regular expression for a `like` pattern: `%` → `.*`, `_` → `.`, `\x` → literal `x`,
    /// everything else literal. Not anchored.
    static func likePattern(_ like: String) -> String {
        var regex = ""
        var escaping = false
        for character in like {
            if escaping {
                regex += NSRegularExpression.escapedPattern(for: String(character))
                escaping = false
                continue
            }
            switch character {
            case "\\": escaping = true
            case "%": regex += ".*"
            case "_": regex += "."
            default: regex += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        return regex
    }

    /// Compiles a `like` pattern; `caseInsensitive` for `ilike`/`nilike`.
    static func compile(like: String, caseInsensitive: Bool) -> NSRegularExpression {
        let pattern = likePattern(like)
        let options: NSRegularExpression.Options = caseInsensitive ? [.caseInsensitive] : []
        return (try? NSRegularExpression(pattern: pattern, options: options))
            ?? (try! NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: like), options: options))
    }

    /// True when `regex` matches anywhere in `text`.
    static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }
}
