public import HTTPTypes

extension HTTPFields {
    /// Adds `field` to the `Vary` header unless it is listed already (the `vary` package's rule).
    mutating func addVary(_ field: String) {
        let current = self[.vary] ?? ""
        let listed = current.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if listed.contains("*") || listed.contains(field.lowercased()) { return }
        self[.vary] = current.isEmpty ? field : current + ", " + field
    }
}
