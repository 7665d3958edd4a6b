extension JSONValue {
    /// Compact JSON text with keys in their stored order, used in messages and the plan.
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += JSONValue.numberText(n)
        case .string(let s): JSONValue.writeQuoted(s, to: &out)
        case .array(let a):
            out += "["
            for (i, element) in a.enumerated() {
                if i > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, (key, value)) in o.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeQuoted(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Indented JSON text (two spaces), keys in their stored order; empty containers stay on one line.
    public var prettyText: String {
        var out = ""
        writePretty(to: &out, indent: "")
        return out
    }

    private func writePretty(to out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .array(let a) where !a.isEmpty:
            out += "[\n"
            for (i, element) in a.enumerated() {
                out += inner
                element.writePretty(to: &out, indent: inner)
                out += i < a.count - 1 ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            for (i, (key, value)) in o.enumerated() {
                out += inner
                JSONValue.writeQuoted(key, to: &out)
                out += ": "
                value.writePretty(to: &out, indent: inner)
                out += i < o.count - 1 ? ",\n" : "\n"
            }
            out += indent + "}"
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

    static func writeQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
