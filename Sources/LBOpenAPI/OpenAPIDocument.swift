import LBCore
import OrderedCollections

/// Renders operations as an OpenAPI 3.1.0 document (JSON Schema 2020-12 schemas).
enum OpenAPIDocument {
    static let refPrefix = "#/components/schemas/"

    static func render(_ operations: [APIOperation], tags: [JSONValue], schemas: [(name: String, schema: JSONValue)], settings: DocumentSettings) -> JSONValue {
        let server = settings.host.map { "\(settings.scheme ?? "http")://\($0)\(settings.basePath == "/" ? "" : settings.basePath)" } ?? settings.basePath
        var paths: OrderedDictionary<String, JSONValue> = [:]
        for operation in operations {
            paths[operation.path] = (paths[operation.path] ?? [:]).merging(operation.verb, render(operation))
        }
        return [
            "openapi": "3.1.0",
            "info": settings.info,
            "servers": [["url": .string(server)]],
            "tags": .array(tags),
            "paths": .object(paths),
            "components": [
                "schemas": .object(.init(schemas.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })),
                "securitySchemes": SecuritySchemes.definitions,
            ],
        ]
    }

    static func render(_ operation: APIOperation) -> JSONValue {
        var fields: OrderedDictionary<String, JSONValue> = [
            "tags": [.string(operation.tag)],
            "summary": .string(operation.summary),
            "operationId": .string(operation.operationId),
        ]
        if !operation.parameters.isEmpty {
            fields["parameters"] = .array(operation.parameters.map { parameter in
                [
                    "name": .string(parameter.name), "in": .string(parameter.location), "required": .bool(parameter.required),
                    "description": .string(parameter.description), "schema": parameter.schema,
                ]
            })
        }
        if let body = operation.body {
            fields["requestBody"] = [
                "description": "Model instance data", "required": .bool(operation.bodyRequired),
                "content": ["application/json": ["schema": body]],
            ]
        }
        var responses: OrderedDictionary<String, JSONValue> = [:]
        for response in operation.responses {
            var entry: JSONValue = ["description": .string(response.description)]
            if let schema = response.schema { entry = entry.merging("content", ["application/json": ["schema": schema]]) }
            responses[response.status == 0 ? "default" : String(response.status)] = entry
        }
        fields["responses"] = .object(responses)
        fields["security"] = SecuritySchemes.requirement
        return .object(fields)
    }
}
