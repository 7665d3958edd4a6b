/// An ordered collection of diagnostics that compiler passes append to instead of throwing.
///
/// Passes record a problem, mark the broken entity, and carry on, so that one mistake does not
/// hide the next one and does not produce a cascade of follow-on errors.
public struct Diagnostics: Sendable, Codable, Hashable {
    public private(set) var all: [Diagnostic] = []

    public init(_ diagnostics: [Diagnostic] = []) {
        self.all = diagnostics
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var isEmpty: Bool { all.isEmpty }

    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        all.append(contentsOf: other.all)
    }

    /// Records an error.
    public mutating func error(
        _ code: String, _ message: String, at location: SourceLocation?, hint: String? = nil,
        notes: [Diagnostic.Note] = []
    ) {
        all.append(Diagnostic(.error, code: code, message, at: location, hint: hint, notes: notes))
    }

    /// Records a warning.
    public mutating func warning(
        _ code: String, _ message: String, at location: SourceLocation?, hint: String? = nil,
        notes: [Diagnostic.Note] = []
    ) {
        all.append(Diagnostic(.warning, code: code, message, at: location, hint: hint, notes: notes))
    }

    /// The diagnostics in reading order: by file, then line and column; unlocated ones first.
    /// The sort is stable, so problems at one place keep the order they were found in.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { lhs, rhs in
            switch (lhs.element.location, rhs.element.location) {
            case (nil, nil): return lhs.offset < rhs.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (l?, r?): return l == r ? lhs.offset < rhs.offset : l < r
            }
        }.map(\.element)
    }
}
