public import LBCore
public import LBPlan

/// LoopBack 3's `transient` connector: accepts every operation and stores nothing. `create`
/// returns the record with a generated id; reads find nothing.
public struct TransientConnector: Connector {
    public static let info = ModuleInfo(
        id: ModuleID(.connector, "transient"), aliases: ["loopback-connector-transient"],
        summary: "Accepts every operation and stores nothing.")

    public init(dataSource: DataSourcePlan, context: ProvisionContext) throws {}

    public func prepare(models: [ModelPlan]) async throws {}

    public func find(_ model: ModelPlan, _ filter: Filter) async throws -> [Record] { [] }

    public func count(_ model: ModelPlan, where: Where?) async throws -> Int { 0 }

    public func create(_ model: ModelPlan, _ record: Record) async throws -> Record {
        var stored = record
        if let idName = model.idName, record[idName] == nil || record[idName] == .null {
            let id = Int.random(in: 1...Int(Int32.max))
            stored[idName] = model.property(named: idName)?.type == .string ? .string(String(id)) : .number(Double(id))
        }
        return stored
    }

    public func update(_ model: ModelPlan, where: Where?, with changes: Record) async throws -> Int { 0 }

    public func replace(_ model: ModelPlan, id: JSONValue, with record: Record) async throws -> Bool { false }

    public func delete(_ model: ModelPlan, where: Where?) async throws -> Int { 0 }

    public func shutdown() async throws {}
}
