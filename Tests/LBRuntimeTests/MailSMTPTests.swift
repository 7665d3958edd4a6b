import LBCore
import LBRuntime
import LBTesting
import Testing

/// Messages sent over SMTP to a real SMTP server on a loopback port, read back from what it received.
@Suite("Mail: sending over SMTP")
struct MailSMTPTests {
    @Test("a plain-text message: envelope, RFC 5322 headers, body and receipt")
    func plainText() async throws {
        try await withSink { sink in
            let mail = try mailConnector(to: sink)
            let receipt = try await mail.send(
                MailMessage(from: "Site <noreply@example.com>", to: ["Ann Lee <ann@example.com>"], subject: "Welcome", text: "Hi Ann,\nwelcome aboard.\n"))
            let received = try #require(sink.messages.first)
            #expect(sink.messages.count == 1)
            #expect(received.sender == "noreply@example.com")
            #expect(received.recipients == ["ann@example.com"])
            #expect(received.header("From") == "Site <noreply@example.com>")
            #expect(received.header("To") == "Ann Lee <ann@example.com>")
            #expect(received.header("Subject") == "Welcome")
            #expect(received.header("MIME-Version") == "1.0")
            #expect(received.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(received.header("Content-Transfer-Encoding") == "7bit")
            #expect(received.header("Date")?.wholeMatch(of: /[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000/) != nil)
            #expect(received.header("Message-ID") == receipt.messageID)
            #expect(receipt.messageID.wholeMatch(of: /<[0-9a-f-]+@example\.com>/) != nil)
            #expect(received.body("text/plain") == "Hi Ann,\nwelcome aboard.\n")
            #expect(received.data.contains("\r\n\r\nHi Ann,\r\nwelcome aboard.\r\n"))
            #expect(!received.data.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(receipt.accepted == ["ann@example.com"])
            #expect(receipt.rejected.isEmpty)
            #expect(receipt.response == "250 2.0.0 Ok: queued as 1")
            #expect(receipt.transport == "smtp")
            #expect(sink.commands.first?.hasPrefix("EHLO ") == true)
            #expect(Array(sink.commands.suffix(4)) == ["MAIL FROM:<noreply@example.com>", "RCPT TO:<ann@example.com>", "DATA", "QUIT"])
        }
    }

    @Test("text and html: multipart/alternative with both parts")
    func textAndHTML() async throws {
        try await withSink { sink in
            let mail = try mailConnector(to: sink)
            _ = try await mail.send(
                MailMessage(
                    from: "noreply@example.com", to: ["ann@example.com"], subject: "Both", text: "plain words",
                    html: "<p>Some <b>bold</b> words</p>"))
            let received = try #require(sink.messages.first)
            #expect(received.header("Content-Type")?.hasPrefix("multipart/alternative; boundary=\"") == true)
            #expect(received.body("text/plain") == "plain words")
            #expect(received.body("text/html") == "<p>Some <b>bold</b> words</p>")
            #expect(received.data.firstRange(of: "text/plain")!.lowerBound < received.data.firstRange(of: "text/html")!.lowerBound)
        }
    }

    @Test("html alone is a text/html message")
    func htmlOnly() async throws {
        try await withSink { sink in
            _ = try await mailConnector(to: sink).send(
                MailMessage(from: "noreply@example.com", to: ["ann@example.com"], subject: "Page", html: "<h1>Hi</h1>"))
            let received = try #require(sink.messages.first)
            #expect(received.header("Content-Type") == "text/html; charset=utf-8")
            #expect(received.body("text/html") == "<h1>Hi</h1>")
        }
    }

    @Test("a non-ASCII subject, name and body are encoded to 7-bit and decode back")
    func nonASCII() async throws {
        try await withSink { sink in
            let subject = "Grüße aus Köln ✔ — a subject long enough to need several encoded words, 日本語も"
            let text = "Héllo Zoë,\nvoilà ton café ☕.\n"
            _ = try await mailConnector(to: sink).send(
                MailMessage(from: "Frédéric <fred@example.com>", to: ["Zoë <zoe@example.com>"], subject: subject, text: text))
            let received = try #require(sink.messages.first)
            #expect(received.data.utf8.allSatisfy { $0 < 128 })
            #expect(received.data.contains("Subject: =?UTF-8?B?"))
            #expect(received.data.contains("?=\r\n =?UTF-8?B?"))
            #expect(received.header("Subject") == subject)
            #expect(received.header("From") == "Frédéric <fred@example.com>")
            #expect(received.header("To") == "Zoë <zoe@example.com>")
            #expect(received.header("Content-Transfer-Encoding") == "quoted-printable")
            #expect(received.data.contains("H=C3=A9llo Zo=C3=AB,\r\n"))
            #expect(received.body("text/plain") == text)
            #expect(received.data.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        }
    }

    @Test("a body that is mostly not ASCII is base64")
    func base64Body() async throws {
        try await withSink { sink in
            let text = String(repeating: "こんにちは、世界。メールの本文です。\n", count: 8)
            _ = try await mailConnector(to: sink).send(simpleMessage(text: text))
            let received = try #require(sink.messages.first)
            #expect(received.header("Content-Transfer-Encoding") == "base64")
            #expect(received.body("text/plain") == text)
            #expect(received.data.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        }
    }

    @Test("an ASCII line over 998 bytes is quoted-printable with soft breaks")
    func longLine() async throws {
        try await withSink { sink in
            let text = String(repeating: "0123456789 ", count: 120) + "= end"
            _ = try await mailConnector(to: sink).send(simpleMessage(text: text))
            let received = try #require(sink.messages.first)
            #expect(received.header("Content-Transfer-Encoding") == "quoted-printable")
            #expect(received.body("text/plain") == text)
            #expect(received.data.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        }
    }

    @Test("lines starting with a dot are dot-stuffed on the wire and arrive unchanged")
    func dotStuffing() async throws {
        try await withSink { sink in
            let text = ".hidden first line\n.\n..two dots\nmiddle\n.\nend."
            _ = try await mailConnector(to: sink).send(simpleMessage(text: text))
            let received = try #require(sink.messages.first)
            #expect(received.body("text/plain") == text)
            #expect(received.data.hasSuffix("\r\n\r\n.hidden first line\r\n.\r\n..two dots\r\nmiddle\r\n.\r\nend.\r\n"))
        }
    }

    @Test("cc and bcc are in the envelope; bcc is in no header")
    func ccAndBcc() async throws {
        try await withSink { sink in
            let receipt = try await mailConnector(to: sink).send(
                MailMessage(
                    from: "noreply@example.com", to: ["ann@example.com, \"Lee, Bob\" <bob@example.com>"], cc: ["cat@example.com"],
                    bcc: ["secret@example.com", "ann@example.com"], subject: "Team", text: "hello"))
            let received = try #require(sink.messages.first)
            #expect(received.recipients == ["ann@example.com", "bob@example.com", "cat@example.com", "secret@example.com"])
            #expect(receipt.accepted == received.recipients)
            #expect(received.header("To") == "ann@example.com, \"Lee, Bob\" <bob@example.com>")
            #expect(received.header("Cc") == "cat@example.com")
            #expect(received.header("Bcc") == nil)
            #expect(!received.data.contains("secret"))
        }
    }

    @Test("extra headers are written, encoded when not ASCII, and may replace Message-ID")
    func extraHeaders() async throws {
        try await withSink { sink in
            var message = simpleMessage()
            message.headers = [("X-Campaign", "spring"), ("X-Note", "naïve\r\nline"), ("Message-ID", "<fixed@example.com>")]
            let receipt = try await mailConnector(to: sink).send(message)
            let received = try #require(sink.messages.first)
            #expect(received.header("X-Campaign") == "spring")
            #expect(received.header("X-Note") == "naïve line")
            #expect(received.header("Message-ID") == "<fixed@example.com>")
            #expect(receipt.messageID == "<fixed@example.com>")
            #expect(received.headerNames.filter { $0 == "Message-ID" }.count == 1)
        }
    }

    @Test("a server that refuses EHLO gets HELO")
    func heloFallback() async throws {
        try await withSink(.init(replies: ["EHLO": "502 5.5.2 Error: command not recognized"])) { sink in
            _ = try await mailConnector(to: sink).send(simpleMessage())
            #expect(sink.messages.count == 1)
            #expect(sink.commands.prefix(2).map { String($0.prefix(5)) } == ["EHLO ", "HELO "])
        }
    }

    @Test("a transport's client name is sent with EHLO")
    func clientName() async throws {
        try await withSink { sink in
            _ = try await mailConnector(to: sink, ["name": "mailer.example.com"]).send(simpleMessage())
            #expect(sink.commands.first == "EHLO mailer.example.com")
        }
    }

    @Test("a server refusing some recipients: the others get the message and the receipt lists the refused")
    func someRecipientsRefused() async throws {
        try await withSink(.init(refusedRecipients: ["nobody@example.com"])) { sink in
            let receipt = try await mailConnector(to: sink).send(
                MailMessage(from: "noreply@example.com", to: ["nobody@example.com", "ann@example.com"], subject: "Hi", text: "x"))
            #expect(receipt.accepted == ["ann@example.com"])
            #expect(receipt.rejected == ["nobody@example.com"])
            #expect(sink.messages.first?.recipients == ["ann@example.com"])
        }
    }

    @Test("LoopBack's Email.send options: address lists as strings or arrays, headers, transport")
    func options() async throws {
        try await withSink { sink in
            let mail = try mailConnector(["transports": [smtpTransport(sink, ["alias": "main"])]])
            let receipt = try await mail.send(options: [
                "from": "noreply@example.com", "to": "ann@example.com, bob@example.com", "cc": ["cat@example.com"],
                "subject": "Options", "text": "from options", "headers": ["X-Priority": 1], "transport": "main",
            ])
            let received = try #require(sink.messages.first)
            #expect(received.recipients == ["ann@example.com", "bob@example.com", "cat@example.com"])
            #expect(received.header("X-Priority") == "1")
            #expect(received.body("text/plain") == "from options")
            #expect(receipt.transport == "main")
        }
    }
}
