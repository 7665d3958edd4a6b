import Foundation
public import LBCore
public import LBPlan

/// LoopBack 3's `memory` connector: records in process memory, optionally persisted to a JSON
/// file (`"file": "data/db.json"`, relative to the app directory).
///
/// Queries use the reference semantics of `MemoryQuery`. Ids are generated per model from 1;
/// a client-chosen larger id moves the sequence past it. With a file, every write rewrites the
/// file in LoopBack's format (records double-encoded as JSON strings) through a temporary file,
/// `fsync` and an atomic rename, before the write is acknowledged — so a killed process loses
/// no acknowledged record and never leaves a half-written file.
public struct MemoryConnector: Connector {
    public static let info = ModuleInfo(
        id: ModuleID(.connector, "memory"), aliases: ["loopback-connector-memory"],
        summary: "In-process store, optionally persisted to a JSON file (LoopBack 3's memory connector).")

    let store: MemoryStore

    public init(dataSource: DataSourcePlan, context: ProvisionContext) throws {
        let file = dataSource.settings["file"]?.stringValue.flatMap { $0.isEmpty ? nil : context.resolve($0) }
        store = MemoryStore(file: file, dataSource: dataSource.name)
    }

    public func prepare(models: [ModelPlan]) async throws {
        try await store.load()
    }

    public func find(_ model: ModelPlan, _ filter: Filter) async throws -> [Record] {
        let (records, ordered) = await store.query(model, for: filter.where)
        return MemoryQuery.run(filter, on: records, model: model, inIdOrder: ordered)
    }

    public func count(_ model: ModelPlan, where: Where?) async throws -> Int {
        guard let condition = `where` else { return await store.count(of: model) }
        return await store.candidates(of: model, for: condition).filter { WhereEvaluator.matches($0, condition, model: model) }.count
    }

    public func create(_ model: ModelPlan, _ record: Record) async throws -> Record {
        try await store.insert(record, model: model)
    }

    public func update(_ model: ModelPlan, where: Where?, with changes: Record) async throws -> Int {
        try await store.update(model: model, where: `where`, with: changes)
    }

    public func replace(_ model: ModelPlan, id: JSONValue, with record: Record) async throws -> Bool {
        try await store.replace(model: model, id: id, with: record)
    }

    public func delete(_ model: ModelPlan, where: Where?) async throws -> Int {
        try await store.delete(model: model, where: `where`)
    }

    public func shutdown() async throws {}
}
