/// Percent-decoding of request paths for file lookups, refusing what cannot name a file.
enum PathDecoding {
    /// The decoded path, or `nil` when it has an invalid escape, a NUL byte or invalid UTF-8.
    static func decode(_ path: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count)
        var iterator = path.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The path's segments with `.` removed, or `nil` when a `..` segment appears (send's
    /// "malicious path"; backslashes count as separators too).
    static func safeSegments(_ decoded: String) -> [String]? {
        var segments: [String] = []
        for segment in decoded.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "/" || $0 == "\\" }) {
            if segment == "." { continue }
            if segment == ".." { return nil }
            segments.append(String(segment))
        }
        return segments
    }
}
