import LBCore
import LBPlan
import LBREST
import LBRuntime

/// Turns the served `RouteTable` into `APIOperation`s with schemas from the models' properties.
struct OperationBuilder {
    let plan: AppPlan
    var schemas: SchemaCatalog

    init(plan: AppPlan, refPrefix: String) {
        self.plan = plan
        schemas = SchemaCatalog(plan: plan, refPrefix: refPrefix)
    }

    /// Every route of `table` as an operation: models in table order, each model's operations by
    /// path, then by verb as `OperationIDs` prefers them.
    mutating func operations(_ table: RouteTable) -> [APIOperation] {
        var operations: [APIOperation] = []
        for entry in table.models {
            let own = entry.routes.map { operation($0, of: entry.model) }
            operations += own.sorted { a, b in
                a.path != b.path ? a.path < b.path : OperationIDs.rank(a.verb) < OperationIDs.rank(b.verb)
            }
        }
        return OperationIDs.assign(operations)
    }

    private mutating func operation(_ route: RestRoute, of model: ModelPlan) -> APIOperation {
        let path = model.httpPath + route.segments.map { segment in
            switch segment {
            case .literal(let text): "/" + text
            case .parameter(let name): "/{" + name + "}"
            }
        }.joined()
        var operation = APIOperation(
            verb: route.verb, path: path, operationId: model.name + "." + route.method, tag: model.name,
            summary: MethodSummaries.summary(route), parameters: [], body: nil, bodyRequired: false, responses: [])
        for segment in route.segments {
            guard case .parameter(let name) = segment else { continue }
            operation.parameters.append(pathParameter(name, route: route, model: model))
        }
        describe(&operation, route: route, model: model)
        operation.responses += errorResponses(route)
        return operation
    }

    /// Query parameters, body and success response of the route's method.
    private mutating func describe(_ operation: inout APIOperation, route: RestRoute, model: ModelPlan) {
        let instance = schemas.response(model)
        switch route.action {
        case .create:
            let input = schemas.input(model)
            body(&operation, ["anyOf": [input, ["type": "array", "items": input]]])
            ok(&operation, "Request was successful", ["anyOf": [instance, ["type": "array", "items": instance]]])
        case .patchOrCreate, .replaceOrCreate:
            body(&operation, schemas.input(model))
            ok(&operation, "Request was successful", instance)
        case .upsertWithWhere:
            query(&operation, "where", Self.whereText, required: false)
            body(&operation, schemas.input(model))
            ok(&operation, "Request was successful", instance)
        case .updateAll:
            query(&operation, "where", Self.whereText, required: false)
            body(&operation, schemas.patch(model))
            ok(&operation, "Request was successful", Self.countSchema)
        case .replaceById:
            body(&operation, schemas.input(model))
            ok(&operation, "Request was successful", instance)
        case .patchAttributes:
            body(&operation, schemas.patch(model))
            ok(&operation, "Request was successful", instance)
        case .exists:
            ok(&operation, "Request was successful", ["type": "object", "properties": ["exists": ["type": "boolean"]]])
        case .existsHead:
            ok(&operation, "The instance exists", nil)
        case .findById:
            query(&operation, "filter", Self.filterText + " Only fields and include are used.", required: false)
            ok(&operation, "Request was successful", instance)
        case .find:
            query(&operation, "filter", Self.filterText, required: false)
            ok(&operation, "Request was successful", ["type": "array", "items": instance])
        case .findOne:
            query(&operation, "filter", Self.filterText, required: false)
            ok(&operation, "Request was successful", instance)
        case .deleteById, .count:
            if route.action == .count { query(&operation, "where", Self.whereText, required: false) }
            ok(&operation, "Request was successful", Self.countSchema)
        case .relation(let name, let relationOperation):
            guard let relation = model.relation(named: name) else { return }
            describeRelation(&operation, relation, relationOperation)
        case .nestedRelation(let outer, let inner, let relationOperation):
            guard let target = model.relation(named: outer)?.model.flatMap(plan.model(named:)),
                let relation = target.relation(named: inner)
            else { return }
            describeRelation(&operation, relation, relationOperation)
        case .scope(_, let scopeOperation):
            switch scopeOperation {
            case .get:
                query(&operation, "filter", Self.filterText, required: false)
                ok(&operation, "Request was successful", ["type": "array", "items": instance])
            case .create:
                body(&operation, schemas.input(model))
                ok(&operation, "Request was successful", instance)
            case .delete:
                noContent(&operation)
            case .count:
                query(&operation, "where", Self.whereText, required: false)
                ok(&operation, "Request was successful", Self.countSchema)
            }
        case .account(let account):
            describeAccount(&operation, account)
        }
    }

    /// A relation method (rest-api.md §4.3).
    private mutating func describeRelation(_ operation: inout APIOperation, _ relation: RelationPlan, _ kind: RelationOperation) {
        let target = relation.model.flatMap(plan.model(named:))
        let instance = target.map { schemas.response($0) } ?? ["type": "object"]
        let input = target.map { schemas.input($0) } ?? ["type": "object"]
        let toMany = ![.belongsTo, .hasOne, .embedsOne].contains(relation.type)
        switch kind {
        case .get where toMany:
            query(&operation, "filter", Self.filterText, required: false)
            ok(&operation, "Request was successful", ["type": "array", "items": instance])
        case .get:
            query(&operation, "refresh", "Reload the related instance instead of using a cached one.", required: false, schema: ["type": "boolean"])
            let answer: JSONValue = relation.type == .belongsTo ? ["anyOf": [instance, ["type": "object", "maxProperties": 0], ["type": "null"]]] : instance
            ok(&operation, "Request was successful", answer)
        case .create:
            body(&operation, toMany ? ["anyOf": [input, ["type": "array", "items": input]]] : input)
            ok(&operation, "Request was successful", toMany ? ["anyOf": [instance, ["type": "array", "items": instance]]] : instance)
        case .update, .updateById:
            body(&operation, input)
            ok(&operation, "Request was successful", instance)
        case .findById:
            ok(&operation, "Request was successful", instance)
        case .count:
            query(&operation, "where", Self.whereText, required: false)
            ok(&operation, "Request was successful", Self.countSchema)
        case .link:
            if let through = relation.through.flatMap(plan.model(named:)) {
                body(&operation, schemas.input(through), required: false)
                ok(&operation, "Request was successful", schemas.response(through))
            } else {
                ok(&operation, "Request was successful", instance)
            }
        case .exists:
            ok(&operation, "The relation exists", nil)
        case .destroy, .delete, .destroyById, .unlink:
            noContent(&operation)
        }
    }

    /// An account method of a User-based model (auth-and-acl.md §3.2).
    private mutating func describeAccount(_ operation: inout APIOperation, _ account: AccountOperation) {
        func object(_ names: [String], required: [String]) -> JSONValue {
            .object([
                "type": "object",
                "properties": .object(.init(uniqueKeysWithValues: names.map { ($0, ["type": "string"] as JSONValue) })),
                "required": .array(required.map(JSONValue.string)),
            ])
        }
        switch account {
        case .login:
            query(&operation, "include", "Related objects to include in the response: \"user\".", required: false)
            body(&operation, object(["username", "email", "password", "realm"], required: ["password"]))
            ok(&operation, "The access token", schemas.named("AccessTokenResponse", [
                "type": "object",
                "properties": [
                    "id": ["type": "string"], "ttl": ["type": "number"], "created": ["type": "string", "format": "date-time"],
                    "userId": [:], "user": ["type": "object"],
                ],
                "required": ["id"],
            ]))
        case .logout:
            noContent(&operation)
        case .confirm:
            query(&operation, "uid", "The user's id.", required: true)
            query(&operation, "token", "The verification token.", required: true)
            query(&operation, "redirect", "Where to redirect after confirming.", required: false)
            noContent(&operation)
            operation.responses.append(.init(status: 302, description: "Redirect to `redirect`", schema: nil))
        case .resetPassword:
            body(&operation, object(["email", "realm"], required: ["email"]))
            noContent(&operation)
        case .changePassword:
            body(&operation, object(["oldPassword", "newPassword"], required: ["oldPassword", "newPassword"]))
            noContent(&operation)
        case .setPassword:
            body(&operation, object(["newPassword"], required: ["newPassword"]))
            noContent(&operation)
        case .verify:
            noContent(&operation)
        }
    }

    private func pathParameter(_ name: String, route: RestRoute, model: ModelPlan) -> APIOperation.Parameter {
        let (owner, text): (ModelPlan?, String) = switch name {
        case "id": (model, "\(model.name) id")
        case "nk": (nestedTarget(route, model), "Related instance id (nested)")
        default: (fkTarget(route, model), "Foreign key for the related instance")
        }
        return .init(name: name, location: "path", required: true, description: text, schema: idSchema(owner))
    }

    /// The model `:fk` identifies on a relation route.
    private func fkTarget(_ route: RestRoute, _ model: ModelPlan) -> ModelPlan? {
        switch route.action {
        case .relation(let name, _): model.relation(named: name)?.model.flatMap(plan.model(named:))
        case .nestedRelation(_, let inner, _): nestedTarget(route, model)?.relation(named: inner)?.model.flatMap(plan.model(named:))
        default: nil
        }
    }

    /// The target of the outer relation of a nested route.
    private func nestedTarget(_ route: RestRoute, _ model: ModelPlan) -> ModelPlan? {
        guard case .nestedRelation(let outer, _, _) = route.action else { return nil }
        return model.relation(named: outer)?.model.flatMap(plan.model(named:))
    }

    /// The schema of an id of `model` in a path: its id property's type, or a string.
    private func idSchema(_ model: ModelPlan?) -> JSONValue {
        switch model?.idProperties.first.flatMap({ model?.property(named: $0)?.type }) {
        case .number?: ["type": "number"]
        default: ["type": "string"]
        }
    }

    private func query(_ operation: inout APIOperation, _ name: String, _ text: String, required: Bool, schema: JSONValue = ["type": "string"]) {
        operation.parameters.append(.init(name: name, location: "query", required: required, description: text, schema: schema))
    }

    private func body(_ operation: inout APIOperation, _ schema: JSONValue, required: Bool = true) {
        operation.body = schema
        operation.bodyRequired = required
    }

    private func ok(_ operation: inout APIOperation, _ text: String, _ schema: JSONValue?) {
        operation.responses.append(.init(status: 200, description: text, schema: schema))
    }

    private func noContent(_ operation: inout APIOperation) {
        operation.responses.append(.init(status: 204, description: "Request was successful", schema: nil))
    }

    /// LoopBack's error responses that apply to the route, with the error envelope as body.
    private mutating func errorResponses(_ route: RestRoute) -> [APIOperation.Response] {
        let error = schemas.named("Error", ErrorSchema.envelope)
        var responses = [APIOperation.Response(status: 401, description: "Authorization required or access denied", schema: error)]
        if route.segments.contains(.parameter("id")) {
            responses.append(.init(status: 404, description: "Unknown instance id", schema: error))
        }
        if route.accessType == "WRITE" || route.verb == "post" {
            responses.append(.init(status: 422, description: "Validation failed", schema: error))
        }
        responses.append(.init(status: 0, description: "Error", schema: error))
        return responses
    }

    static let filterText = #"Filter defining fields, where, include, order, offset, and limit — a JSON-encoded string ({"something":"value"})."#
    static let whereText = #"Criteria to match model instances — a JSON-encoded where object ({"something":"value"})."#
    static let countSchema: JSONValue = ["type": "object", "properties": ["count": ["type": "number"]]]
}
