public import LBCore
import OrderedCollections

/// Collects validation failures and renders LoopBack's `ValidationError` (rest-api.md §6.4):
/// status 422, a message listing every failure with the offending value, and
/// `details.{context, codes, messages}`.
public struct ValidationFailures: Sendable {
    struct Failure {
        var codes: [String] = []
        var messages: [String] = []
        var value: JSONValue?
        /// How the value appears in the message when `inspect` would not show it as LoopBack does.
        var shownAs: String?
    }

    let model: String
    private var failures = OrderedDictionary<String, Failure>()

    public init(model: String) {
        self.model = model
    }

    public var isEmpty: Bool { failures.isEmpty }

    /// Records that `property` (whose value is `value`, `nil` when absent) failed rule `code`.
    public mutating func add(_ property: String, code: String, message: String, value: JSONValue?, shownAs: String? = nil) {
        failures[property, default: Failure(value: value, shownAs: shownAs)].codes.append(code)
        failures[property]!.messages.append(message)
    }

    /// Each failure as "`property` message", without the values (how an embedded item's failures
    /// appear inside its parent's).
    public var summaries: [String] {
        failures.flatMap { property, failure in failure.messages.map { "`\(property)` \($0)" } }
    }

    /// The 422 error, or `nil` when nothing failed.
    public var error: LoopBackError? {
        guard !failures.isEmpty else { return nil }
        var parts: [String] = []
        var codes = OrderedDictionary<String, JSONValue>()
        var messages = OrderedDictionary<String, JSONValue>()
        for (property, failure) in failures {
            for message in failure.messages {
                parts.append("`\(property)` \(message) (value: \(failure.shownAs ?? Self.inspect(failure.value)))")
            }
            codes[property] = .array(failure.codes.map(JSONValue.string))
            messages[property] = .array(failure.messages.map(JSONValue.string))
        }
        return LoopBackError(
            statusCode: 422, name: "ValidationError",
            message: "The `\(model)` instance is not valid. Details: \(parts.joined(separator: "; ")).",
            details: ["context": .string(model), "codes": .object(codes), "messages": .object(messages)])
    }

    /// A value as Node's `util.inspect` shows it in LoopBack's message, shortened past 32
    /// characters (a string is shortened before it is quoted, as LoopBack does).
    static func inspect(_ value: JSONValue?) -> String {
        let text: String
        switch value {
        case nil: text = "undefined"
        case .string(let s)?: return JSONValue.string(shorten(s)).jsonText
        case .number(let n)? where n.isNaN: text = "NaN"
        case .array(let items)?: text = "[ " + items.map { inspect($0) }.joined(separator: ", ") + " ]"
        case .object(let members)?:
            text = members.isEmpty ? "{}" : "{ " + members.map { "\($0.key): \(inspect($0.value))" }.joined(separator: ", ") + " }"
        case let other?: text = other.jsonText
        }
        return shorten(text)
    }

    /// LoopBack's truncation: head + "..." + tail for texts over 32 characters.
    static func shorten(_ text: String) -> String {
        guard text.count > 32 else { return text }
        let closing = text.reversed().prefix { ")]} \t".contains($0) }
        let tailLength = closing.isEmpty ? 3 : min(closing.count, 3)
        let tail = String(text.suffix(tailLength))
        let head = String(text.prefix(32 - tail.count - 4))
        return head + "..." + tail
    }
}
