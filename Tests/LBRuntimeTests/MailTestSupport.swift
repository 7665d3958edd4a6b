import LBCore
@testable import LBPlan
import LBRuntime
import LBTesting
import Logging
import Testing

/// A mail connector for datasource `name` with `settings` (`transports`, `transport`).
func mailConnector(_ settings: JSONValue, name: String = "mail") throws -> MailConnector {
    let plan = DataSourcePlan(
        name: name, connector: MailConnector.info.id, connectorName: "mail", settings: settings,
        origin: .start(of: "server/datasources.json"))
    return try MailConnector(dataSource: plan, context: ProvisionContext(appDirectory: "/tmp", logger: Logger(label: "mail-tests")))
}

/// The settings of an `smtp` transport to `sink`, plus `extra` settings.
func smtpTransport(_ sink: SMTPSink, _ extra: [String: JSONValue] = [:]) -> JSONValue {
    var settings: [String: JSONValue] = ["type": "smtp", "host": "127.0.0.1", "port": .number(Double(sink.port))]
    for (key, value) in extra { settings[key] = value }
    return .object(.init(uniqueKeysWithValues: settings.sorted { $0.key < $1.key }))
}

/// A mail connector whose one transport is an SMTP transport to `sink`.
func mailConnector(to sink: SMTPSink, _ extra: [String: JSONValue] = [:]) throws -> MailConnector {
    try mailConnector(["transport": smtpTransport(sink, extra)])
}

/// Runs `body` with a sink started with `options`, and stops it afterwards.
func withSink<T>(_ options: SMTPSink.Options = .init(), _ body: (SMTPSink) async throws -> T) async throws -> T {
    let sink = try await SMTPSink.start(options)
    do {
        let result = try await body(sink)
        await sink.stop()
        return result
    } catch {
        await sink.stop()
        throw error
    }
}

/// The `LoopBackError` `body` throws; records an issue when it succeeds.
func sendError(_ body: () async throws(LoopBackError) -> MailReceipt, sourceLocation: Testing.SourceLocation = #_sourceLocation) async -> LoopBackError? {
    do {
        let receipt = try await body()
        Issue.record("sending should fail, but it returned \(receipt)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A one-recipient plain-text message.
func simpleMessage(to: String = "ann@example.com", subject: String = "Hello", text: String = "Hi Ann") -> MailMessage {
    MailMessage(from: "noreply@example.com", to: [to], subject: subject, text: text)
}
