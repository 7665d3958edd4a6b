import Foundation
public import LBCore
public import LBPlan

/// Converts incoming values to a property's type the way juggler does when data is assigned
/// (rest-api.md §6.1): strings via JavaScript's `String()`, numbers via `Number()` (non-numeric
/// text becomes NaN), booleans from `"true"`/`"1"`/`"false"`/`"0"` or truthiness, dates to
/// ISO-8601 strings, geo points to `{lat, lng}`. `null` stays `null`.
public enum ValueCoercion {
    /// The value coerced to `type`; an invalid date becomes `.string(original)` and is caught by validation.
    public static func coerce(_ value: JSONValue, to type: PropertyType) -> JSONValue {
        if value == .null { return .null }
        switch type {
        case .string: return .string(javaScriptString(value))
        case .number: return .number(javaScriptNumber(value))
        case .boolean: return .bool(javaScriptBoolean(value))
        case .date: return DateValue.iso(from: value).map(JSONValue.string) ?? value
        case .dateString: return .string(javaScriptString(value))
        case .geoPoint: return geoPoint(value) ?? value
        case .array(let element?):
            let items = value.arrayValue ?? [value]
            return .array(items.map { coerce($0, to: element) })
        case .embedded(let properties):
            guard var object = value.objectValue else { return value }
            for property in properties where object[property.name] != nil {
                object[property.name] = coerce(object[property.name]!, to: property.type)
            }
            return .object(object)
        case .array(nil), .object, .any, .buffer, .model:
            return value
        }
    }

    /// JavaScript's `String(v)`.
    public static func javaScriptString(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.isNaN ? "NaN" : JSONValue.numberText(n)
        case .string(let s): s
        case .array(let items): items.map { $0 == .null ? "" : javaScriptString($0) }.joined(separator: ",")
        case .object: "[object Object]"
        }
    }

    /// JavaScript's `Number(v)`.
    public static func javaScriptNumber(_ value: JSONValue) -> Double {
        switch value {
        case .null: return 0
        case .bool(let b): return b ? 1 : 0
        case .number(let n): return n
        case .string(let s):
            let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return 0 }
            if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X"), let n = Int64(trimmed.dropFirst(2), radix: 16) { return Double(n) }
            if trimmed == "Infinity" || trimmed == "+Infinity" { return .infinity }
            if trimmed == "-Infinity" { return -.infinity }
            guard trimmed.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }), let n = Double(trimmed) else { return .nan }
            return n
        case .array(let items):
            if items.isEmpty { return 0 }
            return items.count == 1 ? javaScriptNumber(.string(javaScriptString(items[0]))) : .nan
        case .object: return .nan
        }
    }

    /// juggler's boolean coercion.
    public static func javaScriptBoolean(_ value: JSONValue) -> Bool {
        if let s = value.stringValue {
            switch s {
            case "true", "1": return true
            case "false", "0": return false
            default: return !s.isEmpty
            }
        }
        return value.isTruthy
    }

    /// `{lat, lng}` from an object, `"lat,lng"` or `[lat, lng]`.
    static func geoPoint(_ value: JSONValue) -> JSONValue? {
        var pair: (Double, Double)?
        switch value {
        case .object(let o):
            if let lat = o["lat"].map(javaScriptNumber), let lng = o["lng"].map(javaScriptNumber) { pair = (lat, lng) }
        case .string(let s):
            let parts = s.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 2, let lat = parts[0], let lng = parts[1] { pair = (lat, lng) }
        case .array(let items) where items.count == 2:
            pair = (javaScriptNumber(items[0]), javaScriptNumber(items[1]))
        default: break
        }
        guard let (lat, lng) = pair, !lat.isNaN, !lng.isNaN else { return nil }
        return ["lat": .number(lat), "lng": .number(lng)]
    }
}
