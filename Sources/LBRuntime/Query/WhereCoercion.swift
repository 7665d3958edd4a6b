import LBCore
import LBPlan

/// Coercion of `where` values by the declared property type (juggler `_coerce`, §3.4).
enum WhereCoercion {
    /// Coerces one operand (an equality value or an operator's value). Arrays are coerced element
    /// by element; `null` is left alone.
    static func coerce(_ value: JSONValue, to type: PropertyType?) throws(LoopBackError) -> JSONValue {
        guard let scalarType = scalarType(of: type) else { return value }
        if case .array(let elements) = value {
            var result: [JSONValue] = []
            result.reserveCapacity(elements.count)
            for element in elements { result.append(try coerceScalar(element, to: scalarType)) }
            return .array(result)
        }
        return try coerceScalar(value, to: scalarType)
    }

    /// The type values are coerced to, or `nil` when values of `type` are not coerced
    /// (`any`, `object`, `geopoint`, `buffer`, untyped arrays, model types, undeclared).
    static func scalarType(of type: PropertyType?) -> PropertyType? {
        switch type {
        case .string?, .number?, .boolean?, .date?, .dateString?: type
        case .array(let element?)?: scalarType(of: element)
        default: nil
        }
    }

    static func coerceScalar(_ value: JSONValue, to type: PropertyType) throws(LoopBackError) -> JSONValue {
        if value == .null { return .null }
        switch type {
        case .number:
            let n = JS.number(value)
            return n.isNaN ? value : .number(n)
        case .boolean:
            return .bool(boolean(value))
        case .date:
            guard let time = JSDate.time(of: value) else { throw invalidDate(value) }
            return .string(JSDate.isoString(time))
        case .dateString:
            let text = JS.string(value)
            guard JSDate.parse(text) != nil else { throw invalidDate(value) }
            return .string(text)
        case .string:
            return .string(JS.string(value))
        default:
            return value
        }
    }

    /// juggler's `BooleanType`: `"true"`/`"1"` → true, `"false"`/`"0"` → false, otherwise truthiness.
    static func boolean(_ value: JSONValue) -> Bool {
        if case .string(let text) = value {
            switch text {
            case "true", "1": return true
            case "false", "0": return false
            default: break
            }
        }
        return value.isTruthy
    }

    /// lbrun answers an unparseable date with a 400 (LoopBack 3: a 500 without status).
    static func invalidDate(_ value: JSONValue) -> LoopBackError {
        LoopBackError.badRequest("Invalid date: \(JS.string(value))")
    }
}
