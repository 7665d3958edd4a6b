/// Small path helpers on the request path, kept free of Foundation bridging (they run per request).
enum PathText {
    /// Case-insensitive equality of ASCII letters, as Express compares route literals.
    static func equalsIgnoringCase(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        let a = lhs.utf8
        let b = rhs.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            guard lower(x) == lower(y) else { return false }
        }
        return true
    }

    /// `true` when `text` starts with `prefix`, ignoring ASCII case.
    static func hasPrefixIgnoringCase(_ text: some StringProtocol, _ prefix: some StringProtocol) -> Bool {
        let a = text.utf8
        let b = prefix.utf8
        guard a.count >= b.count else { return false }
        return zip(a, b).allSatisfy { lower($0) == lower($1) }
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
