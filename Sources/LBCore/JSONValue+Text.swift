extension JSONValue {
    /// Compact JSON text with keys in their stored order, used in messages and the plan.
    public var jsonText: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }

    /// Compact JSON text as UTF-8 bytes, keys in their stored order (what a response body carries).
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            if let exact = JSONValue.exactInteger(n) {
                JSONValue.writeInteger(exact, to: &out)
            } else {
                out.append(contentsOf: JSONValue.numberText(n).utf8)
            }
        case .string(let s): JSONValue.writeQuoted(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, element) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in o.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeQuoted(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Indented JSON text (two spaces), keys in their stored order; empty containers stay on one line.
    public var prettyText: String {
        var out: [UInt8] = []
        writePretty(to: &out, indent: [])
        return String(decoding: out, as: UTF8.self)
    }

    private func writePretty(to out: inout [UInt8], indent: [UInt8]) {
        let inner = indent + Array("  ".utf8)
        switch self {
        case .array(let a) where !a.isEmpty:
            out.append(contentsOf: "[\n".utf8)
            for (i, element) in a.enumerated() {
                out += inner
                element.writePretty(to: &out, indent: inner)
                out.append(contentsOf: (i < a.count - 1 ? ",\n" : "\n").utf8)
            }
            out += indent + Array("]".utf8)
        case .object(let o) where !o.isEmpty:
            out.append(contentsOf: "{\n".utf8)
            for (i, (key, value)) in o.enumerated() {
                out += inner
                JSONValue.writeQuoted(key, to: &out)
                out.append(contentsOf: ": ".utf8)
                value.writePretty(to: &out, indent: inner)
                out.append(contentsOf: (i < o.count - 1 ? ",\n" : "\n").utf8)
            }
            out += indent + Array("}".utf8)
        default:
            write(to: &out)
        }
    }

    /// Numbers as JavaScript prints them for the common cases: integers without a fraction.
    public static func numberText(_ n: Double) -> String {
        if let exact = exactInteger(n) { return String(exact) }
        if n.isNaN || n.isInfinite { return "null" }
        return "\(n)"
    }

    /// The decimal digits of `n`, written without an intermediate string.
    static func writeInteger(_ n: Int64, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped, the rest
    /// copied as UTF-8 (runs without anything to escape in one copy).
    static func writeQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let copied: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in
            var runStart = 0
            for (index, byte) in bytes.enumerated() where needsEscape(byte) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                writeEscape(byte, to: &out)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        if copied == nil {
            for byte in s.utf8 {
                if needsEscape(byte) { writeEscape(byte, to: &out) } else { out.append(byte) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// True for a byte JSON strings may not hold as is: a quote, a backslash, a control character.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The escape sequence of a byte `needsEscape`.
    private static func writeEscape(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
        }
    }
}
