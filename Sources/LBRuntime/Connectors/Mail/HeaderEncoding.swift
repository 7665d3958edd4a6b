import Foundation

/// Header values as RFC 5322 and RFC 2047 write them: plain when they are short ASCII, otherwise
/// UTF-8 encoded words (`=?UTF-8?B?…?=`) folded onto continuation lines.
enum HeaderEncoding {
    /// An unstructured value (`Subject`, custom headers). Line breaks become spaces.
    static func unstructured(_ value: String) -> String {
        let flat = singleLine(value)
        if isPlain(flat) && flat.utf8.count <= 900 { return flat }
        return encodedWords(flat).joined(separator: "\r\n ")
    }

    /// A display name: as it is when it is made of atoms, quoted when it holds specials, encoded
    /// words when it is not ASCII.
    static func phrase(_ name: String) -> String {
        let flat = singleLine(name)
        guard isPlain(flat) else { return encodedWords(flat).joined(separator: " ") }
        if flat.utf8.allSatisfy(isAtomOrSpace) { return flat }
        return "\"" + flat.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `text` as base64 encoded words of 60 characters at most (a line with `Subject: ` before one
    /// stays under 78), never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            if chunk.isEmpty { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
        }
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            // 36 bytes encode to 48 base64 characters: 60 with the `=?UTF-8?B?` and `?=` around them.
            if chunk.count + bytes.count > 36 { flush() }
            chunk += bytes
        }
        flush()
        return words.isEmpty ? ["=?UTF-8?B??="] : words
    }

    /// `value` with every line break (CRLF, CR or LF) replaced by a space.
    static func singleLine(_ value: String) -> String {
        String(value.map { $0 == "\r\n" || $0 == "\r" || $0 == "\n" ? " " : $0 })
    }

    /// Printable ASCII, spaces and tabs only.
    static func isPlain(_ value: String) -> Bool {
        value.utf8.allSatisfy { ($0 >= 32 && $0 < 127) || $0 == 9 }
    }

    /// RFC 5322 `atext`, plus the space between atoms.
    private static func isAtomOrSpace(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-/=?^_`{|}~ ".utf8.contains(byte)
        }
    }
}
