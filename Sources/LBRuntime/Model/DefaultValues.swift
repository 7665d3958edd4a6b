import Foundation
public import LBCore
public import LBPlan

/// Property defaults: literal `default` values (`"$now"` for dates) and the `defaultFn` generators.
public enum DefaultValues {
    /// The value a new record gets for `property` when the client sent none, if any.
    public static func initial(for property: PropertyPlan) -> JSONValue? {
        if let value = property.defaultValue, property.settings["applyDefaultOnWrites"] != .bool(false) {
            return literal(value, property)
        }
        guard let generator = property.defaultFn else { return nil }
        return generate(generator, for: property.type)
    }

    /// The literal default as a stored value: `"$now"` on a date is the current time.
    static func literal(_ value: JSONValue, _ property: PropertyPlan) -> JSONValue {
        if property.type == .date, value == "$now" { return .string(DateValue.now()) }
        return ValueCoercion.coerce(value, to: property.type)
    }

    /// A `defaultFn` value, coerced to the property's type (LoopBack did not coerce).
    static func generate(_ generator: String, for type: PropertyType) -> JSONValue? {
        let raw: JSONValue
        switch generator {
        case "uuid", "guid": raw = .string(UUIDv1.make())
        case "uuidv4": raw = .string(UUID().uuidString.lowercased())
        case "now": raw = .string(DateValue.now())
        case "shortid": raw = .string(shortId())
        default: return nil
        }
        return ValueCoercion.coerce(raw, to: type)
    }

    /// A short URL-safe random id, like the `shortid` package's (7 to 14 characters).
    static func shortId() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-")
        return String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}

/// RFC 4122 version 1 (time-based) UUIDs, as LoopBack's `uuid`/`guid` generators produce, with a
/// random node id (the multicast bit set, as RFC 4122 §4.5 allows).
enum UUIDv1 {
    static func make() -> String {
        // 100-ns intervals since 1582-10-15.
        let timestamp = UInt64((Date().timeIntervalSince1970 + 12_219_292_800) * 10_000_000) &+ UInt64.random(in: 0..<10_000)
        let timeLow = UInt32(truncatingIfNeeded: timestamp)
        let timeMid = UInt16(truncatingIfNeeded: timestamp >> 32)
        let timeHigh = UInt16(truncatingIfNeeded: timestamp >> 48) & 0x0FFF | 0x1000
        let clock = UInt16.random(in: 0...0x3FFF) | 0x8000
        let node = (0..<6).map { i in UInt8.random(in: 0...255) | (i == 0 ? 0x01 : 0) }
        func hex<T: FixedWidthInteger>(_ value: T, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: digits - text.count) + text
        }
        return "\(hex(timeLow, 8))-\(hex(timeMid, 4))-\(hex(timeHigh, 4))-\(hex(clock, 4))-" + node.map { hex($0, 2) }.joined()
    }
}
