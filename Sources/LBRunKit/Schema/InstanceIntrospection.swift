import Foundation
public import LBCore
import OrderedCollections

/// A model definition from a sample record, as LoopBack's `buildModelFromInstance` builds one:
/// each key becomes a property whose type is the value's. lbrun also reads ISO-8601 date strings
/// as `date` and marks a top-level `id` key as the id; nested objects are `object` (LoopBack
/// made them anonymous embedded models).
public enum InstanceIntrospection {
    /// The definition of model `name` for `instance`, which must be a JSON object.
    public static func definition(name: String, instance: JSONValue) -> JSONValue? {
        guard let members = instance.objectValue else { return nil }
        var properties = OrderedDictionary<String, JSONValue>()
        for (key, value) in members {
            let type = type(of: value)
            properties[key] = key == "id" ? ["type": type, "id": true] : type
        }
        return ["name": .string(name), "base": "PersistedModel", "idInjection": true, "properties": .object(properties)]
    }

    /// The LoopBack type of `value`: `string`, `number`, `boolean`, `date` (an ISO-8601 date
    /// string), `object`, `[type]` after the first non-null element of an array (`array` when
    /// there is none), `any` for `null`.
    public static func type(of value: JSONValue) -> JSONValue {
        switch value {
        case .null: return "any"
        case .bool: return "boolean"
        case .number: return "number"
        case .string(let text): return isDate(text) ? "date" : "string"
        case .object: return "object"
        case .array(let elements):
            guard let first = elements.first(where: { $0 != .null }) else { return "array" }
            return [type(of: first)]
        }
    }

    /// `2024-05-01`, `2024-05-01T10:00:00Z`, `2024-05-01T10:00:00.000+02:00` and the like.
    static func isDate(_ text: String) -> Bool {
        text.range(of: #"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"#, options: .regularExpression) != nil
    }
}
