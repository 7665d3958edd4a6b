public import LBCore
public import LBPlan
public import LBRuntime

/// A datasource stored in an SQLite database file (`"connector": "sqlite3"`).
///
/// Settings: `file`, the database file relative to the app directory, or `:memory:` (the
/// default). The file is opened in `prepare` with `journal_mode=WAL` and `synchronous=FULL`, so
/// an acknowledged write survives `kill -9`, and `foreign_keys=OFF`.
///
/// Each model attached to the datasource gets a table derived from its plan (`TableSchema`),
/// created or extended (never altered otherwise) in `prepare`. Records read back are exactly what
/// the memory connector returns for the same writes (`RowCodec`), and queries give its answers:
/// conditions and orders with an exact SQL meaning run as SQL, the rest through `WhereEvaluator`
/// inside SQLite or `MemoryQuery` on the selected rows (`QueryTranslator`).
public struct SQLiteConnector: Connector {
    public static let info = ModuleInfo(
        id: ModuleID(.connector, "sqlite"), aliases: ["sqlite3", "loopback-connector-sqlite3", "loopback-connector-sqlite"],
        summary: "SQLite database file.")

    let store: SQLiteStore

    public init(dataSource: DataSourcePlan, context: ProvisionContext) throws {
        var path = ":memory:"
        if let file = dataSource.settings["file"] {
            guard let text = file.stringValue else {
                throw LoopBackError(
                    statusCode: 500, message: "sqlite: the 'file' setting of datasource '\(dataSource.name)' must be a string")
            }
            if !text.isEmpty, text != ":memory:" { path = context.resolve(text) }
        }
        store = SQLiteStore(path: path, dataSource: dataSource.name, logger: context.logger)
    }

    /// The database path, or `:memory:`.
    var path: String { store.path }

    public func prepare(models: [ModelPlan]) async throws {
        let attached = attachedModels(models)
        let schemas = try attached.map(TableSchema.init(model:))
        store.schemas.withLock { cache in
            for (model, schema) in zip(attached, schemas) { cache[model.name] = schema }
        }
        try await store.prepare(schemas)
    }

    /// The models of `models` this datasource stores (those attached to it, or to no datasource).
    func attachedModels(_ models: [ModelPlan]) -> [ModelPlan] {
        models.filter { $0.dataSource == nil || $0.dataSource == store.dataSource }
    }

    /// The table schema of `model`.
    func schema(_ model: ModelPlan) throws -> TableSchema {
        if let cached = store.schemas.withLock({ $0[model.name] }) { return cached }
        return try TableSchema(model: model)
    }

    public func find(_ model: ModelPlan, _ filter: Filter) async throws -> [Record] {
        try await store.find(model, try schema(model), filter)
    }

    public func count(_ model: ModelPlan, where: Where?) async throws -> Int {
        try await store.count(model, try schema(model), where: `where`)
    }

    public func create(_ model: ModelPlan, _ record: Record) async throws -> Record {
        try await store.create(model, try schema(model), record)
    }

    public func update(_ model: ModelPlan, where: Where?, with changes: Record) async throws -> Int {
        try await store.update(model, try schema(model), where: `where`, with: changes)
    }

    public func replace(_ model: ModelPlan, id: JSONValue, with record: Record) async throws -> Bool {
        guard let condition = model.idWhere(id) else { return false }
        return try await store.replace(model, try schema(model), where: condition, with: record)
    }

    public func delete(_ model: ModelPlan, where: Where?) async throws -> Int {
        try await store.delete(model, try schema(model), where: `where`)
    }

    public func shutdown() async throws {
        try await store.close()
    }
}
