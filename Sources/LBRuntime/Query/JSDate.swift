import Foundation
import LBCore

/// `new Date(v)` and `Date.prototype.toISOString()` for filter values, in milliseconds since the
/// epoch (UTC).
///
/// Accepted strings: the ECMAScript date-time format (`2024`, `2024-05`, `2024-05-01`,
/// `2024-05-01T10:00`, `…:00`, `…:00.123`, any number of fraction digits, `Z` or `±hh:mm`,
/// expanded years `+002024`), a space instead of `T`, and the RFC 2822 / `toString()` forms
/// (`Wed, 01 May 2024 10:00:00 GMT`, `May 1, 2024`, `1 May 2024 10:00`). Forms without a zone
/// are read as UTC (JavaScript uses the server's local zone for date-times; servers usually run in UTC).
enum JSDate {
    /// The largest time value JavaScript allows (±100,000,000 days).
    static let maxTime = 8.64e15

    /// `new Date(value).getTime()`, or `nil` for an invalid date.
    static func time(of value: JSONValue) -> Double? {
        switch value {
        case .number(let n): return clip(n)
        case .bool(let b): return b ? 1 : 0
        case .null: return 0
        case .string(let s): return parse(s)
        case .array: return parse(JS.string(value))
        case .object: return nil
        }
    }

    /// `TimeClip`: finite, within range, truncated towards zero.
    static func clip(_ n: Double) -> Double? {
        guard n.isFinite, abs(n) <= maxTime else { return nil }
        return n.rounded(.towardZero) + 0  // + 0 turns -0 into 0
    }

    /// Parses a date string; `nil` when JavaScript would produce an invalid date.
    static func parse(_ text: String) -> Double? {
        let s = JS.trimJSWhitespace(text)
        if let t = parseISO(s) { return t }
        if s.count > 10, let space = s.firstIndex(of: " "), s.distance(from: s.startIndex, to: space) == 10 {
            var replaced = s
            replaced.replaceSubrange(space...space, with: "T")
            if let t = parseISO(replaced) { return t }
        }
        return parseLegacy(s)
    }

    /// The ECMAScript Date Time String Format (ES2024 §21.4.1.32), leniently on fraction digits.
    static func parseISO(_ s: String) -> Double? {
        var scanner = Array(s.utf8)[...]
        func digits(_ count: Int) -> Int? {
            guard scanner.count >= count else { return nil }
            var value = 0
            for _ in 0..<count {
                let c = scanner.first!
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
                scanner.removeFirst()
            }
            return value
        }
        func take(_ c: UInt8) -> Bool {
            if scanner.first == c {
                scanner.removeFirst()
                return true
            }
            return false
        }
        var year: Int
        if scanner.first == UInt8(ascii: "+") || scanner.first == UInt8(ascii: "-") {
            let negative = scanner.first == UInt8(ascii: "-")
            scanner.removeFirst()
            guard let y = digits(6) else { return nil }
            if negative && y == 0 { return nil }  // -000000 is not allowed
            year = negative ? -y : y
        } else {
            guard let y = digits(4) else { return nil }
            year = y
        }
        var month = 1
        var day = 1
        if take(UInt8(ascii: "-")) {
            guard let m = digits(2), (1...12).contains(m) else { return nil }
            month = m
            if take(UInt8(ascii: "-")) {
                guard let d = digits(2), (1...31).contains(d) else { return nil }
                day = d
            }
        }
        var hour = 0
        var minute = 0
        var second = 0
        var millisecond = 0.0
        var offsetMinutes = 0
        if take(UInt8(ascii: "T")) || take(UInt8(ascii: "t")) {
            guard let h = digits(2), take(UInt8(ascii: ":")), let mi = digits(2) else { return nil }
            hour = h
            minute = mi
            if take(UInt8(ascii: ":")) {
                guard let sec = digits(2) else { return nil }
                second = sec
                if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                    var fraction = 0.0
                    var scale = 100.0
                    var count = 0
                    while let c = scanner.first, c >= 48, c <= 57 {
                        fraction += Double(c - 48) * scale
                        scale /= 10
                        count += 1
                        scanner.removeFirst()
                    }
                    guard count > 0 else { return nil }
                    millisecond = fraction.rounded(.down)
                }
            }
            guard hour < 24 || (hour == 24 && minute == 0 && second == 0 && millisecond == 0), minute < 60, second < 60
            else { return nil }
            if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) {
                offsetMinutes = 0
            } else if scanner.first == UInt8(ascii: "+") || scanner.first == UInt8(ascii: "-") {
                let negative = scanner.first == UInt8(ascii: "-")
                scanner.removeFirst()
                guard let oh = digits(2), oh < 24 else { return nil }
                _ = take(UInt8(ascii: ":"))
                guard let om = digits(2), om < 60 else { return nil }
                offsetMinutes = (negative ? -1 : 1) * (oh * 60 + om)
            }
        }
        guard scanner.isEmpty else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let time =
            Double(days) * 86_400_000 + Double(hour) * 3_600_000 + Double(minute) * 60_000 + Double(second) * 1000
            + millisecond - Double(offsetMinutes) * 60_000
        return clip(time)
    }

    /// The older formats V8 also accepts (RFC 2822, `toString()`, `May 1, 2024`).
    private static func parseLegacy(_ s: String) -> Double? {
        let formats = [
            "EEE, dd MMM yyyy HH:mm:ss zzz", "EEE, d MMM yyyy HH:mm:ss zzz", "dd MMM yyyy HH:mm:ss zzz",
            "EEE, dd MMM yyyy HH:mm:ss Z", "EEE MMM dd yyyy HH:mm:ss 'GMT'Z", "EEE MMM dd yyyy HH:mm:ss",
            "EEE MMM dd yyyy", "MMM d, yyyy HH:mm:ss", "MMM d, yyyy HH:mm", "MMM d, yyyy", "MMMM d, yyyy",
            "d MMM yyyy HH:mm:ss", "d MMM yyyy HH:mm", "d MMM yyyy", "d MMMM yyyy", "yyyy/MM/dd HH:mm:ss",
            "yyyy/MM/dd HH:mm", "yyyy/MM/dd", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy",
        ]
        // `toString()` appends a zone name in parentheses: drop it.
        var text = s
        if let paren = text.firstIndex(of: "("), text.hasSuffix(")") {
            text = JS.trimJSWhitespace(String(text[..<paren]))
        }
        guard !text.isEmpty, text.contains(where: \.isLetter) || text.contains("/") else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.isLenient = false
        for format in formats {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                return clip((date.timeIntervalSince1970 * 1000).rounded())
            }
        }
        return nil
    }

    /// `Date.prototype.toISOString()`: `2024-05-01T10:00:00.000Z`.
    static func isoString(_ time: Double) -> String {
        let ms = Int64(time)
        var days = ms / 86_400_000
        var rest = ms % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        let (year, month, day) = civilFromDays(Int(days))
        let hour = rest / 3_600_000
        let minute = rest / 60_000 % 60
        let second = rest / 1000 % 60
        let millisecond = rest % 1000
        let yearText: String
        if (0...9999).contains(year) {
            yearText = pad(year, 4)
        } else {
            yearText = (year < 0 ? "-" : "+") + pad(abs(year), 6)
        }
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))T\(pad(Int(hour), 2)):\(pad(Int(minute), 2)):"
            + "\(pad(Int(second), 2)).\(pad(Int(millisecond), 3))Z"
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (days past a month's end roll over).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
