import Foundation
import LBCore
import LBRuntime
import LBTesting
import Testing

/// Sending that fails: every failure is a 500 naming the datasource, the server and its reply.
@Suite("Mail: SMTP failures")
struct MailFailureTests {
    @Test("AUTH PLAIN with accepted credentials")
    func authPlain() async throws {
        try await withSink(.init(users: ["ann": "s3cret"], requireAuth: true)) { sink in
            let mail = try mailConnector(to: sink, ["auth": ["user": "ann", "pass": "s3cret"]])
            _ = try await mail.send(simpleMessage())
            #expect(sink.messages.first?.user == "ann")
            #expect(sink.commands.contains("AUTH PLAIN AGFubgBzM2NyZXQ="))
        }
    }

    @Test("AUTH LOGIN with accepted credentials")
    func authLogin() async throws {
        try await withSink(.init(users: ["ann": "s3cret"], requireAuth: true)) { sink in
            let mail = try mailConnector(to: sink, ["auth": ["user": "ann", "pass": "s3cret"], "authMethod": "login"])
            _ = try await mail.send(simpleMessage())
            #expect(sink.messages.first?.user == "ann")
            let login = try #require(sink.commands.firstIndex(of: "AUTH LOGIN"))
            #expect(Array(sink.commands[login...].prefix(3)) == ["AUTH LOGIN", "YW5u", "czNjcmV0"])
        }
    }

    @Test("rejected credentials are a clear EAUTH error", arguments: ["PLAIN", "LOGIN"])
    func authRejected(method: String) async throws {
        try await withSink(.init(users: ["ann": "s3cret"], requireAuth: true)) { sink in
            let mail = try mailConnector(to: sink, ["auth": ["user": "ann", "pass": "wrong"], "authMethod": .string(method)])
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.statusCode == 500)
            #expect(error.code == "EAUTH")
            let command = method == "PLAIN" ? "AUTH PLAIN" : "the AUTH LOGIN password"
            #expect(
                error.message
                    == "mail datasource 'mail' could not send through 127.0.0.1:\(sink.port): the server answered \(command) with \"535 5.7.8 Authentication credentials invalid\"")
            #expect(!error.message.contains("wrong"))
            #expect(sink.messages.isEmpty)
        }
    }

    @Test("a server requiring AUTH from a transport without credentials refuses MAIL FROM")
    func authMissing() async throws {
        try await withSink(.init(requireAuth: true)) { sink in
            let mail = try mailConnector(to: sink)
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.code == "EENVELOPE")
            #expect(error.message.hasSuffix("the server answered MAIL FROM:<noreply@example.com> with \"530 5.7.0 Authentication required\""))
        }
    }

    @Test("a refused recipient is a clear EENVELOPE error and nothing is sent")
    func recipientRefused() async throws {
        try await withSink(.init(refusedRecipients: ["nobody@example.com"])) { sink in
            let mail = try mailConnector(to: sink)
            let error = try #require(
                await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage(to: "nobody@example.com")) })
            #expect(error.statusCode == 500)
            #expect(error.code == "EENVELOPE")
            #expect(
                error.message
                    == "mail datasource 'mail' could not send through 127.0.0.1:\(sink.port): the server answered RCPT TO:<nobody@example.com> with \"550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\"")
            #expect(sink.messages.isEmpty)
            #expect(!sink.commands.contains("DATA"))
        }
    }

    @Test("a refused message is a clear EMESSAGE error")
    func messageRefused() async throws {
        try await withSink(.init(replies: [".": "554 5.6.0 Message rejected as spam"])) { sink in
            let mail = try mailConnector(to: sink)
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.code == "EMESSAGE")
            #expect(error.message.hasSuffix("the server answered the message data with \"554 5.6.0 Message rejected as spam\""))
        }
    }

    @Test("a server refusing the connection in its greeting")
    func greetingRefused() async throws {
        try await withSink(.init(greeting: "554 5.3.2 Service unavailable")) { sink in
            let mail = try mailConnector(to: sink)
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.code == "ECONNECTION")
            #expect(error.message.hasSuffix("the server refused the connection with \"554 5.3.2 Service unavailable\""))
        }
    }

    @Test("a closed port fails with a clear ECONNECTION error")
    func connectionRefused() async throws {
        // A port held by a bound socket that does not listen: connections are refused, and no
        // other test's server can take the port meanwhile.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try #require(withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) == 0 && getsockname(holder, $0, &length) == 0 }
        })
        let port = Int(UInt16(bigEndian: address.sin_port))
        let mail = try mailConnector(["transport": ["type": "smtp", "host": "127.0.0.1", "port": .number(Double(port))]])
        let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
        #expect(error.statusCode == 500)
        #expect(error.code == "ECONNECTION")
        #expect(error.message == "mail datasource 'mail' could not send through 127.0.0.1:\(port): cannot connect: Connection refused")
    }

    @Test("a server that never answers times out (greetingTimeout)")
    func silentServer() async throws {
        try await withSink(.init(silent: true)) { sink in
            let mail = try mailConnector(to: sink, ["greetingTimeout": 300])
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.code == "ETIMEDOUT")
            #expect(error.message == "mail datasource 'mail' could not send through 127.0.0.1:\(sink.port): no reply within 300 ms")
        }
    }

    @Test("a server that stops answering mid-session times out (socketTimeout)")
    func stalledServer() async throws {
        try await withSink(.init(unanswered: ["."])) { sink in
            let mail = try mailConnector(to: sink, ["socketTimeout": "250"])
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
            #expect(error.code == "ETIMEDOUT")
            #expect(error.message.hasSuffix("no reply within 250 ms"))
        }
    }

    @Test("a host that does not resolve is a clear ECONNECTION error")
    func unknownHost() async throws {
        let mail = try mailConnector(["transport": ["type": "smtp", "host": "no-such-host.invalid", "port": 2525, "connectionTimeout": 3000]])
        let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(simpleMessage()) })
        // Where name lookups cannot finish, the connection timeout ends the wait instead.
        #expect(
            error.message == "mail datasource 'mail' could not send through no-such-host.invalid:2525: cannot resolve the host name"
                || error.code == "ETIMEDOUT")
    }

    @Test(
        "a message that cannot be sent is refused before connecting",
        arguments: [
            (MailMessage(from: "noreply@example.com", to: [], subject: "x"), "EENVELOPE", "the message has no recipients ('to', 'cc' or 'bcc')"),
            (MailMessage(from: "", to: ["ann@example.com"], subject: "x"), "EENVELOPE", "the message has no sender ('from')"),
            (MailMessage(from: "noreply@example.com", to: ["not an address"], subject: "x"), "EENVELOPE", "'not an address' is not an email address"),
            (MailMessage(from: "noreply@example.com", to: ["Ann <ann@example.com\r\nDATA>"], subject: "x"), "EENVELOPE", "'Ann <ann@example.com\r\nDATA>' is not an email address"),
            (
                MailMessage(from: "noreply@example.com", to: ["ann@example.com"], subject: "x", headers: [("Content-Type", "text/x")]),
                "EMESSAGE", "the header 'Content-Type' is written by lbrun and cannot be set"
            ),
        ] as [(MailMessage, String, String)])
    func invalidMessage(message: MailMessage, code: String, reason: String) async throws {
        try await withSink { sink in
            let mail = try mailConnector(to: sink)
            let error = try #require(await sendError { () async throws(LoopBackError) in try await mail.send(message) })
            #expect(error.code == code)
            #expect(error.message == "mail datasource 'mail' could not send the message: \(reason)")
            #expect(sink.commands.isEmpty)
        }
    }
}
