public import LBCore

extension ModelRepository {
    /// `find` with a filter written as LoopBack JSON (`["where": ["done": false], "limit": 10]`).
    public func find(filter: JSONValue) async throws -> [Record] {
        try await find(FilterParser.parse(filter, for: model))
    }

    /// `findOne` with a filter written as LoopBack JSON.
    public func findOne(filter: JSONValue) async throws -> Record? {
        try await findOne(FilterParser.parse(filter, for: model))
    }

    /// `count` with a where clause written as LoopBack JSON.
    public func count(where clause: JSONValue) async throws -> Int {
        try await count(FilterParser.parseWhere(clause, for: model))
    }

    /// `updateAll` with a where clause written as LoopBack JSON.
    public func updateAll(where clause: JSONValue, _ data: Record) async throws -> Int {
        try await updateAll(FilterParser.parseWhere(clause, for: model), data)
    }

    /// `create` from a JSON object.
    public func create(_ data: JSONValue) async throws -> Record {
        guard let object = data.objectValue else { throw LoopBackError.badRequest("Value is not an object.") }
        return try await create(object)
    }
}
