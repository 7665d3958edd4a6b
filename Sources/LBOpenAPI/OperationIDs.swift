/// Unique operation ids as loopback-swagger makes them: the method's full name (`Book.find`) for
/// one route of each method, and for its other routes the name followed by `__<verb>_<path>`
/// (`Book.replaceById__put_Books_{id}`).
enum OperationIDs {
    /// Which route of a method keeps the plain name: POST first (`logout`, `replaceById` through
    /// `POST /:id/replace`), then GET, PATCH, PUT, DELETE, HEAD.
    static let verbPreference = ["post", "get", "patch", "put", "delete", "head"]

    static func assign(_ operations: [APIOperation]) -> [APIOperation] {
        var result = operations
        var taken: Set<String> = []
        let order = operations.indices.sorted { a, b in
            let (x, y) = (rank(operations[a].verb), rank(operations[b].verb))
            return x != y ? x < y : a < b
        }
        for index in order {
            var id = operations[index].operationId
            if taken.contains(id) {
                let path = operations[index].path.replacingOccurrences(of: "/", with: "_")
                id += "__" + operations[index].verb + path
            }
            taken.insert(id)
            result[index].operationId = id
        }
        return result
    }

    static func rank(_ verb: String) -> Int {
        verbPreference.firstIndex(of: verb) ?? verbPreference.count
    }
}
