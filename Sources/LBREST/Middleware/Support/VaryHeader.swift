public import HTTPTypes

extension HTTPFields {
    /// Whether a field named `name` is present (without building the joined value).
    func contains(_ name: HTTPField.Name) -> Bool {
        contains { $0.name == name }
    }

    /// The value of the first field named `name` (without joining repeated fields).
    func firstValue(_ name: HTTPField.Name) -> String? {
        first { $0.name == name }?.value
    }

    /// Adds `field` to the `Vary` header unless it is listed already (the `vary` package's rule).
    mutating func addVary(_ field: String) {
        guard let index = firstIndex(where: { $0.name == .vary }), !self[index].value.isEmpty else {
            append(HTTPField(name: .vary, value: field))
            return
        }
        let current = self[index].value
        if Self.varyList(current, contains: field) { return }
        self[index] = HTTPField(name: .vary, value: current + ", " + field)
    }

    /// Whether a `Vary` list names `field` (ASCII case-insensitive) or is `*`.
    static func varyList(_ list: String, contains field: String) -> Bool {
        let wanted = Array(field.utf8)
        for item in list.utf8.split(separator: UInt8(ascii: ",")) {
            let trimmed = item.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
            if trimmed.count == 1, trimmed.first == UInt8(ascii: "*") { return true }
            if trimmed.count == wanted.count, zip(trimmed, wanted).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) { return true }
        }
        return false
    }
}
