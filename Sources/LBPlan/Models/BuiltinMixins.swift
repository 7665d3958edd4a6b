import LBConfig
import LBCore
import OrderedCollections

/// The mixins lbrun implements itself, by their community names: `TimeStamp`
/// (loopback-ds-timestamp-mixin), `SoftDelete` (loopback-softdelete-mixin), `ReadOnly`
/// (loopback-ds-readonly-mixin).
///
/// At compile time a mixin adds its properties to the model, whether or not the model is attached
/// to a datasource (LoopBack applied mixins only on attach). Its runtime behaviour (setting
/// timestamps, turning deletes into updates, refusing writes) is recorded as a `MixinUse`.
enum BuiltinMixins {
    static let names = ["TimeStamp", "SoftDelete", "ReadOnly"]

    /// Applies built-in mixin `name` to `definition`; `nil` if lbrun has no such mixin.
    static func apply(
        _ name: String, options: ConfigNode, to definition: ConfigNode, model: String, diagnostics: inout Diagnostics
    ) -> ConfigNode? {
        switch name {
        case "TimeStamp": return timeStamp(options, definition, model: model, diagnostics: &diagnostics)
        case "SoftDelete": return softDelete(options, definition)
        case "ReadOnly": return definition
        default: return nil
        }
    }

    private static func timeStamp(_ options: ConfigNode, _ definition: ConfigNode, model: String, diagnostics: inout Diagnostics) -> ConfigNode {
        let createdAt = options["createdAt"]?.string ?? "createdAt"
        let updatedAt = options["updatedAt"]?.string ?? "updatedAt"
        let required = options["required"]?.bool ?? true
        var result = definition
        result = define(createdAt, ["type": "date", "required": .bool(required), "defaultFn": "now"], in: result, at: options.location)
        result = define(updatedAt, ["type": "date", "required": .bool(required)], in: result, at: options.location)
        let keepValidateUpsert = options["validateUpsert"]?.bool ?? false
        if !keepValidateUpsert, let validateUpsert = result["validateUpsert"], validateUpsert.isTruthy {
            result = result.setting("validateUpsert", to: ConfigNode(.bool(false), at: options.location))
            if !(options["silenceWarnings"]?.bool ?? false) {
                diagnostics.warning(
                    "mixin.timestamp-validate-upsert",
                    "TimeStamp turns off 'validateUpsert' on model '\(model)' so that upserts without timestamps pass validation",
                    at: validateUpsert.nameLocation,
                    hint: "set the TimeStamp option validateUpsert: true to keep it, or silenceWarnings: true to accept this")
            }
        }
        return result
    }

    private static func softDelete(_ options: ConfigNode, _ definition: ConfigNode) -> ConfigNode {
        let deletedAt = options["deletedAt"]?.string ?? "deletedAt"
        let flag = options["_isDeleted"]?.string ?? "_isDeleted"
        var result = define(deletedAt, ["type": "date", "required": false], in: definition, at: options.location)
        result = define(flag, ["type": "boolean", "required": true, "default": false], in: result, at: options.location)
        return result
    }

    /// Adds or replaces property `name`, as the mixins' `defineProperty` calls do.
    static func define(_ name: String, _ property: JSONValue, in definition: ConfigNode, at location: SourceLocation) -> ConfigNode {
        let properties = definition["properties"] ?? ConfigNode.emptyObject(at: location)
        var node = ConfigNode(json: property, at: location)
        node.keyLocation = location
        return definition.setting("properties", to: properties.setting(name, to: node))
    }
}
