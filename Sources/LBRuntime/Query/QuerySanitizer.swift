import LBCore

/// Structural checks run on a raw filter or where value before it is interpreted: nesting depth
/// and `$`-prefixed keys.
enum QuerySanitizer {
    /// LoopBack's `maxDepthOfQuery` for REST requests.
    static let maxDepth = 12

    /// The error for a query nested deeper than `maxDepth`.
    static var tooDeep: LoopBackError {
        LoopBackError.badRequest("The query object exceeds maximum depth \(maxDepth)", code: "QUERY_OBJECT_TOO_DEEP")
    }

    /// Throws when any value inside `root` sits more than `maxDepth` keys/indices below it (the
    /// root is level 0, `filter.where` level 1, …). Iterative and stops at the limit, so arbitrarily
    /// deep input cannot exhaust the stack.
    static func checkDepth(_ root: JSONValue) throws(LoopBackError) {
        var stack: [(JSONValue, Int)] = [(root, 0)]
        while let (value, level) = stack.popLast() {
            switch value {
            case .array(let elements) where !elements.isEmpty:
                guard level < maxDepth else { throw tooDeep }
                for element in elements { stack.append((element, level + 1)) }
            case .object(let members) where !members.isEmpty:
                guard level < maxDepth else { throw tooDeep }
                for member in members.values { stack.append((member, level + 1)) }
            default:
                break
            }
        }
    }

    /// Throws `OPERATOR_NOT_ALLOWED_IN_QUERY` for the first object (in document order) that has
    /// keys starting with `$`, anywhere in `root`. `details.where` is the innermost `where` clause
    /// around it (the object that is a filter's `where`, or a member of `and`/`or`/`nor`), else the
    /// top-level where, else `{}`. Call only after `checkDepth` (it recurses).
    static func checkOperators(_ root: JSONValue, rootIsWhere: Bool) throws(LoopBackError) {
        let topWhere: JSONValue? = rootIsWhere ? root : root["where"]
        func visit(_ value: JSONValue, isWhereClause: Bool, clause: JSONValue?) throws(LoopBackError) {
            switch value {
            case .array(let elements):
                for element in elements { try visit(element, isWhereClause: false, clause: clause) }
            case .object(let members):
                let clause = isWhereClause ? value : clause
                let operators = members.keys.filter { $0.hasPrefix("$") }
                if !operators.isEmpty {
                    let whereValue = clause ?? topWhere ?? .object([:])
                    throw LoopBackError.badRequest(
                        "Operators \"\(operators.joined(separator: ", "))\" are not allowed in query",
                        code: "OPERATOR_NOT_ALLOWED_IN_QUERY",
                        details: .object(["operators": .array(operators.map(JSONValue.string)), "where": whereValue])
                    )
                }
                for (key, member) in members {
                    if key == "where", !isWhereClause {
                        try visit(member, isWhereClause: true, clause: clause)
                    } else if isWhereClause, key == "and" || key == "or" || key == "nor" {
                        switch member {
                        case .array(let clauses):
                            for element in clauses { try visit(element, isWhereClause: true, clause: clause) }
                        case .object(let clauses):
                            for element in clauses.values { try visit(element, isWhereClause: true, clause: clause) }
                        default:
                            try visit(member, isWhereClause: false, clause: clause)
                        }
                    } else {
                        try visit(member, isWhereClause: false, clause: clause)
                    }
                }
            default:
                break
            }
        }
        try visit(root, isWhereClause: rootIsWhere, clause: nil)
    }
}
