public import LBCore
public import LBPlan
import Logging

/// LoopBack 3's `mail` connector, for the `Email` model: a datasource of mail transports.
///
/// Like LoopBack's, it stores no records: `Email` is a `Model`, not a `PersistedModel`, so it has
/// no data operations, and any that reach this connector fail with a 500 naming the datasource.
/// It sends mail with `send(_:transport:)` through its `transports` (or single `transport`):
/// `smtp` transports deliver over SMTP, `stub` transports keep the messages in memory
/// (`stubbedMail(transport:)`).
public struct MailConnector: Connector {
    public static let info = ModuleInfo(
        id: ModuleID(.connector, "mail"), aliases: ["loopback-connector-mail"],
        summary: "Sends email over SMTP for the Email model.")

    let dataSource: String
    let transports: [MailTransport]
    let logger: Logger

    /// Reads the transports. A setting of the wrong type stops the app; a transport type lbrun
    /// does not ship is logged and fails when a message is sent through it.
    public init(dataSource: DataSourcePlan, context: ProvisionContext) throws {
        self.dataSource = dataSource.name
        logger = context.logger
        let list: [JSONValue]
        if let transports = dataSource.settings["transports"], !transports.isNull {
            guard let array = transports.arrayValue else { throw MailSettingsError("'transports' must be an array") }
            list = array
        } else if let single = dataSource.settings["transport"], !single.isNull {
            list = [single]
        } else {
            list = []
        }
        var transports: [MailTransport] = []
        for (index, settings) in list.enumerated() {
            do {
                transports.append(try MailTransport(settings))
            } catch {
                throw MailSettingsError("transport \(index + 1): \(error.reason)")
            }
        }
        for case let (name, .unsupported(type)) in transports.map({ ($0.name, $0.kind) }) {
            context.logger.warning(
                "mail datasource '\(dataSource.name)': transport '\(name)' has type '\(type)'; lbrun sends only through smtp and stub")
        }
        self.transports = transports
    }

    /// Sends `message` through the transport whose `alias` (or else `type`) is `alias`, or through
    /// the first transport when `alias` is `nil` or names none, as LoopBack does.
    ///
    /// An SMTP transport opens a connection per message and returns once the server has accepted
    /// the data. A datasource without transports sends nothing and logs a warning, as LoopBack;
    /// the receipt's `transport` is then `nil`.
    ///
    /// - Throws: a 500 `LoopBackError` whose message names the datasource, the server
    ///   (`host:port`) and what went wrong, with the server's reply when it refused something;
    ///   `code` is nodemailer's: `ECONNECTION`, `ETIMEDOUT`, `ETLS`, `EAUTH`, `EENVELOPE`
    ///   (no or refused recipients, bad addresses), `EMESSAGE` or `EPROTOCOL`.
    public func send(_ message: MailMessage, transport alias: String? = nil) async throws(LoopBackError) -> MailReceipt {
        let mail: ComposedMail
        do {
            mail = try MailComposer.compose(message)
        } catch {
            throw failure(error, "could not send the message")
        }
        guard let transport = transports.first(where: { $0.name == alias }) ?? transports.first else {
            logger.warning(
                "mail datasource '\(dataSource)' has no transport: the message to \(mail.recipients.joined(separator: ", ")) was not sent")
            return MailReceipt(messageID: mail.messageID, accepted: [], rejected: [], response: "", transport: nil)
        }
        switch transport.kind {
        case .stub(let outbox):
            outbox.keep(
                StubbedMail(
                    message: message, sender: mail.sender, recipients: mail.recipients, messageID: mail.messageID, data: mail.data))
            return MailReceipt(messageID: mail.messageID, accepted: mail.recipients, rejected: [], response: "", transport: transport.name)
        case .smtp(let settings):
            let delivery: SMTPDelivery
            do {
                delivery = try await SMTPSession(settings: settings).deliver(mail)
            } catch {
                throw failure(error, "could not send through \(settings.endpoint)")
            }
            logger.debug("mail datasource '\(dataSource)' sent \(mail.messageID) through \(settings.endpoint): \(delivery.response)")
            return MailReceipt(
                messageID: mail.messageID, accepted: delivery.accepted, rejected: delivery.rejected,
                response: delivery.response, transport: transport.name)
        case .unsupported(let type):
            throw LoopBackError(
                statusCode: 500,
                message: "mail datasource '\(dataSource)' cannot send through transport '\(transport.name)': "
                    + "lbrun does not support the '\(type)' transport type (only smtp and stub)")
        }
    }

    /// Sends LoopBack's `Email.send(options)` object (see `MailMessage(options:)`); its
    /// `transport` key picks the transport.
    public func send(options: JSONValue) async throws(LoopBackError) -> MailReceipt {
        try await send(MailMessage(options: options), transport: options["transport"]?.stringValue)
    }

    /// The messages a `stub` transport kept, oldest first: the one picked by `alias` as `send`
    /// picks, or the first transport. Empty when that transport is not a stub.
    public func stubbedMail(transport alias: String? = nil) -> [StubbedMail] {
        guard case .stub(let outbox)? = (transports.first { $0.name == alias } ?? transports.first)?.kind else { return [] }
        return outbox.all
    }

    /// `mail datasource 'mail' could not send through smtp.example.com:587: <reason>`.
    private func failure(_ failure: MailFailure, _ what: String) -> LoopBackError {
        LoopBackError(
            statusCode: 500, message: "mail datasource '\(dataSource)' \(what): \(failure.reason)", code: failure.kind.rawValue)
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
