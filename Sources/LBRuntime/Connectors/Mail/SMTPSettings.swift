import Foundation
import LBCore
import NIOCore

/// An `smtp` transport's settings, with nodemailer's names and defaults except for the timeouts,
/// which are shorter so a request that sends mail cannot hang for minutes.
struct SMTPSettings: Sendable {
    /// How to log in: AUTH PLAIN or AUTH LOGIN.
    enum AuthMethod: String, Sendable {
        case plain = "PLAIN"
        case login = "LOGIN"
    }

    var host: String
    var port: Int
    /// TLS from the first byte (port 465) rather than STARTTLS.
    var secure: Bool
    /// Never use STARTTLS, even when the server offers it.
    var ignoreTLS: Bool
    /// Fail unless the connection is upgraded with STARTTLS.
    var requireTLS: Bool
    var credentials: (user: String, password: String)?
    /// The mechanism to use; by default PLAIN, or LOGIN when the server offers only that.
    var authMethod: AuthMethod?
    /// The name sent with EHLO/HELO.
    var clientName: String
    var connectionTimeout: TimeAmount
    var greetingTimeout: TimeAmount
    /// The longest wait for any reply after the greeting.
    var socketTimeout: TimeAmount
    var tls: TLSOptions

    /// `host:port`, for messages.
    var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    init(_ settings: JSONValue) throws(MailSettingsError) {
        let reader = SettingsReader(settings: settings)
        host = try reader.string("host") ?? "localhost"
        let secureSetting = try reader.bool("secure")
        let legacySecureSetting = try reader.bool("secureConnection")
        let declaredSecure = secureSetting ?? legacySecureSetting
        let declaredPort = try reader.integer("port", in: 1...65535)
        secure = declaredSecure ?? (declaredPort == 465)
        port = declaredPort ?? (secure ? 465 : 587)
        ignoreTLS = try reader.bool("ignoreTLS") ?? false
        requireTLS = try reader.bool("requireTLS") ?? false
        if let auth = settings["auth"], !auth.isNull {
            guard auth.objectValue != nil else { throw MailSettingsError("'auth' must be an object with 'user' and 'pass'") }
            let authReader = SettingsReader(settings: auth, prefix: "auth.")
            if let user = try authReader.string("user") {
                credentials = (user, try authReader.string("pass") ?? "")
            }
        }
        if let method = try reader.string("authMethod") {
            guard let known = AuthMethod(rawValue: method.uppercased()) else {
                throw MailSettingsError("'authMethod' must be PLAIN or LOGIN")
            }
            authMethod = known
        }
        clientName = try reader.string("name") ?? Self.defaultClientName
        connectionTimeout = .milliseconds(Int64(try reader.integer("connectionTimeout", in: 1...3_600_000) ?? 10_000))
        greetingTimeout = .milliseconds(Int64(try reader.integer("greetingTimeout", in: 1...3_600_000) ?? 30_000))
        socketTimeout = .milliseconds(Int64(try reader.integer("socketTimeout", in: 1...3_600_000) ?? 60_000))
        tls = try TLSOptions(settings["tls"])
    }

    /// The machine's name when it is fully qualified, else `[127.0.0.1]`, as nodemailer sends.
    static let defaultClientName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "[127.0.0.1]" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.contains(".") && name.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) ? name : "[127.0.0.1]"
    }()
}

/// Reads typed settings, accepting the strings `${VAR}` substitution produces for numbers and
/// booleans.
struct SettingsReader {
    let settings: JSONValue
    var prefix = ""

    func string(_ key: String) throws(MailSettingsError) -> String? {
        switch settings[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case .number(let value)?: return JSONValue.numberText(value)
        default: throw MailSettingsError("'\(prefix)\(key)' must be a string")
        }
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(MailSettingsError) -> Int? {
        let value: Int?
        switch settings[key] {
        case nil, .null?: return nil
        case .number(let number)?: value = number.rounded() == number && abs(number) < 1e15 ? Int(number) : nil
        case .string(let text)?: value = Int(text.trimmingSpaces)
        default: value = nil
        }
        guard let value, range.contains(value) else {
            throw MailSettingsError("'\(prefix)\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bool(_ key: String) throws(MailSettingsError) -> Bool? {
        switch settings[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case .string(let text)?: return !["", "false", "0", "no"].contains(text.trimmingSpaces.lowercased())
        case .number(let number)?: return number != 0
        default: throw MailSettingsError("'\(prefix)\(key)' must be true or false")
        }
    }
}

/// A transport setting that cannot be used; the datasource does not start.
struct MailSettingsError: Error, CustomStringConvertible {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    var description: String { reason }
}
