/// Strong entity tags for in-memory bodies and the freshness check of conditional GETs.
enum EntityTag {
    /// `"<length hex>-<FNV-1a hex>"` of `bytes`.
    static func strong(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "\"\(String(bytes.count, radix: 16))-\(String(hash, radix: 16))\""
    }

    /// Whether an `If-None-Match` value matches `tag` (weak comparison; `*` matches anything).
    static func matches(ifNoneMatch header: String, _ tag: String) -> Bool {
        let bare = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
        return header.split(separator: ",").contains { candidate in
            var value = candidate.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            if value.hasPrefix("W/") { value.removeFirst(2) }
            return value == bare
        }
    }
}
