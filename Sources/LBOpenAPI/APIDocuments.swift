public import LBCore
public import LBPlan
import LBREST

/// The OpenAPI 3.1 and Swagger 2.0 documents of the REST API an app serves: every route of the
/// `RouteTable` (so `sharedMethods`, relations, nested remoting, scopes and account methods are
/// exactly what `RestAPI` answers), with schemas derived from the models' properties.
///
/// Built once from the immutable plan; no I/O.
public struct APIDocuments: Sendable {
    /// The operations, in route-table order.
    public let operations: [APIOperation]
    /// The OpenAPI 3.1.0 document.
    public let openAPI: JSONValue
    /// The Swagger 2.0 document, as LoopBack 3's tools read it.
    public let swagger: JSONValue

    public init(plan: AppPlan, settings: DocumentSettings) {
        let table = RouteTable(plan: plan)
        var builder = OperationBuilder(plan: plan, refPrefix: OpenAPIDocument.refPrefix)
        operations = builder.operations(table)
        let tags: [JSONValue] = table.models.map { entry in
            var tag: JSONValue = ["name": .string(entry.model.name)]
            if let text = SchemaCatalog.description(entry.model.settings["description"]) { tag = tag.merging("description", .string(text)) }
            return tag
        }
        let schemas = builder.schemas.schemas
        openAPI = OpenAPIDocument.render(operations, tags: tags, schemas: schemas, settings: settings)
        swagger = SwaggerDocument.render(operations, tags: tags, schemas: schemas, settings: settings)
    }
}

extension JSONValue {
    /// This object with `key` set to `value` (appended when new).
    func merging(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        fields[key] = value
        return .object(fields)
    }
}
