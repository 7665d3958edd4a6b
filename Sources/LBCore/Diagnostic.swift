/// How serious a diagnostic is. Errors make `validate` exit 1 and stop `serve`.
public enum Severity: String, Sendable, Codable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// One problem found in an app's configuration, tied to the place in a file that caused it.
///
/// Codes are stable dotted strings (`model.unknown-base`) that tests and tools match on;
/// messages are single English sentences that name user artefacts in single quotes.
public struct Diagnostic: Sendable, Codable, Hashable {
    /// A secondary remark attached to a diagnostic, optionally pointing at another place.
    public struct Note: Sendable, Codable, Hashable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    /// Stable identifier of the kind of problem, e.g. `model.inheritance-cycle`.
    public var code: String
    public var message: String
    /// Where the problem is; `nil` only for problems with no file (e.g. a missing app directory).
    public var location: SourceLocation?
    /// What the user can do about it ("did you mean 'PersistedModel'?").
    public var hint: String?
    /// Related places, such as the other file of a duplicate definition.
    public var notes: [Note]

    public init(
        _ severity: Severity, code: String, _ message: String, at location: SourceLocation?,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
    }
}
