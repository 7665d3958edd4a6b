/// A position in a config file: the file's path relative to the app directory, and a 1-based
/// line and column (columns count Unicode scalars, as libyaml does).
///
/// Built-in definitions that ship inside lbrun use a file name starting with `<builtin>/`.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Path relative to the app directory (`server/model-config.json`, `common/models/note.yaml`).
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column number.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The start of a file, for problems that concern the file as a whole.
    public static func start(of file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    /// True for locations inside definitions that ship with lbrun rather than the user's app.
    public var isBuiltin: Bool { file.hasPrefix("<builtin>") }

    /// `file:line:col`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
