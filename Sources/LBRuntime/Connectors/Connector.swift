public import LBCore
public import LBPlan
public import Logging

/// A storage backend for the models attached to one datasource.
///
/// Connectors store and query records; everything LoopBack does above storage — defaults,
/// coercion, validation, default scopes, hidden properties — is `ModelRepository`'s job, so a
/// connector stays small. A connector receives fully normalised `Filter`s and `Where`s whose
/// values are already coerced to the properties' types.
public protocol Connector: Sendable {
    /// Its id (`connector.memory`) and the names config files may use for it.
    static var info: ModuleInfo { get }

    /// Creates the connector for `dataSource`. Reads settings only; no I/O.
    init(dataSource: DataSourcePlan, context: ProvisionContext) throws

    /// Opens files or connections and prepares storage for `models` (creating or extending tables).
    func prepare(models: [ModelPlan]) async throws

    /// Records matching `filter` (`include` is ignored), sorted, projected and paged.
    func find(_ model: ModelPlan, _ filter: Filter) async throws -> [Record]

    /// How many records match `where` (all when `nil`).
    func count(_ model: ModelPlan, where: Where?) async throws -> Int

    /// Stores a new record and returns it as stored, with a generated id when the model's id is
    /// generated and the record has none. A duplicate id is a 409 `LoopBackError`.
    func create(_ model: ModelPlan, _ record: Record) async throws -> Record

    /// Sets `changes` on every record matching `where`; returns how many records changed.
    func update(_ model: ModelPlan, where: Where?, with changes: Record) async throws -> Int

    /// Replaces the whole record whose id is `id` by `record`; returns false if there is none.
    func replace(_ model: ModelPlan, id: JSONValue, with record: Record) async throws -> Bool

    /// Deletes every record matching `where`; returns how many were deleted.
    func delete(_ model: ModelPlan, where: Where?) async throws -> Int

    /// Flushes and closes. Called once, at shutdown.
    func shutdown() async throws

    /// Runs `body` — seeding `model`: "is its store empty? then create the seed records" — while
    /// no other lbrun process sharing this storage seeds `model`, so that instances booting at
    /// the same moment on one database seed it once. The default runs `body` at once: memory and
    /// SQLite stores belong to one process.
    func exclusiveSeeding(of model: ModelPlan, _ body: () async throws -> Void) async throws
}

extension Connector {
    public func exclusiveSeeding(of model: ModelPlan, _ body: () async throws -> Void) async throws {
        try await body()
    }
}

/// What a connector may use while it is created.
public struct ProvisionContext: Sendable {
    /// The app directory on disk; relative paths in settings (`file`) resolve against it.
    public let appDirectory: String
    public let logger: Logger

    public init(appDirectory: String, logger: Logger) {
        self.appDirectory = appDirectory
        self.logger = logger
    }

    /// `path` resolved against the app directory unless it is absolute.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (appDirectory.hasSuffix("/") ? appDirectory : appDirectory + "/") + path
    }
}

extension ModelPlan {
    /// The name of the primary id property, if the model has one.
    public var idName: String? { self.idProperties.first }

    /// `where <id> = value`.
    public func idWhere(_ value: JSONValue) -> Where? {
        idName.map { .condition(path: $0, op: .eq, value: value) }
    }
}
