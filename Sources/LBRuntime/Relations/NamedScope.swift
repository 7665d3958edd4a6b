public import LBCore
public import LBPlan

/// A named scope's methods (rest-api.md §4.7): the records of the model that match the scope's
/// filter, listed, created, deleted and counted at `/<Model plural>/<scope>`.
public enum ScopeOperation: String, Sendable, CaseIterable {
    case get, create, delete, count

    /// The static method's name (`__get__cheap`).
    public func methodName(_ scope: String) -> String {
        "__\(rawValue)__\(scope)"
    }
}

/// One named scope of a model.
public struct NamedScope: Sendable {
    public let name: String
    public let repository: ModelRepository

    public init(name: String, repository: ModelRepository) {
        self.name = name
        self.repository = repository
    }

    /// The scope's filter as written in the model's `scopes`.
    func filter() throws -> Filter {
        try FilterParser.parseScope(repository.model.scopes?[name], for: repository.model)
    }

    /// Runs `operation`: `query` is the request's `filter` (get) or `where` (count).
    public func perform(_ operation: ScopeOperation, query: JSONValue?, body: JSONValue?) async throws -> RelationResult {
        let scope = try filter()
        switch operation {
        case .get:
            let filter = ScopeMerger.merge(request: try FilterParser.parse(query, for: repository.model), scope: scope)
            return .json(.array(try await repository.find(filter).map(JSONValue.object)))
        case .create:
            let (items, isArray) = try RelatedRecords.objects(body)
            let values = ScopeMerger.scopeValues(of: scope.where)
            let data = items.map { item in item.merging(values) { _, new in new } }
            let repository = repository
            return .json(try await RelatedRecords.createEach(data, isArray: isArray, in: repository) { try await repository.create($0) })
        case .delete:
            _ = try await repository.deleteAll(scope.where)
            return .noContent
        case .count:
            let condition = Where.conjunction(try FilterParser.parseWhere(query, for: repository.model), scope.where)
            return .json(["count": .number(Double(try await repository.count(condition)))])
        }
    }
}
