import Foundation
public import LBCore

/// Sizes written as body-parser's `limit` option: a number of bytes or `"100kb"`, `"1mb"`, …
enum ByteSize {
    static func parse(_ value: JSONValue?) -> Int? {
        switch value {
        case .number(let n)? where n >= 0 && n < 1e15: return Int(n)
        case .string(let text)?:
            let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
            let units: [(String, Double)] = [("gb", 1_073_741_824), ("mb", 1_048_576), ("kb", 1024), ("b", 1)]
            for (suffix, factor) in units where lowered.hasSuffix(suffix) {
                guard let number = Double(lowered.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number >= 0 else { return nil }
                return Int(number * factor)
            }
            return Int(lowered).flatMap { $0 >= 0 ? $0 : nil }
        default: return nil
        }
    }
}

/// Durations written as the `ms` package reads them: milliseconds as a number, or `"5s"`,
/// `"10m"`, `"1h"`, `"2d"`, `"1y"`, `"500ms"`.
enum Milliseconds {
    static func parse(_ value: JSONValue?) -> Int? {
        switch value {
        case .number(let n)? where n >= 0 && n < 1e15: return Int(n)
        case .string(let text)?:
            let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
            let units: [(String, Double)] = [
                ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000), ("y", 31_557_600_000),
            ]
            if let number = Double(lowered), number >= 0 { return Int(number) }
            for (suffix, factor) in units where lowered.hasSuffix(suffix) {
                guard let number = Double(lowered.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number >= 0 else { continue }
                return Int(number * factor)
            }
            return nil
        default: return nil
        }
    }
}
