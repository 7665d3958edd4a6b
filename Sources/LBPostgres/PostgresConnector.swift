public import LBCore
public import LBPlan
public import LBRuntime

/// A datasource stored in a PostgreSQL database (`"connector": "postgresql"`).
///
/// Settings are read by `PostgresSettings`; each model gets a table in the datasource's schema
/// (or its own `postgresql.schema`), created or extended in `prepare` (`PostgresTable`). Records
/// read back as the memory connector returns them (`PostgresRowCodec`) and queries give its
/// answers, in SQL where SQL has the same meaning (`PostgresQueryTranslator`). A database that
/// cannot be reached answers 503 while lbrun reconnects (`PostgresAvailability`), unless the
/// datasource sets `failFast`, which makes the boot fail instead.
public struct PostgresConnector: Connector {
    public static let info = ModuleInfo(
        id: ModuleID(.connector, "postgresql"), aliases: ["postgres", "loopback-connector-postgresql"],
        summary: "PostgreSQL server.")

    let store: PostgresStore

    public init(dataSource: DataSourcePlan, context: ProvisionContext) throws {
        store = PostgresStore(dataSource: dataSource.name, settings: try PostgresSettings(dataSource), logger: context.logger)
    }

    public func prepare(models: [ModelPlan]) async throws {
        let tables = try models.filter { $0.dataSource == nil || $0.dataSource == store.dataSource }.map {
            ($0.name, try PostgresTable(model: $0, defaultSchema: store.settings.schema))
        }
        store.tables.withLock { cache in
            for (name, table) in tables { cache[name] = table }
        }
        try await store.prepare(tables.map(\.1))
    }

    /// The table of `model`.
    func table(_ model: ModelPlan) throws -> PostgresTable {
        if let cached = store.tables.withLock({ $0[model.name] }) { return cached }
        return try PostgresTable(model: model, defaultSchema: store.settings.schema)
    }

    public func find(_ model: ModelPlan, _ filter: Filter) async throws -> [Record] {
        try await store.find(model, try table(model), filter)
    }

    public func count(_ model: ModelPlan, where: Where?) async throws -> Int {
        try await store.count(model, try table(model), where: `where`)
    }

    public func create(_ model: ModelPlan, _ record: Record) async throws -> Record {
        try await store.create(model, try table(model), record)
    }

    public func update(_ model: ModelPlan, where: Where?, with changes: Record) async throws -> Int {
        try await store.update(model, try table(model), where: `where`, with: changes)
    }

    public func replace(_ model: ModelPlan, id: JSONValue, with record: Record) async throws -> Bool {
        guard let condition = model.idWhere(id) else { return false }
        return try await store.replace(model, try table(model), where: condition, with: record)
    }

    public func delete(_ model: ModelPlan, where: Where?) async throws -> Int {
        try await store.delete(model, try table(model), where: `where`)
    }

    public func shutdown() async throws {
        await store.close()
    }
}
