import LBCore
import OrderedCollections

/// A small `JSON.parse` for JSON-form query values: keeps object key order (a repeated key keeps
/// its first position and its last value, as in JavaScript) and refuses nesting beyond a limit
/// instead of recursing without bound.
enum JSONText {
    enum Failure: Error {
        case malformed
        /// A container opened deeper than `maxNesting` (the outermost container is nesting 1).
        case tooDeep
    }

    static func parse(_ text: String, maxNesting: Int) -> Result<JSONValue, Failure> {
        var parser = Parser(bytes: Array(text.utf8), maxNesting: maxNesting)
        do {
            parser.skipWhitespace()
            let value = try parser.value(nesting: 0)
            parser.skipWhitespace()
            guard parser.index == parser.bytes.count else { return .failure(.malformed) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        let maxNesting: Int
        var index = 0

        init(bytes: [UInt8], maxNesting: Int) {
            self.bytes = bytes
            self.maxNesting = maxNesting
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { index += 1 }
        }

        mutating func expect(_ literal: String) throws(Failure) {
            for byte in literal.utf8 {
                guard current == byte else { throw .malformed }
                index += 1
            }
        }

        mutating func value(nesting: Int) throws(Failure) -> JSONValue {
            switch current {
            case UInt8(ascii: "{"):
                guard nesting < maxNesting else { throw .tooDeep }
                index += 1
                var members = OrderedDictionary<String, JSONValue>()
                skipWhitespace()
                if current == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                while true {
                    skipWhitespace()
                    guard current == UInt8(ascii: "\"") else { throw .malformed }
                    let key = try string()
                    skipWhitespace()
                    try expect(":")
                    skipWhitespace()
                    members[key] = try value(nesting: nesting + 1)
                    skipWhitespace()
                    if current == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    try expect("}")
                    return .object(members)
                }
            case UInt8(ascii: "["):
                guard nesting < maxNesting else { throw .tooDeep }
                index += 1
                var elements: [JSONValue] = []
                skipWhitespace()
                if current == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                }
                while true {
                    skipWhitespace()
                    elements.append(try value(nesting: nesting + 1))
                    skipWhitespace()
                    if current == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    try expect("]")
                    return .array(elements)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expect("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            default:
                return .number(try number())
            }
        }

        mutating func number() throws(Failure) -> Double {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, isDigit(first) else { throw .malformed }
            if first == UInt8(ascii: "0") {
                index += 1
            } else {
                while let c = current, isDigit(c) { index += 1 }
            }
            if current == UInt8(ascii: ".") {
                index += 1
                guard let c = current, isDigit(c) else { throw .malformed }
                while let c = current, isDigit(c) { index += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard let c = current, isDigit(c) else { throw .malformed }
                while let c = current, isDigit(c) { index += 1 }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let value = Double(text) else { throw .malformed }
            return value
        }

        private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

        mutating func string() throws(Failure) -> String {
            index += 1  // opening quote
            var scalars = String.UnicodeScalarView()
            var chunkStart = index
            func flush(_ parser: Parser, upTo end: Int) {
                scalars.append(contentsOf: String(decoding: parser.bytes[chunkStart..<end], as: UTF8.self).unicodeScalars)
            }
            while true {
                guard let c = current else { throw .malformed }
                switch c {
                case UInt8(ascii: "\""):
                    flush(self, upTo: index)
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush(self, upTo: index)
                    index += 1
                    guard let escape = current else { throw .malformed }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        let unit = try hex4()
                        if (0xD800...0xDBFF).contains(unit), current == UInt8(ascii: "\\"),
                            index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
                        {
                            let save = index
                            index += 2
                            let low = try hex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                let combined = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                                scalars.append(Unicode.Scalar(combined)!)
                                break
                            }
                            index = save
                        }
                        // Lone surrogates cannot be represented: U+FFFD, as a UTF-8 encoder would write.
                        scalars.append(Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}")
                    default:
                        throw .malformed
                    }
                    chunkStart = index
                case 0x00..<0x20:
                    throw .malformed
                default:
                    index += 1
                }
            }
        }

        mutating func hex4() throws(Failure) -> UInt16 {
            guard index + 4 <= bytes.count else { throw .malformed }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let digit: UInt16
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt16(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(c - UInt8(ascii: "A") + 10)
                default: throw .malformed
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
    }
}
