public import LBCore
public import LBPlan

/// LoopBack 3's `mail` connector, for the `Email` model: a datasource of mail transports.
///
/// Like LoopBack's, it stores no records: `Email` is a `Model`, not a `PersistedModel`, so it has
/// no data operations, and any that reach this connector fail with a 500 naming the datasource.
/// Sending mail over SMTP uses `transports` (or `transport`), read here.
public struct MailConnector: Connector {
    public static let info = ModuleInfo(
        id: ModuleID(.connector, "mail"), aliases: ["loopback-connector-mail"],
        summary: "Sends email over SMTP for the Email model.")

    /// The configured transports, the first being the default (`type`, `host`, `port`, `secure`, `auth`).
    public let transports: [JSONValue]
    let dataSource: String

    public init(dataSource: DataSourcePlan, context: ProvisionContext) throws {
        self.dataSource = dataSource.name
        if let list = dataSource.settings["transports"]?.arrayValue {
            transports = list
        } else if let single = dataSource.settings["transport"] {
            transports = [single]
        } else {
            transports = []
        }
    }

    public func prepare(models: [ModelPlan]) async throws {}

    func unsupported(_ model: ModelPlan) -> LoopBackError {
        LoopBackError(statusCode: 500, message: "\(model.name) is attached to mail datasource '\(dataSource)', which stores no records")
    }

    public func find(_ model: ModelPlan, _ filter: Filter) async throws -> [Record] { throw unsupported(model) }
    public func count(_ model: ModelPlan, where: Where?) async throws -> Int { throw unsupported(model) }
    public func create(_ model: ModelPlan, _ record: Record) async throws -> Record { throw unsupported(model) }
    public func update(_ model: ModelPlan, where: Where?, with changes: Record) async throws -> Int { throw unsupported(model) }
    public func replace(_ model: ModelPlan, id: JSONValue, with record: Record) async throws -> Bool { throw unsupported(model) }
    public func delete(_ model: ModelPlan, where: Where?) async throws -> Int { throw unsupported(model) }
    public func shutdown() async throws {}
}
