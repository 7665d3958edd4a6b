public import LBCore
import OrderedCollections

/// A strict JSON parser that records the line and column of every key and value.
///
/// Written for config files: it reports the first syntax error with its position and a hint,
/// flags duplicate keys (JSON.parse would silently keep the last), limits nesting depth, and
/// rejects what JSON does not allow (comments, trailing commas, single quotes).
public struct JSONConfigReader {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0
    private let maxDepth: Int
    private var diagnostics = Diagnostics()

    /// A syntax error that stops parsing.
    struct SyntaxError: Error {
        let message: String
        let location: SourceLocation
        let hint: String?
        var code = "syntax.json"
    }

    /// Parses `bytes` (valid UTF-8) from `file`. Returns `nil` after a syntax error, which is
    /// recorded in `diagnostics` with any non-fatal problems (duplicate keys) found before it.
    /// Containers nested deeper than `maxDepth` (the outermost is depth 1) stop the parse with
    /// code `syntax.too-deep`, so hostile input cannot exhaust the stack.
    public static func read(
        _ bytes: [UInt8], file: String, maxDepth: Int = ConfigLimits.maxDepth, diagnostics: inout Diagnostics
    ) -> ConfigNode? {
        var reader = JSONConfigReader(bytes: bytes, file: file, maxDepth: maxDepth)
        do {
            reader.skipWhitespace()
            guard reader.index < bytes.count else {
                throw SyntaxError(
                    message: "file is empty; expected a JSON value", location: reader.here,
                    hint: "write {} for an empty object")
            }
            let node = try reader.parseValue()
            reader.skipWhitespace()
            if reader.index < bytes.count {
                throw SyntaxError(
                    message: "unexpected \(reader.describeCurrent()) after the end of the JSON value",
                    location: reader.here, hint: "a JSON file holds exactly one value")
            }
            diagnostics.append(contentsOf: reader.diagnostics)
            return node
        } catch let error as SyntaxError {
            diagnostics.append(contentsOf: reader.diagnostics)
            diagnostics.error(error.code, error.message, at: error.location, hint: error.hint)
            return nil
        } catch {
            diagnostics.error("syntax.json", "\(error)", at: reader.here)
            return nil
        }
    }

    private init(bytes: [UInt8], file: String, maxDepth: Int) {
        self.bytes = bytes
        self.file = file
        self.maxDepth = maxDepth
    }

    private var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1  // count scalars: continuation bytes do not start a new column
        }
    }

    private mutating func skipWhitespace() {
        while let byte = current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): advance()
            default: return
            }
        }
    }

    private func describeCurrent() -> String {
        guard let byte = current else { return "end of file" }
        if byte < 0x80, byte >= 0x20 { return "'\(Character(UnicodeScalar(byte)))'" }
        if byte == UInt8(ascii: "\n") { return "line break" }
        return "character"
    }

    private func unexpected(expecting: String) -> SyntaxError {
        guard let byte = current else {
            return SyntaxError(
                message: "unexpected end of file; expected \(expecting)", location: here,
                hint: "the file may be truncated or a bracket left unclosed")
        }
        if byte == UInt8(ascii: "/") {
            return SyntaxError(
                message: "comments are not allowed in JSON", location: here,
                hint: "remove the comment, or write the file as YAML (.yaml), which allows # comments")
        }
        if byte == UInt8(ascii: "'") {
            return SyntaxError(
                message: "single-quoted strings are not allowed in JSON; expected \(expecting)", location: here,
                hint: "use double quotes")
        }
        return SyntaxError(message: "unexpected \(describeCurrent()); expected \(expecting)", location: here, hint: nil)
    }

    private mutating func parseValue() throws -> ConfigNode {
        skipWhitespace()
        let start = here
        guard let byte = current else { throw unexpected(expecting: "a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return ConfigNode(.string(try parseString()), at: start)
        case UInt8(ascii: "t"): try expectWord("true"); return ConfigNode(.bool(true), at: start)
        case UInt8(ascii: "f"): try expectWord("false"); return ConfigNode(.bool(false), at: start)
        case UInt8(ascii: "n"): try expectWord("null"); return ConfigNode(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return ConfigNode(.number(try parseNumber()), at: start)
        default: throw unexpected(expecting: "a value")
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > maxDepth {
            throw SyntaxError(
                message: "values are nested more than \(maxDepth) levels deep", location: here,
                hint: "config files never need this depth; the file is probably generated or corrupt", code: "syntax.too-deep")
        }
    }

    private mutating func parseObject() throws -> ConfigNode {
        let start = here
        try enter()
        advance()  // {
        var members = OrderedDictionary<String, ConfigNode>()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            advance()
            depth -= 1
            return ConfigNode(.object(members), at: start)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                if current == UInt8(ascii: "}") {
                    throw SyntaxError(message: "trailing comma before '}'", location: here, hint: "remove the last comma")
                }
                throw unexpected(expecting: "a property name in double quotes")
            }
            let keyLocation = here
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw unexpected(expecting: "':' after the property name") }
            advance()
            var value = try parseValue()
            value.keyLocation = keyLocation
            if let first = members[key] {
                diagnostics.error(
                    "syntax.duplicate-key", "key '\(key)' appears more than once in this object", at: keyLocation,
                    hint: "JSON parsers keep only the last one; remove or rename one of them",
                    notes: [.init("first defined here", at: first.nameLocation)])
            }
            members[key] = value
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                advance()
                continue
            }
            if current == UInt8(ascii: "}") {
                advance()
                depth -= 1
                return ConfigNode(.object(members), at: start)
            }
            if current == UInt8(ascii: "\"") {
                throw SyntaxError(message: "missing ',' between object members", location: here, hint: "add a comma")
            }
            throw unexpected(expecting: "',' or '}'")
        }
    }

    private mutating func parseArray() throws -> ConfigNode {
        let start = here
        try enter()
        advance()  // [
        var items: [ConfigNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            advance()
            depth -= 1
            return ConfigNode(.array(items), at: start)
        }
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                throw SyntaxError(message: "trailing comma before ']'", location: here, hint: "remove the last comma")
            }
            items.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                advance()
                continue
            }
            if current == UInt8(ascii: "]") {
                advance()
                depth -= 1
                return ConfigNode(.array(items), at: start)
            }
            throw unexpected(expecting: "',' or ']'")
        }
    }

    private mutating func expectWord(_ word: String) throws {
        let start = here
        for expected in word.utf8 {
            guard current == expected else {
                throw SyntaxError(
                    message: "invalid literal; expected '\(word)'", location: start,
                    hint: "strings must be in double quotes")
            }
            advance()
        }
        if let next = current, isIdentifierByte(next) {
            throw SyntaxError(message: "invalid literal; expected '\(word)'", location: start, hint: "strings must be in double quotes")
        }
    }

    private func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    private mutating func parseNumber() throws -> Double {
        let start = here
        let startIndex = index
        func digits() -> Int {
            var count = 0
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                advance()
                count += 1
            }
            return count
        }
        if current == UInt8(ascii: "-") { advance() }
        let intStart = index
        let intDigits = digits()
        guard intDigits > 0 else { throw SyntaxError(message: "invalid number", location: start, hint: nil) }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") {
            throw SyntaxError(message: "numbers may not have leading zeros in JSON", location: start, hint: "write it as a string if the zeros matter")
        }
        if current == UInt8(ascii: ".") {
            advance()
            guard digits() > 0 else { throw SyntaxError(message: "invalid number: expected digits after '.'", location: start, hint: nil) }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            guard digits() > 0 else { throw SyntaxError(message: "invalid number: expected digits in the exponent", location: start, hint: nil) }
        }
        let text = String(decoding: bytes[startIndex..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw SyntaxError(message: "number '\(text)' is out of range", location: start, hint: nil)
        }
        return value
    }

    private mutating func parseString() throws -> String {
        let start = here
        advance()  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun() {
            if runStart < index {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<index], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard let byte = current else {
                throw SyntaxError(message: "unterminated string", location: start, hint: "add the closing double quote")
            }
            if byte == UInt8(ascii: "\"") {
                flushRun()
                advance()
                return String(scalars)
            }
            if byte < 0x20 {
                let message = byte == UInt8(ascii: "\n") ? "line break inside a string" : "control character inside a string"
                throw SyntaxError(message: message, location: here, hint: "escape it (\\n, \\t, \\u00XX) or close the string")
            }
            if byte == UInt8(ascii: "\\") {
                flushRun()
                scalars.append(try parseEscape())
                runStart = index
                continue
            }
            advance()
        }
    }

    private mutating func parseEscape() throws -> Unicode.Scalar {
        let start = here
        advance()  // backslash
        guard let byte = current else { throw SyntaxError(message: "unterminated string", location: start, hint: nil) }
        advance()
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4(start)
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw SyntaxError(message: "unpaired surrogate in \\u escape", location: start, hint: nil)
                }
                advance()
                advance()
                let low = try parseHex4(start)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw SyntaxError(message: "unpaired surrogate in \\u escape", location: start, hint: nil)
                }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else {
                throw SyntaxError(message: "unpaired surrogate in \\u escape", location: start, hint: nil)
            }
            return scalar
        default:
            throw SyntaxError(message: "invalid escape sequence in string", location: start, hint: "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
    }

    private mutating func parseHex4(_ start: SourceLocation) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = hexValue(byte) else {
                throw SyntaxError(message: "invalid \\u escape: expected four hex digits", location: start, hint: nil)
            }
            value = value * 16 + digit
            advance()
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
