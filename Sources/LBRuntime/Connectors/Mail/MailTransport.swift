import LBCore

/// One of a mail datasource's `transports`.
struct MailTransport: Sendable {
    enum Kind: Sendable {
        case smtp(SMTPSettings)
        case stub(StubOutbox)
        /// A nodemailer transport lbrun does not ship (`ses`, `sendmail`, `direct`, …).
        case unsupported(type: String)
    }

    /// The name `send(_:transport:)` picks it by: its `alias`, else its `type` as written.
    let name: String
    let kind: Kind

    /// Reads one transport; `type` is case-insensitive and defaults to `stub`, as in LoopBack.
    init(_ settings: JSONValue) throws(MailSettingsError) {
        guard settings.objectValue != nil else { throw MailSettingsError("a transport must be an object") }
        let reader = SettingsReader(settings: settings)
        let type = try reader.string("type")
        name = try reader.string("alias") ?? type ?? "stub"
        switch (type ?? "stub").lowercased() {
        case "smtp": kind = .smtp(try SMTPSettings(settings))
        case "stub": kind = .stub(StubOutbox())
        case let other: kind = .unsupported(type: other)
        }
    }
}
