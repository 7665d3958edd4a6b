/// One mailbox: an optional display name and an address (`Ann Lee <ann@example.com>`).
struct MailAddress: Equatable {
    var name: String?
    var address: String

    /// The mailboxes of `entries`, each one address or a comma-separated list; empty entries are
    /// skipped. Throws the offending entry's text when an address is not usable in SMTP.
    static func parseList(_ entries: [String]) throws(MailAddressError) -> [MailAddress] {
        var mailboxes: [MailAddress] = []
        for entry in entries {
            for part in split(entry) {
                let trimmed = part.trimmingSpaces
                if trimmed.isEmpty { continue }
                mailboxes.append(try parse(trimmed))
            }
        }
        return mailboxes
    }

    /// `Name <address>` or a bare address.
    static func parse(_ text: String) throws(MailAddressError) -> MailAddress {
        var name: String?
        var address = text
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            address = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingSpaces
            let display = String(text[..<open]).trimmingSpaces
            name = display.isEmpty ? nil : unquote(display)
        }
        guard isUsable(address) else { throw MailAddressError(text: text) }
        return MailAddress(name: name, address: address)
    }

    /// An address SMTP can carry: ASCII, no spaces, controls or angle brackets, with a local part
    /// and a domain around one `@`.
    static func isUsable(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return address.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }

    /// The mailbox as a header writes it: the name quoted when it holds specials, RFC 2047-encoded
    /// when it is not ASCII.
    var headerText: String {
        guard let name, !name.isEmpty else { return address }
        return "\(HeaderEncoding.phrase(name)) <\(address)>"
    }

    /// The domain, for `Message-ID`.
    var domain: String {
        address.split(separator: "@").last.map(String.init) ?? address
    }

    /// `text` split at commas outside quotes and angle brackets.
    private static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var angled = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if !quoted && character == "<" {
                angled = true
            } else if !quoted && character == ">" {
                angled = false
            } else if !quoted && !angled && character == "," {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    /// A display name without its surrounding quotes and backslash escapes.
    private static func unquote(_ name: String) -> String {
        guard name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") else { return name }
        var result = ""
        var escaped = false
        for character in name.dropFirst().dropLast() {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }
}

/// An address that cannot be sent to; `text` is the entry as given.
struct MailAddressError: Error {
    let text: String
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
