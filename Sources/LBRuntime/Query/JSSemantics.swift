import LBCore

/// JavaScript's value conversions, as LoopBack 3 applies them to filter values (`Number(v)`,
/// `String(v)`, truthiness, `==`, `JSON.stringify` for messages).
enum JS {
    /// `Number(v)`. `nil` stands for `undefined` (→ NaN).
    static func number(_ value: JSONValue?) -> Double {
        guard let value else { return .nan }
        switch value {
        case .null: return 0
        case .bool(let b): return b ? 1 : 0
        case .number(let n): return n
        case .string(let s): return number(s)
        case .array: return number(string(value))
        case .object: return .nan
        }
    }

    /// `Number(s)` for a string: JavaScript's StringNumericLiteral grammar (whitespace trimmed,
    /// empty → 0, `0x`/`0o`/`0b` integers, `Infinity`, decimal literals); anything else is NaN.
    static func number(_ text: String) -> Double {
        let s = trimJSWhitespace(text)
        if s.isEmpty { return 0 }
        switch s {
        case "Infinity", "+Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: break
        }
        let scalars = Array(s.unicodeScalars)
        if scalars.count > 2, scalars[0] == "0" {
            let radix: Int? =
                switch scalars[1] {
                case "x", "X": 16
                case "o", "O": 8
                case "b", "B": 2
                default: nil
                }
            if let radix {
                var result = 0.0
                for c in scalars[2...] {
                    guard let digit = Int(String(c), radix: radix) else { return .nan }
                    result = result * Double(radix) + Double(digit)
                }
                return result
            }
        }
        // [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
        var i = 0
        if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
        var mantissaDigits = 0
        while i < scalars.count, isDigit(scalars[i]) { i += 1; mantissaDigits += 1 }
        if i < scalars.count, scalars[i] == "." {
            i += 1
            while i < scalars.count, isDigit(scalars[i]) { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return .nan }
        if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
            i += 1
            if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
            var exponentDigits = 0
            while i < scalars.count, isDigit(scalars[i]) { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return .nan }
        }
        guard i == scalars.count else { return .nan }
        return Double(s) ?? .nan
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// Trims the characters JavaScript's `String.prototype.trim` removes.
    static func trimJSWhitespace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isJSWhitespace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isJSWhitespace($0) })!
        return String(scalars[first...last])
    }

    static func isJSWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000, 0xFEFF:
            true
        default: false
        }
    }

    /// `String(v)`: numbers as JavaScript prints them, arrays joined with `,`, objects as `[object Object]`.
    static func string(_ value: JSONValue?) -> String {
        guard let value else { return "undefined" }
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return numberString(n)
        case .string(let s): return s
        case .array(let elements):
            return elements.map { element in
                element == .null ? "" : string(element)
            }.joined(separator: ",")
        case .object: return "[object Object]"
        }
    }

    /// `Number.prototype.toString()`: integers without a fraction, exponent form below 1e-6 and from 1e21.
    static func numberString(_ n: Double) -> String {
        if n.isNaN { return "NaN" }
        if n.isInfinite { return n < 0 ? "-Infinity" : "Infinity" }
        if n == 0 { return "0" }
        // Shortest round-trip digits from Swift, re-laid out the JavaScript way.
        let sign = n < 0 ? "-" : ""
        let text = "\(abs(n))"
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: String
        var pointPosition: Int  // number of digits before the decimal point
        if let dot = mantissa.firstIndex(of: ".") {
            let intPart = String(mantissa[..<dot])
            let fracPart = String(mantissa[mantissa.index(after: dot)...])
            digits = intPart + fracPart
            pointPosition = intPart.count
        } else {
            digits = mantissa
            pointPosition = mantissa.count
        }
        pointPosition += exponent
        // Strip leading zeros (adjusting the point) and trailing zeros.
        while digits.hasPrefix("0"), digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        let k = digits.count
        let nExp = pointPosition  // value = 0.digits × 10^nExp
        if k <= nExp, nExp <= 21 {
            return sign + digits + String(repeating: "0", count: nExp - k)
        }
        if 0 < nExp, nExp <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: nExp)
            return sign + digits[..<i] + "." + digits[i...]
        }
        if -6 < nExp, nExp <= 0 {
            return sign + "0." + String(repeating: "0", count: -nExp) + digits
        }
        let e = nExp - 1
        let expText = e < 0 ? "-\(-e)" : "+\(e)"
        if k == 1 { return sign + digits + "e" + expText }
        return sign + String(digits.prefix(1)) + "." + String(digits.dropFirst()) + "e" + expText
    }

    /// JavaScript truthiness, with `undefined` (`nil`) false.
    static func truthy(_ value: JSONValue?) -> Bool {
        value?.isTruthy ?? false
    }

    /// `a == b` (abstract equality) for JSON values; `nil` is `undefined`. Arrays and objects are
    /// compared structurally here (JavaScript would compare references, which never matters for
    /// values parsed from a request).
    static func looseEquals(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        let aNullish = a == nil || a == .null
        let bNullish = b == nil || b == .null
        if aNullish || bNullish { return aNullish && bNullish }
        guard let a, let b else { return false }
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.array, .array), (.object, .object): return structurallyEqual(a, b)
        case (.number(let x), .string(let y)), (.string(let y), .number(let x)): return x == number(y)
        case (.bool(let x), _): return looseEquals(.number(x ? 1 : 0), b)
        case (_, .bool(let y)): return looseEquals(a, .number(y ? 1 : 0))
        case (.array, _), (.object, _): return looseEquals(.string(string(a)), b)
        case (_, .array), (_, .object): return looseEquals(a, .string(string(b)))
        default: return false
        }
    }

    /// Deep equality with loose scalar equality and order-insensitive object keys.
    static func structurallyEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { structurallyEqual($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { key, value in y[key].map { structurallyEqual(value, $0) } ?? false }
        case (.array, _), (_, .array), (.object, _), (_, .object):
            return false
        default:
            return looseEquals(a, b)
        }
    }

    /// `JSON.stringify(v)` as `util.format('%j')` prints it in LoopBack's messages.
    static func json(_ value: JSONValue) -> String {
        var out = ""
        writeJSON(value, to: &out)
        return out
    }

    private static func writeJSON(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? numberString(n) : "null"
        case .string(let s): out += JSONValue.string(s).jsonText
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                writeJSON(element, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (key, member)) in members.enumerated() {
                if i > 0 { out += "," }
                out += JSONValue.string(key).jsonText
                out += ":"
                writeJSON(member, to: &out)
            }
            out += "}"
        }
    }

    /// juggler's `coerceArray`: an array as is, or an object whose keys are exactly `"0"…"n-1"`.
    /// Throws the message juggler's error carries.
    static func coerceArray(_ value: JSONValue) -> Result<[JSONValue], ArrayShapeError> {
        switch value {
        case .array(let elements): return .success(elements)
        case .object(let members):
            if members.isEmpty { return .failure(.emptyObject) }
            var result: [JSONValue] = []
            result.reserveCapacity(members.count)
            for i in 0..<members.count {
                guard let element = members[String(i)] else { return .failure(.notArrayLike) }
                result.append(element)
            }
            return .success(result)
        default: return .failure(.notArrayLike)
        }
    }

    /// Why `coerceArray` refused a value.
    enum ArrayShapeError: Error {
        case notArrayLike
        case emptyObject

        var message: String {
            switch self {
            case .notArrayLike: "Value is not an array or object with sequential numeric indices"
            case .emptyObject: "Value is an empty object"
            }
        }
    }
}
