import LBCore
import LBRunKit
import LBRuntime
import LBTesting
import Testing

/// Transports: stub, choice by alias, settings, and a mail datasource in a booted app.
@Suite("Mail: transports and apps")
struct MailTransportTests {
    @Test("a stub transport keeps messages in memory and sends nothing", arguments: ["stub", "STUB", nil])
    func stub(type: String?) async throws {
        let mail = try mailConnector(["transports": [type.map { ["type": .string($0)] } ?? [:]]])
        let receipt = try await mail.send(
            MailMessage(from: "noreply@example.com", to: ["ann@example.com"], bcc: ["boss@example.com"], subject: "Stubbed", text: "kept"))
        #expect(receipt.accepted == ["ann@example.com", "boss@example.com"])
        #expect(receipt.transport == type ?? "stub")
        let kept = try #require(mail.stubbedMail().first)
        #expect(mail.stubbedMail().count == 1)
        #expect(kept.message.subject == "Stubbed")
        #expect(kept.sender == "noreply@example.com")
        #expect(kept.recipients == ["ann@example.com", "boss@example.com"])
        #expect(kept.messageID == receipt.messageID)
        #expect(kept.data.contains("\r\nSubject: Stubbed\r\n"))
        #expect(!kept.data.contains("boss@example.com"))
        #expect(kept.data.hasSuffix("\r\n\r\nkept\r\n"))
    }

    @Test("send picks a transport by alias, else by type, and falls back to the first one")
    func alias() async throws {
        try await withSink { primary in
            try await withSink { backup in
                let mail = try mailConnector([
                    "transports": [smtpTransport(primary, ["alias": "primary"]), smtpTransport(backup, ["alias": "backup"]), ["type": "stub"]]
                ])
                #expect(try await mail.send(simpleMessage(subject: "one"), transport: "backup").transport == "backup")
                #expect(try await mail.send(simpleMessage(subject: "two"), transport: "primary").transport == "primary")
                #expect(try await mail.send(simpleMessage(subject: "three")).transport == "primary")
                #expect(try await mail.send(simpleMessage(subject: "four"), transport: "no-such-alias").transport == "primary")
                #expect(try await mail.send(simpleMessage(subject: "five"), transport: "stub").transport == "stub")
                #expect(backup.messages.map { $0.header("Subject") } == ["one"])
                #expect(primary.messages.map { $0.header("Subject") } == ["two", "three", "four"])
                #expect(mail.stubbedMail(transport: "stub").map(\.message.subject) == ["five"])
                #expect(mail.stubbedMail().isEmpty)
            }
        }
    }

    @Test("a datasource without transports sends nothing and does not fail, as LoopBack")
    func noTransport() async throws {
        let receipt = try await mailConnector([:]).send(simpleMessage())
        #expect(receipt.transport == nil)
        #expect(receipt.accepted.isEmpty)
    }

    @Test("a transport type lbrun does not ship starts, and fails clearly when used")
    func unsupportedType() async throws {
        let mail = try mailConnector(["transports": [["type": "ses", "alias": "aws"]]])
        let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
        #expect(error.statusCode == 500)
        #expect(
            error.message
                == "mail datasource 'mail' cannot send through transport 'aws': lbrun does not support the 'ses' transport type (only smtp and stub)")
    }

    @Test(
        "settings of the wrong type stop the datasource, naming the transport and the setting",
        arguments: [
            (["transports": ["type": "smtp"]], "'transports' must be an array"),
            (["transports": ["smtp"]], "transport 1: a transport must be an object"),
            (["transports": [["type": "stub"], ["type": "smtp", "port": "abc"]]], "transport 2: 'port' must be a whole number from 1 to 65535"),
            (["transport": ["type": "smtp", "port": 70000]], "transport 1: 'port' must be a whole number from 1 to 65535"),
            (["transport": ["type": "smtp", "auth": "ann:secret"]], "transport 1: 'auth' must be an object with 'user' and 'pass'"),
            (["transport": ["type": "smtp", "authMethod": "CRAM-MD5"]], "transport 1: 'authMethod' must be PLAIN or LOGIN"),
            (["transport": ["type": "smtp", "secure": ["yes"]]], "transport 1: 'secure' must be true or false"),
            (["transport": ["type": "smtp", "tls": ["ca": "not a certificate"]]], "transport 1: 'tls.ca' must hold PEM certificates"),
        ] as [(JSONValue, String)])
    func invalidSettings(settings: JSONValue, message: String) {
        do {
            _ = try mailConnector(settings)
            Issue.record("the settings should stop the datasource")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test("defaults: port 587 in the clear, 465 with secure, and secure when the port is 465")
    func portDefaults() async throws {
        // A closed loopback port shows which endpoint a transport uses without sending anything.
        for (settings, endpoint) in [
            (["type": "smtp", "host": "127.0.0.1"], "127.0.0.1:587"),
            (["type": "smtp", "host": "127.0.0.1", "secure": true], "127.0.0.1:465"),
            (["type": "smtp", "host": "127.0.0.1", "secure": "true", "port": "2465"], "127.0.0.1:2465"),
        ] as [(JSONValue, String)] {
            let mail = try mailConnector(["transport": settings])
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.message.hasPrefix("mail datasource 'mail' could not send through \(endpoint): "))
        }
    }

    @Test("an app with Email on a mail datasource boots, and sends through it")
    func bootedApp() async throws {
        try await withSink { sink in
            let directory = try TemporaryApp(
                minimalApp([
                    "server/datasources.json": """
                    { "db": { "connector": "memory" },
                      "mail": { "connector": "mail", "transports": [{ "type": "smtp", "host": "127.0.0.1", "port": \(sink.port) }] } }
                    """,
                    "server/model-config.json": #"""
                    { "_meta": { "sources": ["../common/models"] }, "Note": { "dataSource": "db" }, "Email": { "dataSource": "mail" } }
                    """#,
                ]))
            let app = try await LBRun.boot(appDirectory: directory.path, environment: "production", variables: [:])
            #expect(try await app.model("Note").create(["title": "still works"] as JSONValue)["id"] == 1)
            let receipt = try await app.mailConnector().send(simpleMessage(subject: "From the app"))
            #expect(receipt.accepted == ["ann@example.com"])
            #expect(sink.messages.map { $0.header("Subject") } == ["From the app"])
            await app.shutdown()
        }
    }

    @Test("LoopBack's fixture datasource with a STUB transport boots and keeps mail")
    func stubApp() async throws {
        let directory = try TemporaryApp(
            minimalApp([
                "server/datasources.json": #"{ "db": { "connector": "memory" }, "mail": { "connector": "mail", "transports": [{ "type": "STUB" }] } }"#,
                "server/model-config.json": #"""
                { "_meta": { "sources": ["../common/models"] }, "Note": { "dataSource": "db" }, "Email": { "dataSource": "mail" } }
                """#,
            ]))
        let app = try await LBRun.boot(appDirectory: directory.path, environment: "production", variables: [:])
        _ = try await app.mailConnector(model: "Email").send(simpleMessage())
        #expect(try app.mailConnector().stubbedMail().count == 1)
        await app.shutdown()
    }

    @Test("an app whose Email is not on a mail datasource gets LoopBack's error")
    func noMailDataSource() async throws {
        let directory = try TemporaryApp(minimalApp())
        let app = try await LBRun.boot(appDirectory: directory.path, environment: "production", variables: [:])
        #expect(throws: LoopBackError(statusCode: 500, message: "You must connect the Email Model to a Mail connector")) {
            try app.mailConnector()
        }
        await app.shutdown()
    }
}
