import Foundation
public import LBCore

/// Dates as LoopBack serialises them: ISO-8601 with milliseconds and `Z`.
public enum DateValue {
    /// The ISO string for a JSON date input (ISO text in its common forms, or epoch milliseconds);
    /// `nil` when it is not a valid date.
    public static func iso(from value: JSONValue) -> String? {
        switch value {
        case .number(let millis) where millis.isFinite:
            return format(Date(timeIntervalSince1970: millis / 1000))
        case .string(let text):
            return parse(text).map(format)
        default:
            return nil
        }
    }

    /// The current time as an ISO string.
    public static func now() -> String { format(Date()) }

    /// Milliseconds since 1970 of an ISO string produced by `iso(from:)`, for comparisons.
    public static func milliseconds(_ text: String) -> Double? {
        parse(text).map { ($0.timeIntervalSince1970 * 1000).rounded() }
    }

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses the forms `new Date(text)` accepts in practice: full ISO-8601 with or without
    /// fractional seconds and offset, and date-only `YYYY-MM-DD` (midnight UTC).
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let millis = Double(trimmed), trimmed.allSatisfy({ $0.isNumber || $0 == "-" }) {
            return Date(timeIntervalSince1970: millis / 1000)
        }
        for style in styles {
            if let date = try? style.parse(trimmed) { return date }
        }
        if trimmed.count == 10, let date = try? Date.ISO8601FormatStyle().year().month().day().parse(trimmed) {
            return date
        }
        return nil
    }

    private static let styles: [Date.ISO8601FormatStyle] = [
        Date.ISO8601FormatStyle(includingFractionalSeconds: true),
        Date.ISO8601FormatStyle(),
        Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).year().month().day().time(includingFractionalSeconds: true),
        Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: false),
    ]
}
