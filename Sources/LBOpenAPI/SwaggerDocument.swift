import LBCore
import OrderedCollections

/// Renders operations as a Swagger 2.0 document, as loopback-component-explorer served it.
enum SwaggerDocument {
    static let refPrefix = "#/definitions/"
    /// Default `consumes` and `produces` (boot-and-config.md §10.2).
    static let consumes: JSONValue = ["application/json", "application/x-www-form-urlencoded", "application/xml", "text/xml"]
    static let produces: JSONValue = ["application/json", "application/xml", "text/xml", "application/javascript", "text/javascript"]

    static func render(_ operations: [APIOperation], tags: [JSONValue], schemas: [(name: String, schema: JSONValue)], settings: DocumentSettings) -> JSONValue {
        var paths: OrderedDictionary<String, JSONValue> = [:]
        for operation in operations {
            paths[operation.path] = (paths[operation.path] ?? [:]).merging(operation.verb, render(operation))
        }
        var document: OrderedDictionary<String, JSONValue> = ["swagger": "2.0", "info": settings.info]
        if let host = settings.host { document["host"] = .string(host) }
        document["basePath"] = .string(settings.basePath)
        if let scheme = settings.scheme { document["schemes"] = [.string(scheme)] }
        document["consumes"] = consumes
        document["produces"] = produces
        document["tags"] = .array(tags)
        document["paths"] = .object(paths)
        document["definitions"] = .object(.init(schemas.map { ($0.name, convert($0.schema)) }, uniquingKeysWith: { first, _ in first }))
        document["securityDefinitions"] = SecuritySchemes.definitions
        for (key, value) in settings.swaggerExtras.objectValue ?? [:] { document[key] = value }
        return .object(document)
    }

    static func render(_ operation: APIOperation) -> JSONValue {
        var parameters: [JSONValue] = operation.parameters.map { parameter in
            var fields: OrderedDictionary<String, JSONValue> = [
                "name": .string(parameter.name), "in": .string(parameter.location), "required": .bool(parameter.required),
                "description": .string(parameter.description),
            ]
            fields["type"] = parameter.schema["type"] ?? "string"
            if let format = parameter.schema["format"] { fields["format"] = format }
            return .object(fields)
        }
        if let body = operation.body {
            parameters.append(["name": "data", "in": "body", "required": .bool(operation.bodyRequired), "description": "Model instance data", "schema": convert(body)])
        }
        var responses: OrderedDictionary<String, JSONValue> = [:]
        for response in operation.responses {
            var entry: JSONValue = ["description": .string(response.description)]
            if let schema = response.schema { entry = entry.merging("schema", convert(schema)) }
            responses[response.status == 0 ? "default" : String(response.status)] = entry
        }
        var fields: OrderedDictionary<String, JSONValue> = [
            "tags": [.string(operation.tag)], "summary": .string(operation.summary), "operationId": .string(operation.operationId),
        ]
        if !parameters.isEmpty { fields["parameters"] = .array(parameters) }
        fields["responses"] = .object(responses)
        fields["security"] = SecuritySchemes.requirement
        return .object(fields)
    }

    /// A JSON Schema 2020-12 schema as a Swagger 2.0 schema: references into `definitions`, a
    /// nullable type as the type with `x-nullable`, an `anyOf` as its first non-null member.
    static func convert(_ schema: JSONValue) -> JSONValue {
        guard case .object(let fields) = schema else { return schema }
        if let members = fields["anyOf"]?.arrayValue {
            let nonNull = members.filter { $0["type"] != "null" }
            var first = convert(nonNull.first ?? [:])
            if first["$ref"] == nil, nonNull.count < members.count { first = first.merging("x-nullable", true) }
            if let description = fields["description"], first["$ref"] == nil { first = first.merging("description", description) }
            return first
        }
        var result: OrderedDictionary<String, JSONValue> = [:]
        for (key, value) in fields {
            switch key {
            case "$ref":
                result[key] = .string(refPrefix + (value.stringValue ?? "").dropFirst(OpenAPIDocument.refPrefix.count))
            case "type":
                if let types = value.arrayValue {
                    result["type"] = types.first { $0 != "null" } ?? "string"
                    if types.contains("null") { result["x-nullable"] = true }
                } else {
                    result["type"] = value
                }
            case "properties":
                result[key] = .object((value.objectValue ?? [:]).mapValues(convert))
            case "items":
                result[key] = convert(value)
            default:
                result[key] = value
            }
        }
        return .object(result)
    }
}
