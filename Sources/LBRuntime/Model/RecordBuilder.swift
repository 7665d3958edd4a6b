import LBCore
public import LBPlan

/// Turns client data into a record of a model: coerces declared properties to their types,
/// applies defaults on create, applies `strict` to unknown properties, and validates.
public struct RecordBuilder: Sendable {
    public let model: ModelPlan

    public init(model: ModelPlan) {
        self.model = model
    }

    /// What the data is for: a new record, or changes to an existing one.
    public enum Purpose: Sendable {
        case create
        case update
    }

    /// `data` as a record: declared properties coerced (in the client's key order), unknown
    /// properties kept, dropped or (with `strict: true`) left out and listed in `unknown` for
    /// `validate` to report, defaults added for a new record.
    public func build(_ data: Record, for purpose: Purpose, failures: inout ValidationFailures) -> Record {
        var unknown: [String] = []
        let record = build(data, for: purpose, unknown: &unknown)
        for key in unknown {
            failures.add(key, code: "unknown-property", message: "is not defined in the model", value: nil)
        }
        return record
    }

    /// As `build(_:for:failures:)`, collecting the unknown properties of a strict model.
    public func build(_ data: Record, for purpose: Purpose, unknown: inout [String]) -> Record {
        var record = Record()
        for (key, value) in data {
            if let property = model.property(named: key) {
                record[key] = ValueCoercion.coerce(value, to: property.type)
                continue
            }
            switch model.strict {
            case .off: record[key] = value
            case .filter: continue
            case .on: unknown.append(key)
            }
        }
        if purpose == .create {
            for property in model.properties where record[property.name] == nil {
                if let initial = DefaultValues.initial(for: property) { record[property.name] = initial }
            }
        }
        return record
    }

    /// Checks presence of required properties and validity of dates in a complete record, then
    /// reports `unknown` properties of a strict model, in LoopBack's order.
    public func validate(_ record: Record, unknown: [String] = [], failures: inout ValidationFailures) {
        defer {
            for key in unknown {
                failures.add(key, code: "unknown-property", message: "is not defined in the model", value: nil)
            }
        }
        for property in model.properties {
            let value = record[property.name]
            if property.required, Self.isBlank(value) {
                failures.add(property.name, code: "presence", message: "can't be blank", value: value)
            }
            if property.type == .date, let value, value != .null, value.stringValue.flatMap(DateValue.milliseconds) == nil {
                failures.add(property.name, code: "date", message: "is not a valid date", value: value, shownAs: "Invalid Date")
            }
        }
    }

    /// Checks only that the dates in `changes` are valid (partial updates have no presence rule).
    public func validateDates(_ changes: Record, failures: inout ValidationFailures) {
        for (key, value) in changes where value != .null && model.property(named: key)?.type == .date {
            if value.stringValue.flatMap(DateValue.milliseconds) == nil {
                failures.add(key, code: "date", message: "is not a valid date", value: value, shownAs: "Invalid Date")
            }
        }
    }

    /// LoopBack's "blank": absent, null, empty string, empty list or NaN.
    static func isBlank(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let s)?: s.isEmpty
        case .array(let a)?: a.isEmpty
        case .number(let n)?: n.isNaN
        default: false
        }
    }
}
