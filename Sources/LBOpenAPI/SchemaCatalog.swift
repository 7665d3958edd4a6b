import LBCore
import LBPlan

/// The JSON Schemas (2020-12, as OpenAPI 3.1 embeds them) of the models a document mentions.
///
/// Each model has a response schema named after it (`Book`: every property but the hidden ones)
/// and, when a body needs one, an input schema (`Book.input`: hidden properties included, since
/// clients send them — a password —, generated ids left out under `forceId`), and for partial
/// updates a patch schema (`Book.patch`: the input schema with nothing required). Schemas are made on
/// first reference, so the document holds exactly the models its operations and properties reach.
struct SchemaCatalog {
    let plan: AppPlan
    /// Prefix of `$ref` targets: `#/components/schemas/`.
    let refPrefix: String
    private(set) var schemas: [(name: String, schema: JSONValue)] = []
    private var made: Set<String> = []

    init(plan: AppPlan, refPrefix: String) {
        self.plan = plan
        self.refPrefix = refPrefix
    }

    /// A reference to the response schema of `model`, made if needed.
    mutating func response(_ model: ModelPlan) -> JSONValue {
        reference(model, suffix: "", input: false, partial: false)
    }

    /// A reference to the input schema of `model`, made if needed.
    mutating func input(_ model: ModelPlan) -> JSONValue {
        reference(model, suffix: ".input", input: true, partial: false)
    }

    /// A reference to the schema of a partial update of `model` (`Book.patch`: the input schema
    /// with nothing required), made if needed.
    mutating func patch(_ model: ModelPlan) -> JSONValue {
        reference(model, suffix: ".patch", input: true, partial: true)
    }

    private mutating func reference(_ model: ModelPlan, suffix: String, input: Bool, partial: Bool) -> JSONValue {
        let name = Self.componentName(model.name) + suffix
        if made.insert(name).inserted {
            let index = reserve(name)
            schemas[index].schema = objectSchema(model, input: input, partial: partial)
        }
        return ["$ref": .string(refPrefix + name)]
    }

    /// A named schema that is not a model's (the error envelope); prefixed with `lbrun.` when the
    /// app has a model of that name.
    mutating func named(_ plainName: String, _ schema: JSONValue) -> JSONValue {
        let name = plan.model(named: plainName) == nil ? plainName : "lbrun." + plainName
        if made.insert(name).inserted { schemas.append((name, schema)) }
        return ["$ref": .string(refPrefix + name)]
    }

    /// Keeps the slot (and so the order) of a schema being built, since building it may add others.
    private mutating func reserve(_ name: String) -> Int {
        schemas.append((name, [:]))
        return schemas.count - 1
    }

    private mutating func objectSchema(_ model: ModelPlan, input: Bool, partial: Bool) -> JSONValue {
        var properties: [(String, JSONValue)] = []
        var required: [JSONValue] = []
        for property in model.properties {
            if !input, model.hidden.contains(property.name) { continue }
            if input, property.id != nil, model.forceId { continue }
            properties.append((property.name, propertySchema(property)))
            if property.required, !partial { required.append(.string(property.name)) }
        }
        var schema: [(String, JSONValue)] = [("type", "object")]
        if let description = Self.description(model.settings["description"]) { schema.append(("description", .string(description))) }
        schema.append(("properties", .object(.init(uniqueKeysWithValues: properties))))
        if !required.isEmpty { schema.append(("required", .array(required))) }
        if input, model.strict == .on { schema.append(("additionalProperties", false)) }
        return .object(.init(uniqueKeysWithValues: schema))
    }

    /// The schema of one property: its type, `null` allowed unless required or an id, its
    /// `description` and its literal `default` when the default fits the type.
    mutating func propertySchema(_ property: PropertyPlan) -> JSONValue {
        var schema = typeSchema(property.type)
        if !property.required, property.id == nil { schema = Self.nullable(schema) }
        guard case .object(var fields) = schema else { return schema }
        if let description = Self.description(property.settings["description"]) { fields["description"] = .string(description) }
        if let value = property.defaultValue, Self.fits(value, property.type) { fields["default"] = value }
        return .object(fields)
    }

    /// The schema of a property type (models.md §6.3.2).
    mutating func typeSchema(_ type: PropertyType) -> JSONValue {
        switch type {
        case .string, .dateString: return ["type": "string"]
        case .number: return ["type": "number"]
        case .boolean: return ["type": "boolean"]
        case .date: return ["type": "string", "format": "date-time"]
        case .object: return ["type": "object"]
        case .any: return [:]
        case .buffer: return ["description": "Binary data."]
        case .geoPoint:
            return [
                "type": "object", "description": "A GeoPoint.",
                "properties": ["lat": ["type": "number"], "lng": ["type": "number"]], "required": ["lat", "lng"],
            ]
        case .array(nil): return ["type": "array"]
        case .array(let element?): return ["type": "array", "items": typeSchema(element)]
        case .model(let name):
            guard let model = plan.model(named: name) else { return ["description": .string("A '\(name)' value.")] }
            return response(model)
        case .embedded(let properties):
            var members: [(String, JSONValue)] = []
            var required: [JSONValue] = []
            for property in properties {
                members.append((property.name, propertySchema(property)))
                if property.required { required.append(.string(property.name)) }
            }
            var schema: [(String, JSONValue)] = [("type", "object"), ("properties", .object(.init(uniqueKeysWithValues: members)))]
            if !required.isEmpty { schema.append(("required", .array(required))) }
            return .object(.init(uniqueKeysWithValues: schema))
        }
    }

    /// `schema` or `null`: a `null` member in `type`, or `anyOf` for a reference.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var fields) = schema else { return schema }
        if fields["$ref"] != nil { return ["anyOf": [schema, ["type": "null"]]] }
        guard let type = fields["type"]?.stringValue else { return schema }  // no type: null is allowed already
        fields["type"] = [.string(type), "null"]
        return .object(fields)
    }

    /// A description written as a string or an array of lines.
    static func description(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .array(let lines)?: lines.compactMap(\.stringValue).joined(separator: "\n")
        default: nil
        }
    }

    /// Whether a literal default is a value of `type` (`"$now"` is not a date, it is computed).
    static func fits(_ value: JSONValue, _ type: PropertyType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.dateString, .string), (.number, .number), (.boolean, .bool), (.object, .object): true
        case (.date, .string(let text)): text != "$now"
        case (.array, .array), (.any, _): true
        default: false
        }
    }

    /// A component name OpenAPI accepts (`^[a-zA-Z0-9._-]+$`).
    static func componentName(_ model: String) -> String {
        String(model.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }
}
