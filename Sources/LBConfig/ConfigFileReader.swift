public import LBCore
import Foundation

/// Reads one config file from disk into a `ConfigNode`, choosing the parser by extension.
///
/// Guards come first: files over `ConfigLimits.maxFileBytes`, binary files (NUL bytes) and
/// invalid UTF-8 get a diagnostic at the offending byte instead of reaching a parser.
public enum ConfigFileReader {
    /// The config formats lbrun reads, by file extension.
    public enum Format: String, Sendable, CaseIterable {
        case json
        case yaml
        case yml

        public init?(path: String) {
            guard let dot = path.lastIndex(of: ".") else { return nil }
            self.init(rawValue: String(path[path.index(after: dot)...]).lowercased())
        }
    }

    /// Reads `absolutePath`, reporting problems against `displayPath` (the app-relative name).
    public static func read(absolutePath: String, displayPath: String, diagnostics: inout Diagnostics) -> ConfigNode? {
        guard let format = Format(path: absolutePath) else {
            diagnostics.error("file.unknown-format", "'\(displayPath)' is not a .json, .yaml or .yml file", at: .start(of: displayPath))
            return nil
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: absolutePath)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > ConfigLimits.maxFileBytes {
            diagnostics.error(
                "file.too-large", "file is \(size) bytes; config files over \(ConfigLimits.maxFileBytes / 1024 / 1024) MiB are refused",
                at: .start(of: displayPath), hint: "is this really a config file?")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: absolutePath) else {
            diagnostics.error("file.unreadable", "cannot read '\(displayPath)'", at: .start(of: displayPath), hint: "check that the file exists and is readable")
            return nil
        }
        return parse([UInt8](data), format: format, displayPath: displayPath, diagnostics: &diagnostics)
    }

    /// Parses bytes already in memory (used for built-in definitions and tests).
    public static func parse(_ raw: [UInt8], format: Format, displayPath: String, diagnostics: inout Diagnostics) -> ConfigNode? {
        var bytes = raw
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let problem = textProblem(in: bytes, file: displayPath) {
            diagnostics.append(problem)
            return nil
        }
        switch format {
        case .json:
            return JSONConfigReader.read(bytes, file: displayPath, diagnostics: &diagnostics)
        case .yaml, .yml:
            return YAMLConfigReader.read(String(decoding: bytes, as: UTF8.self), file: displayPath, diagnostics: &diagnostics)
        }
    }

    /// A diagnostic for the first NUL byte or invalid UTF-8 sequence, if any.
    static func textProblem(in bytes: [UInt8], file: String) -> Diagnostic? {
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let here = SourceLocation(file: file, line: line, column: column)
            if byte == 0 {
                return Diagnostic(
                    .error, code: "file.binary", "file contains a NUL byte; it looks like a binary file, not config text",
                    at: here, hint: "check that the right file is in the config folder")
            }
            let length = utf8SequenceLength(bytes, at: index)
            guard length > 0 else {
                return Diagnostic(
                    .error, code: "file.encoding", "file is not valid UTF-8 text", at: here,
                    hint: "save the file as UTF-8")
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return nil
    }

    /// Length of the well-formed UTF-8 sequence starting at `index`, or 0 if it is malformed.
    static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        let minimum: UInt32
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2; minimum = 0x80
        case 0xE0...0xEF: length = 3; minimum = 0x800
        case 0xF0...0xF4: length = 4; minimum = 0x10000
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        var scalar = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return 0 }
        return length
    }
}
