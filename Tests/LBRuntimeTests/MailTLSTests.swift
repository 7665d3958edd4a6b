import LBCore
import LBRuntime
import LBTesting
import Testing

/// SMTP over TLS: implicit (`secure`, port 465 style) and STARTTLS, against the sink's self-signed
/// certificate for `localhost`.
@Suite("Mail: TLS")
struct MailTLSTests {
    /// Settings that reach the sink as `localhost` and trust its certificate.
    static let trusted: [String: JSONValue] = ["host": "localhost", "tls": ["ca": .string(SMTPSink.certificatePEM)]]

    @Test("secure: true speaks TLS from the first byte, verifying the certificate against tls.ca")
    func implicitTLS() async throws {
        try await withSink(.init(users: ["ann": "pw"], requireAuth: true, tls: .implicit)) { sink in
            var settings = Self.trusted
            settings["secure"] = true
            settings["auth"] = ["user": "ann", "pass": "pw"]
            _ = try await mailConnector(to: sink, settings).send(simpleMessage())
            #expect(sink.messages.first?.user == "ann")
            #expect(!sink.commands.contains("STARTTLS"))
        }
    }

    @Test(
        "the certificate must name the host, or tls.servername",
        arguments: [
            ("localhost", nil, true), ("127.0.0.1", "localhost", true), ("127.0.0.1", nil, false),
            ("localhost", "mail.example.com", false),
        ] as [(String, String?, Bool)])
    func hostName(host: String, serverName: String?, accepted: Bool) async throws {
        try await withSink(.init(tls: .implicit)) { sink in
            var tls: [String: JSONValue] = ["ca": .string(SMTPSink.certificatePEM)]
            tls["servername"] = serverName.map { .string($0) }
            let mail = try mailConnector(
                to: sink, ["secure": true, "host": .string(host), "tls": .object(.init(uniqueKeysWithValues: tls.sorted { $0.key < $1.key }))])
            if accepted {
                _ = try await mail.send(simpleMessage())
                #expect(sink.messages.count == 1)
            } else {
                let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
                #expect(error.code == "ETLS")
                #expect(error.message.hasSuffix(": TLS failed: the server's certificate does not name the host (or tls.servername)"))
                #expect(sink.messages.isEmpty)
            }
        }
    }

    @Test("an untrusted certificate is a clear ETLS error; rejectUnauthorized: false accepts it")
    func untrusted() async throws {
        try await withSink(.init(tls: .implicit)) { sink in
            let mail = try mailConnector(to: sink, ["secure": true])
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.statusCode == 500)
            #expect(error.code == "ETLS")
            #expect(
                error.message
                    == "mail datasource 'mail' could not send through 127.0.0.1:\(sink.port): TLS failed: the server's certificate is not trusted (CERTIFICATE_VERIFY_FAILED)")
            #expect(sink.messages.isEmpty)
            _ = try await mailConnector(to: sink, ["secure": true, "tls": ["rejectUnauthorized": false]]).send(simpleMessage())
            #expect(sink.messages.count == 1)
        }
    }

    @Test("STARTTLS is used when offered, then EHLO again, AUTH and the message go encrypted")
    func startTLS() async throws {
        try await withSink(.init(users: ["ann": "pw"], requireAuth: true, tls: .startTLS)) { sink in
            var settings = Self.trusted
            settings["auth"] = ["user": "ann", "pass": "pw"]
            _ = try await mailConnector(to: sink, settings).send(simpleMessage())
            #expect(sink.messages.first?.user == "ann")
            #expect(sink.commands.map { String($0.prefix(4)) }.prefix(4) == ["EHLO", "STAR", "EHLO", "AUTH"])
        }
    }

    @Test("ignoreTLS sends in the clear even when STARTTLS is offered")
    func ignoreTLS() async throws {
        try await withSink(.init(tls: .startTLS)) { sink in
            _ = try await mailConnector(to: sink, ["ignoreTLS": true]).send(simpleMessage())
            #expect(sink.messages.count == 1)
            #expect(!sink.commands.contains("STARTTLS"))
        }
    }

    @Test("requireTLS fails when the server does not offer STARTTLS")
    func requireTLS() async throws {
        try await withSink { sink in
            let mail = try mailConnector(to: sink, ["requireTLS": true])
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.code == "ETLS")
            #expect(error.message.hasSuffix("the server does not offer STARTTLS, which 'requireTLS' demands"))
            #expect(sink.messages.isEmpty)
        }
    }

    @Test("TLS to a server that speaks plain SMTP fails clearly, without hanging")
    func tlsToPlainServer() async throws {
        try await withSink { sink in
            let mail = try mailConnector(to: sink, ["secure": true, "greetingTimeout": 2000])
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.code == "ETLS")
            #expect(error.message.hasSuffix("TLS failed: the server does not speak TLS here (WRONG_VERSION_NUMBER)"))
            #expect(sink.messages.isEmpty)
        }
    }
}
