import Foundation
public import LBCore

/// Prints diagnostics as compilers do, so editors and terminals turn locations into links:
///
///     server/models/note.yaml:4:9: error: model 'Note' extends unknown model 'PersitedModel' [model.unknown-base]
///         base: PersitedModel
///               ^
///       hint: did you mean 'PersistedModel'?
///
/// Paths are printed relative to the current directory by prefixing the app directory as typed.
public struct DiagnosticRenderer {
    /// The app directory as the user typed it, prefixed to app-relative paths.
    public let appDirectory: String
    /// Returns a file's text for showing the offending line; `nil` when unavailable.
    public let readFile: (String) -> String?

    public init(appDirectory: String, readFile: @escaping (String) -> String?) {
        self.appDirectory = appDirectory
        self.readFile = readFile
    }

    /// A renderer that reads source lines from disk.
    public init(appDirectory: String) {
        self.init(appDirectory: appDirectory) { try? String(contentsOfFile: $0, encoding: .utf8) }
    }

    /// The text rendering of `diagnostics` followed by a one-line summary.
    public func text(_ diagnostics: Diagnostics) -> String {
        var out = ""
        var cache: [String: [Substring]] = [:]
        for diagnostic in diagnostics.sorted {
            out += header(diagnostic) + "\n"
            if let location = diagnostic.location, let line = sourceLine(location, cache: &cache) {
                out += "    " + line + "\n"
                out += "    " + caretPadding(line, column: location.column) + "^\n"
            }
            if let hint = diagnostic.hint { out += "  hint: \(hint)\n" }
            for note in diagnostic.notes {
                if let location = note.location {
                    out += "  note: \(display(location)): \(note.message)\n"
                } else {
                    out += "  note: \(note.message)\n"
                }
            }
        }
        out += summary(diagnostics) + "\n"
        return out
    }

    /// `N errors, M warnings` (or `no problems`).
    public func summary(_ diagnostics: Diagnostics) -> String {
        let errors = diagnostics.errors.count
        let warnings = diagnostics.warnings.count
        if errors == 0 && warnings == 0 { return "no problems found" }
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// The diagnostics as a JSON array, one object each with `file`, `line`, `column`,
    /// `severity`, `code`, `message`, `hint` and `notes`.
    public func json(_ diagnostics: Diagnostics) -> String {
        let items = diagnostics.sorted.map { diagnostic -> JSONValue in
            var object: JSONValue = [
                "severity": .string(diagnostic.severity.rawValue), "code": .string(diagnostic.code),
                "message": .string(diagnostic.message),
            ]
            if case .object(var members) = object {
                if let location = diagnostic.location {
                    members["file"] = .string(displayPath(location.file))
                    members["line"] = .number(Double(location.line))
                    members["column"] = .number(Double(location.column))
                }
                if let hint = diagnostic.hint { members["hint"] = .string(hint) }
                members["notes"] = .array(diagnostic.notes.map { note in
                    var noteObject: [(String, JSONValue)] = [("message", .string(note.message))]
                    if let location = note.location {
                        noteObject += [
                            ("file", .string(displayPath(location.file))), ("line", .number(Double(location.line))),
                            ("column", .number(Double(location.column))),
                        ]
                    }
                    return .object(.init(uniqueKeysWithValues: noteObject))
                })
                object = .object(members)
            }
            return object
        }
        return JSONValue.array(items).jsonText + "\n"
    }

    func header(_ diagnostic: Diagnostic) -> String {
        let place = diagnostic.location.map { display($0) + ": " } ?? ""
        return "\(place)\(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.code)]"
    }

    func display(_ location: SourceLocation) -> String {
        "\(displayPath(location.file)):\(location.line):\(location.column)"
    }

    /// An app-relative path as the user can open it from the current directory.
    public func displayPath(_ file: String) -> String {
        if file.hasPrefix("<builtin>") || file.hasPrefix("/") { return file }
        let base = appDirectory.hasSuffix("/") ? String(appDirectory.dropLast()) : appDirectory
        return base.isEmpty || base == "." ? file : "\(base)/\(file)"
    }

    func sourceLine(_ location: SourceLocation, cache: inout [String: [Substring]]) -> String? {
        guard !location.isBuiltin else { return nil }
        if cache[location.file] == nil {
            guard let text = readFile(displayPath(location.file)) else { return nil }
            cache[location.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = cache[location.file], location.line - 1 < lines.count else { return nil }
        let line = lines[location.line - 1]
        guard line.count <= 240 else { return nil }  // minified or binary-looking lines are not worth echoing
        return String(line).replacingOccurrences(of: "\r", with: "")
    }

    /// Spaces (keeping tabs) up to `column`, so the caret lines up under the reported character.
    func caretPadding(_ line: String, column: Int) -> String {
        String(line.unicodeScalars.prefix(max(column - 1, 0)).map { $0 == "\t" ? "\t" : " " })
    }
}
