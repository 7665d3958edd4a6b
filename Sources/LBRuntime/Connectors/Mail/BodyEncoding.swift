import Foundation

/// A body part's text in a 7-bit form: unchanged when it is short-lined ASCII, else UTF-8 as
/// quoted-printable (mostly ASCII) or base64 (mostly not). Line breaks become CRLF.
struct BodyEncoding {
    /// The `Content-Transfer-Encoding` value.
    let name: String
    /// The encoded lines, without line breaks.
    let lines: [String]

    init(_ text: String) {
        let lines = Self.lines(of: text)
        let bytes = lines.joined()
        if lines.allSatisfy({ $0.count <= 998 }) && bytes.allSatisfy({ ($0 >= 32 && $0 < 127) || $0 == 9 }) {
            name = "7bit"
            self.lines = lines.map { String(decoding: $0, as: UTF8.self) }
        } else if bytes.filter({ $0 >= 128 }).count * 2 < bytes.count {
            name = "quoted-printable"
            self.lines = lines.flatMap(Self.quotedPrintable)
        } else {
            name = "base64"
            let encoded = Data(Array(lines.joined(separator: [13, 10]))).base64EncodedString()
            self.lines = stride(from: 0, to: encoded.count, by: 76).map { start in
                let from = encoded.index(encoded.startIndex, offsetBy: start)
                return String(encoded[from..<(encoded.index(from, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
            }
        }
    }

    /// The UTF-8 lines of `text`, split at CRLF, CR or LF.
    static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var afterCR = false
        for byte in text.utf8 {
            if byte == 10 && afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == 13
            if byte == 10 || byte == 13 {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        lines.append(current)
        return lines
    }

    /// One line as quoted-printable (RFC 2045 §6.7): physical lines of at most 76 characters,
    /// each but the last ending in a soft break `=`.
    static func quotedPrintable(_ line: [UInt8]) -> [String] {
        var physical: [String] = []
        var current = ""
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            let token: String
            if (byte == 32 || byte == 9) && !isLast {
                token = String(UnicodeScalar(byte))
            } else if byte > 32 && byte < 127 && byte != UInt8(ascii: "=") {
                token = String(UnicodeScalar(byte))
            } else {
                token = "=" + hex(byte)
            }
            if current.count + token.count > 75 {
                physical.append(current + "=")
                current = ""
            }
            current += token
        }
        physical.append(current)
        return physical
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
