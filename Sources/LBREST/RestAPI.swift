import Foundation
public import HTTPTypes
public import Hummingbird
import LBConfig
public import LBCore
public import LBPlan
public import LBRuntime
import NIOCore

/// LoopBack's REST API for every public model: route matching (case-insensitive, trailing slash
/// tolerated, LoopBack's route order), argument coercion, calling the model's repository, and
/// LoopBack's response shapes and statuses (rest-api.md §1–§2).
public struct RestAPI: Sendable {
    public let table: RouteTable
    public let app: RuntimeApp
    /// `remoting.json.limit` in bytes (default 100kb).
    public let bodyLimit: Int
    /// `bulkErrorStatus: "client"` in config.json: a bulk create whose failures are all client
    /// errors answers with their status instead of LoopBack's 500.
    let bulkClientStatus: Bool

    /// Where access tokens are looked for (the `loopback#token` middleware's options).
    let tokenExtractor: TokenExtractor
    /// The `loopback#token` option `currentUserLiteral` (`me`): a path segment standing for the
    /// token's user id.
    let currentUserLiteral: String?

    public init(app: RuntimeApp) {
        self.app = app
        let tokenOptions = app.plan.middleware.first { $0.module == ModuleID(.middleware, "token") }?.params
        self.tokenExtractor = TokenExtractor(options: tokenOptions)
        switch tokenOptions?["currentUserLiteral"] {
        case .string(let literal)? where !literal.isEmpty: currentUserLiteral = literal
        case let flag? where flag.isTruthy: currentUserLiteral = "me"
        default: currentUserLiteral = nil
        }
        self.table = RouteTable(plan: app.plan)
        self.bodyLimit = ByteSize.parse(app.plan.config.settings["remoting"]?["json"]?["limit"]) ?? 100 * 1024
        self.bulkClientStatus = app.plan.config.settings["bulkErrorStatus"]?.stringValue == "client"
    }

    /// Answers a request whose path below the REST root is `path` (starting with `/`).
    public func respond(to request: Request, path: String) async throws -> Response {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true).map { Self.decode(String($0)) }
        // `currentUserLiteral` (`/Users/me`): the segment becomes the token's user id.
        var early: (arguments: RestArguments, token: ResolvedToken?)?
        if let literal = currentUserLiteral, segments.dropFirst().contains(literal) {
            let arguments = try await RestArguments(request: request, parameters: [:], bodyLimit: bodyLimit)
            let token = try await authenticate(request, arguments)
            guard let userId = token?.userId, userId != .null else {
                throw LoopBackError(statusCode: 401, message: "Authorization Required", code: "AUTHORIZATION_REQUIRED")
            }
            segments = [segments[0]] + segments.dropFirst().map { $0 == literal ? ValueCoercion.javaScriptString(userId) : $0 }
            early = (arguments, token)
        }
        let verb = request.method.rawValue.lowercased()
        let query = request.uri.query.map { "?" + $0 } ?? ""
        guard let first = segments.first, let model = table.model(at: first) else {
            throw LoopBackError.notFound("There is no method to handle \(request.method.rawValue) \(path)\(query)")
        }
        let rest = Array(segments.dropFirst())
        guard let (route, parameters) = match(model.routes, verb: verb, segments: rest) else {
            let relative = "/" + path.split(separator: "/", omittingEmptySubsequences: true).dropFirst().joined(separator: "/")
            throw LoopBackError.notFound(
                "Shared class  \"\(model.model.name)\" has no method handling \(request.method.rawValue) \(relative)\(query)")
        }
        let repository = try app.model(model.model.name)
        var arguments: RestArguments
        let token: ResolvedToken?
        if let early {
            arguments = early.arguments
            arguments.parameters = parameters
            token = early.token
        } else {
            arguments = try await RestArguments(request: request, parameters: parameters, bodyLimit: bodyLimit)
            token = try await authenticate(request, arguments)
        }
        try await authorize(route, model: repository, arguments: arguments, token: token)
        if let guardian = ReadOnlyGuard(model.model), route.accessType == "WRITE", route.action.isModelMethod, route.action != .deleteById {
            try arguments.restrict(with: guardian, for: route.action)
        }
        if let accounts = app.auth.accounts(repository), route.accessType == "WRITE", route.action.isModelMethod,
            route.action != .create, let body = arguments.rawBody?.objectValue
        {
            try accounts.checkPasswordChange(body)
        }
        let result = try await invoke(route.action, repository: repository, arguments: &arguments, token: token)
        if model.model.name == "ACL", route.accessType == "WRITE" { app.auth.dynamicRulesChanged() }
        try checkAcceptable(request)
        return respond(result, request: request)
    }

    /// The request's valid access token, when auth is on (auth-and-acl.md §2).
    func authenticate(_ request: Request, _ arguments: RestArguments) async throws -> ResolvedToken? {
        guard app.auth.enabled, let tokens = app.auth.tokens else { return nil }
        for id in tokenExtractor.candidates(request, query: arguments.query, body: arguments.rawBody) {
            if let token = try await tokens.resolve(id) { return token }
        }
        return nil
    }

    /// The first route that matches, trying HEAD requests against GET routes after HEAD ones.
    func match(_ routes: [RestRoute], verb: String, segments: [String]) -> (RestRoute, [String: String])? {
        let verbs = verb == "head" ? ["head", "get"] : [verb]
        for candidate in verbs {
            for route in routes where route.verb == candidate && route.segments.count == segments.count {
                var parameters: [String: String] = [:]
                var matched = true
                for (pattern, segment) in zip(route.segments, segments) {
                    switch pattern {
                    case .literal(let text): matched = PathText.equalsIgnoringCase(text, segment)
                    case .parameter(let name): parameters[name] = segment
                    }
                    if !matched { break }
                }
                if matched { return (route, parameters) }
            }
        }
        return nil
    }

    /// What a method returns, before encoding.
    enum Result {
        case json(JSONValue)
        /// HEAD existence check: 200 or 404 with no body.
        case empty
        /// 204 No Content.
        case noContent
        /// 302 Found to the location.
        case redirect(String)
    }

    func invoke(_ action: RestAction, repository: ModelRepository, arguments: inout RestArguments, token: ResolvedToken?) async throws -> Result {
        let model = repository.model
        switch action {
        case .find:
            return .json(.array(try await repository.find(FilterParser.parse(arguments.object("filter"), for: model)).map(JSONValue.object)))
        case .findOne:
            guard let found = try await repository.findOne(FilterParser.parse(arguments.object("filter"), for: model)) else {
                throw LoopBackError.notFound("Unknown \"\(model.name)\" id \"undefined\".", code: "MODEL_NOT_FOUND")
            }
            return .json(.object(found))
        case .findById:
            let (id, text) = try arguments.id()
            let filter = try FilterParser.parse(arguments.object("filter"), for: model)
            guard let found = try await repository.findById(id, filter: filter) else {
                throw LoopBackError.notFound("Unknown \"\(model.name)\" id \"\(text)\".", code: "MODEL_NOT_FOUND")
            }
            return .json(.object(found))
        case .count:
            var clause = try arguments.object("where")
            if clause == nil { clause = try arguments.object("filter")?["where"] }  // lbrun: count?filter[where]… works too
            return .json(["count": .number(Double(try await repository.count(FilterParser.parseWhere(clause, for: model))))])
        case .exists:
            let (id, _) = try arguments.id()
            return .json(["exists": .bool(try await repository.exists(id))])
        case .existsHead:
            let (id, text) = try arguments.id()
            guard try await repository.exists(id) else {
                throw LoopBackError.notFound("Unknown \"\(model.name)\" id \"\(text)\".", code: "MODEL_NOT_FOUND")
            }
            return .empty
        case .create:
            return .json(try await create(repository, arguments.body(allowArray: true)))
        case .patchOrCreate:
            return .json(.object(try await repository.patchOrCreate(arguments.data())))
        case .replaceOrCreate:
            return .json(.object(try await repository.replaceOrCreate(arguments.data())))
        case .upsertWithWhere:
            let clause = try FilterParser.parseWhere(arguments.object("where"), for: model)
            return .json(.object(try await repository.upsertWithWhere(clause, arguments.data())))
        case .updateAll:
            let clause = try FilterParser.parseWhere(arguments.object("where"), for: model)
            return .json(["count": .number(Double(try await repository.updateAll(clause, arguments.data())))])
        case .replaceById:
            let (id, _) = try arguments.id()
            let replaced = try await repository.replaceById(id: id, arguments.data())
            try await app.auth.accounts(repository)?.afterSensitiveChange(arguments.data(), userId: replaced[model.idName ?? "id"] ?? id, keeping: token)
            return .json(.object(replaced))
        case .patchAttributes:
            let (id, _) = try arguments.id()
            let patched = try await repository.patchAttributes(id: id, arguments.data())
            try await app.auth.accounts(repository)?.afterSensitiveChange(arguments.data(), userId: patched[model.idName ?? "id"] ?? id, keeping: token)
            return .json(.object(patched))
        case .deleteById:
            let (id, _) = try arguments.id()
            let deleted = try await repository.deleteById(id)
            if deleted > 0, let accounts = app.auth.accounts(repository) { try await accounts.revokeTokens(of: repository.coercedId(id)) }
            return .json(["count": .number(Double(deleted))])
        case .account(let operation):
            guard let accounts = app.auth.accounts(repository) else {
                throw LoopBackError.notFound("\(model.name) has no access tokens: attach an AccessToken model to a datasource")
            }
            return try await AccountEndpoint(accounts: accounts, app: app).invoke(operation, arguments: arguments, token: token)
        case .relation(let name, let operation):
            guard let relation = model.relation(named: name) else { throw LoopBackError.notFound("Unknown relation \(name)") }
            let (id, _) = try arguments.id()
            return result(try await RelatedRecords(relation: relation, source: repository).perform(operation, call(operation, id, arguments)))
        case .nestedRelation(let outer, let inner, let operation):
            return result(try await nested(outer, inner, operation, repository: repository, arguments: arguments))
        case .scope(let name, let operation):
            let query = try arguments.object(operation == .count ? "where" : "filter")
            return result(try await NamedScope(name: name, repository: repository).perform(operation, query: query, body: arguments.rawBody))
        }
    }

    /// The arguments of a relation method: `:fk`, then `filter` or `where`, and the body.
    func call(_ operation: RelationOperation, _ parentId: JSONValue, _ arguments: RestArguments) throws -> RelationCall {
        let query = try arguments.object(operation == .count ? "where" : "filter")
        return RelationCall(parentId: parentId, fk: arguments.parameters["fk"].flatMap(ArgumentCoercion.any), query: query, body: arguments.rawBody)
    }

    /// A relation method of the record that relation `outer` reaches from `:id` (and `:nk`).
    func nested(
        _ outer: String, _ inner: String, _ operation: RelationOperation, repository: ModelRepository, arguments: RestArguments
    ) async throws -> RelationResult {
        guard let outerRelation = repository.model.relation(named: outer), let targetName = outerRelation.model,
            let target = repository.directory.repository(targetName), let innerRelation = target.model.relation(named: inner),
            let targetId = target.model.idName
        else { throw LoopBackError.notFound("Unknown relation \(outer).\(inner)") }
        let (id, _) = try arguments.id()
        let related = RelatedRecords(relation: outerRelation, source: repository)
        let step: RelationResult
        if let nk = arguments.parameters["nk"] {
            step = try await related.perform(.findById, RelationCall(parentId: id, fk: ArgumentCoercion.any(nk)))
        } else {
            step = try await related.perform(.get, RelationCall(parentId: id))
        }
        guard case .json(let intermediate) = step, let middleId = intermediate[targetId], middleId != .null else {
            throw LoopBackError.notFound("could not find a model with id \(ValueCoercion.javaScriptString(intermediate(step)))", code: "MODEL_NOT_FOUND")
        }
        return try await RelatedRecords(relation: innerRelation, source: target).perform(operation, call(operation, middleId, arguments))
    }

    private func intermediate(_ result: RelationResult) -> JSONValue {
        if case .json(let value) = result { return value }
        return .null
    }

    func result(_ result: RelationResult) -> Result {
        switch result {
        case .json(let value): .json(value)
        case .noContent: .noContent
        }
    }

    /// `create` with an object or an array; an array reports every failed item in one 500, as LoopBack
    /// does, or (with `bulkErrorStatus: "client"`) with the failures' own status when they are all
    /// client errors: 422 when every failure is 422, else 400. On a connector with transactions the
    /// array is one transaction, each item a savepoint of it: a failure stores none of the items.
    func create(_ repository: ModelRepository, _ body: JSONValue) async throws -> JSONValue {
        guard let items = body.arrayValue else {
            guard let object = body.objectValue else { throw LoopBackError.badRequest("Value is not an object.") }
            return .object(try await repository.create(object))
        }
        let bulkClientStatus = bulkClientStatus
        return try await repository.atomically {
            var results: [JSONValue] = []
            var failures: [JSONValue] = []
            var statuses: Set<Int> = []
            for item in items {
                do {
                    guard let object = item.objectValue else { throw LoopBackError.badRequest("Value is not an object.") }
                    results.append(.object(try await repository.atomically { try await repository.create(object) }))
                    failures.append(.null)
                } catch {
                    let failure = ErrorRenderer.loopBackError(error)
                    statuses.insert(failure.statusCode)
                    results.append(.null)
                    failures.append(ErrorRenderer(options: .init()).body(failure))
                }
            }
            if !statuses.isEmpty {
                let clientErrors = bulkClientStatus && statuses.allSatisfy { (400..<500).contains($0) }
                var error = LoopBackError(
                    statusCode: clientErrors ? (statuses.count == 1 ? statuses.first! : 400) : 500, message: "Failed with multiple errors, see `details` for more information.", details: .array(failures))
                error.isAggregate = true
                throw error
            }
            return .array(results)
        }
    }

    /// 406 when the client accepts none of the JSON types (rest-api.md §1.6). As in LoopBack, this
    /// is decided when the result is encoded, after the method ran; `?_format=json` overrides `Accept`.
    func checkAcceptable(_ request: Request) throws {
        if request.uri.query?.utf8.contains(UInt8(ascii: "_")) ?? false, let format = request.uri.queryParameters.get("_format") {
            if format == "json" { return }
            throw NotAcceptable()
        }
        guard let accept = request.headers[.accept], !accept.isEmpty else { return }
        let acceptable = ["application/json", "application/javascript", "text/javascript", "json", "*/*", "application/*", "text/*"]
        let types = accept.split(separator: ",").map { $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "" }
        if !types.contains(where: acceptable.contains) {
            throw NotAcceptable()
        }
    }

    func respond(_ result: Result, request: Request) -> Response {
        switch result {
        case .empty:
            return Response(status: .ok)
        case .noContent:
            return Response(status: .noContent)
        case .redirect(let location):
            return Response(status: .found, headers: [.location: location])
        case .json(let value):
            let body = request.method == .head ? ByteBuffer() : ByteBuffer(bytes: value.jsonBytes)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: body))
        }
    }

    static func decode(_ segment: String) -> String {
        segment.utf8.contains(UInt8(ascii: "%")) ? (segment.removingPercentEncoding ?? segment) : segment
    }
}

/// The 406 reply for an `Accept` header lbrun cannot satisfy: plain text, not the JSON envelope.
struct NotAcceptable: PlainResponseError {
    var response: Response {
        Response(status: .notAcceptable, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: "Not Acceptable")))
    }
}
