public import LBCore
public import LBPlan

/// Renders stored records as LoopBack's `toJSON` does (rest-api.md §1.7): declared properties in
/// declaration order, then dynamic ones; hidden properties removed; protected ones removed when
/// the record is nested; absent values omitted; literal defaults filled in for reads.
public struct RecordRenderer: Sendable {
    public let model: ModelPlan
    /// `applyDefaultsOnReads` (on unless false).
    private let applyDefaults: Bool
    /// `persistUndefinedAsNull`: absent declared properties render as null.
    private let asNull: Bool

    public init(model: ModelPlan) {
        self.model = model
        applyDefaults = model.settings["applyDefaultsOnReads"] != .bool(false)
        asNull = model.settings["persistUndefinedAsNull"]?.isTruthy ?? false
    }

    /// The JSON object for `record`; `nested` when it appears inside another result (include).
    /// Defaults fill in only properties that `fields` keeps.
    public func render(_ record: Record, nested: Bool = false, fields: FieldSelection? = nil) -> Record {
        if isRenderedAlready(record, nested: nested) { return record }
        var output = Record()
        for property in model.properties {
            if let value = record[property.name] {
                output[property.name] = value
            } else if applyDefaults, Self.keeps(fields, property.name), let literal = property.defaultValue,
                property.type != .date || literal != "$now"
            {
                output[property.name] = DefaultValues.literal(literal, property)
            } else if asNull {
                output[property.name] = .null
            }
        }
        for (key, value) in record where output[key] == nil && model.property(named: key) == nil {
            output[key] = value
        }
        for name in model.hidden { output.removeValue(forKey: name) }
        if nested {
            for name in model.protected { output.removeValue(forKey: name) }
        }
        return output
    }

    /// Whether `record` holds exactly the declared properties, in order, with nothing to hide: then
    /// rendering would rebuild the same object (no defaults to fill, no dynamic properties to move).
    private func isRenderedAlready(_ record: Record, nested: Bool) -> Bool {
        guard model.hidden.isEmpty, !nested || model.protected.isEmpty, record.count == model.properties.count else { return false }
        // By index: iterating `model.properties` would copy every property plan.
        let properties = model.properties
        for (index, key) in record.keys.enumerated() where properties[index].name != key { return false }
        return true
    }

    static func keeps(_ fields: FieldSelection?, _ name: String) -> Bool {
        switch fields {
        case nil: true
        case .only(let names)?: names.isEmpty || names.contains(name)
        case .except(let names)?: !names.contains(name)
        }
    }
}
