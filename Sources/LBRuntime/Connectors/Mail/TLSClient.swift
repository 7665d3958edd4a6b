import LBCore
import NIOSSL

/// A transport's `tls` settings, as nodemailer reads them: `rejectUnauthorized` (default true),
/// `ca` (PEM text, or an array of PEM texts, trusted instead of the system's roots) and
/// `servername` (the name checked against the certificate, default the host).
struct TLSOptions: Sendable {
    var verifiesCertificate = true
    var trustRoots: [NIOSSLCertificate]?
    var serverName: String?

    init(_ settings: JSONValue?) throws(MailSettingsError) {
        guard let settings, !settings.isNull else { return }
        guard settings.objectValue != nil else { throw MailSettingsError("'tls' must be an object") }
        let reader = SettingsReader(settings: settings, prefix: "tls.")
        verifiesCertificate = try reader.bool("rejectUnauthorized") ?? true
        serverName = try reader.string("servername")
        if let ca = settings["ca"], !ca.isNull {
            let texts = ca.arrayValue ?? [ca]
            var roots: [NIOSSLCertificate] = []
            for text in texts {
                guard let pem = text.stringValue,
                    let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)), !certificates.isEmpty
                else { throw MailSettingsError("'tls.ca' must hold PEM certificates") }
                roots += certificates
            }
            trustRoots = roots
        }
    }

    /// The TLS client for a connection to `host`.
    func client(host: String) throws(MailFailure) -> TLSClient {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !verifiesCertificate { configuration.certificateVerification = .none }
        if let trustRoots { configuration.trustRoots = .certificates(trustRoots) }
        let name = serverName ?? host
        do {
            return TLSClient(
                context: try NIOSSLContext(configuration: configuration), serverName: Self.isIPAddress(name) ? nil : name)
        } catch {
            throw MailFailure(.tls, "cannot set up TLS: \(error)")
        }
    }

    /// IPv4 dotted quads and IPv6 literals, which TLS checks against the certificate's IP
    /// addresses rather than sending as a server name.
    static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || (host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil })
    }
}

/// TLS for one connection: the context and the name the certificate must carry.
struct TLSClient: Sendable {
    let context: NIOSSLContext
    /// `nil` for an IP address, which is checked against the peer address instead.
    let serverName: String?

    /// A new handler for a channel's pipeline.
    func handler() throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverName)
    }

    /// A TLS error as a sentence, with BoringSSL's reason code when there is one.
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return "the server's certificate does not name the host (or tls.servername)"
        }
        let text = String(describing: error)
        guard let reason = text.firstMatch(of: /OPENSSL_internal:([A-Z0-9_]+)/)?.1 else { return text }
        switch reason {
        case "CERTIFICATE_VERIFY_FAILED": return "the server's certificate is not trusted (\(reason))"
        case "WRONG_VERSION_NUMBER": return "the server does not speak TLS here (\(reason))"
        default: return String(reason)
        }
    }
}
