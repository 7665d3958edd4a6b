import LBCore
import LBPlan
import OrderedCollections

/// Turns a raw `where` object into a `Where` tree, validating and coercing as juggler does.
///
/// Shape of the result: an object with several keys becomes `.and` of its clauses (in key order);
/// an operator object with several operators becomes `.and` of one condition per operator; an
/// empty object is `.and([])` (always true). Operand forms stored in `.condition`:
/// * `eq`, `neq`, `gt`, `gte`, `lt`, `lte`: the coerced value (`eq` with `null` = null or missing);
/// * `between`: a two-element array; `inq`/`nin`: an array (numeric-keyed objects converted);
/// * `like`, `nlike`, `ilike`, `nilike`: the pattern string;
/// * `regexp`: the normalised string `/pattern/flags` (flags ⊆ `igm`, pattern a valid regex);
/// * `near`: `{"point": {"lat", "lng"}, "maxDistance"?, "minDistance"?, "unit"?}`;
/// * `exists`: a boolean.
struct WhereParser {
    let model: ModelPlan
    /// Reject conditions on hidden properties (client input; default scopes are trusted).
    let rejectHidden: Bool

    /// The operator keys recognised inside a property's object.
    static let operatorKeys: Set<String> = Set(WhereOperator.allCases.map(\.rawValue))

    /// Parses a where clause; `nil` for an empty one.
    func parse(_ value: JSONValue) throws(LoopBackError) -> Where? {
        guard case .object(let members) = value else { throw notAnObject(value) }
        let clauses = try parseMembers(members)
        switch clauses.count {
        case 0: return nil
        case 1: return clauses[0]
        default: return .and(clauses)
        }
    }

    /// A member of `and`/`or`: never `nil` (an empty clause is `.and([])`, which is always true).
    private func clause(_ value: JSONValue) throws(LoopBackError) -> Where {
        if value == .null { return .and([]) }
        return try parse(value) ?? .and([])
    }

    private func notAnObject(_ value: JSONValue) -> LoopBackError {
        LoopBackError.badRequest("The where clause \(JS.json(value)) is not an object")
    }

    private func parseMembers(_ members: OrderedDictionary<String, JSONValue>) throws(LoopBackError) -> [Where] {
        var clauses: [Where] = []
        for (key, value) in members {
            switch key {
            case "and", "or", "nor":
                let elements: [JSONValue]
                switch JS.coerceArray(value) {
                case .success(let array): elements = array
                case .failure(let problem):
                    throw LoopBackError.badRequest(
                        "The \(key) operator has invalid clauses \(JS.json(value)): \(problem.message)"
                    )
                }
                var parts: [Where] = []
                for element in elements { parts.append(try clause(element)) }
                switch key {
                case "and": clauses.append(.and(parts))
                case "or": clauses.append(.or(parts))
                // `nor` is validated but, as on LoopBack's memory connector, never matches.
                default: clauses.append(.or([]))
                }
            default:
                clauses.append(contentsOf: try conditions(path: key, value: value))
            }
        }
        return clauses
    }

    /// The conditions one `prop: value` member stands for.
    private func conditions(path: String, value: JSONValue) throws(LoopBackError) -> [Where] {
        if rejectHidden { try FilterParser.checkNotHidden(path, in: model) }
        let type = model.property(named: path)?.type
        guard case .object(let members) = value, members.keys.contains(where: Self.operatorKeys.contains) else {
            // Plain equality (objects without an operator are compared as values).
            return [.condition(path: path, op: .eq, value: try WhereCoercion.coerce(value, to: type))]
        }
        var result: [Where] = []
        for (key, operand) in members {
            guard let op = WhereOperator(rawValue: key) else { continue }  // options, maxDistance, …
            result.append(.condition(path: path, op: op, value: try self.operand(op, operand, path: path, clause: value, type: type)))
        }
        return result
    }

    private func operand(
        _ op: WhereOperator, _ operand: JSONValue, path: String, clause: JSONValue, type: PropertyType?
    ) throws(LoopBackError) -> JSONValue {
        func invalid(_ reason: String) -> LoopBackError {
            LoopBackError.badRequest("The \(path) property has invalid clause \(JS.json(clause)): \(reason)")
        }
        switch op {
        case .eq, .neq, .gt, .gte, .lt, .lte:
            return try WhereCoercion.coerce(operand, to: type)
        case .between, .inq, .nin:
            let elements: [JSONValue]
            switch JS.coerceArray(operand) {
            case .success(let array): elements = array
            case .failure(let problem): throw invalid("Error: " + problem.message)
            }
            if op == .between, elements.count != 2 {
                throw invalid("Expected precisely 2 values, received \(elements.count)")
            }
            return try WhereCoercion.coerce(.array(elements), to: type)
        case .like, .nlike, .ilike, .nilike:
            guard case .string = operand else { throw invalid("Expected a string or RegExp") }
            return operand
        case .regexp:
            return .string(try QueryRegex.literal(from: operand).text)
        case .exists:
            return .bool(WhereCoercion.boolean(operand))
        case .near:
            guard let point = GeoDistance.point(operand) else {
                throw invalid("Expected a geo point (\"lat,lng\", [lat, lng] or {\"lat\": …, \"lng\": …})")
            }
            var near: OrderedDictionary<String, JSONValue> = [
                "point": .object(["lat": .number(point.lat), "lng": .number(point.lng)])
            ]
            for key in ["maxDistance", "minDistance"] {
                guard let raw = clause[key], raw != .null else { continue }
                let distance = JS.number(raw)
                guard !distance.isNaN else { throw invalid("\(key) must be a number") }
                near[key] = .number(distance)
            }
            if let unit = clause["unit"], unit != .null {
                guard case .string(let name) = unit, GeoDistance.radii[name] != nil else {
                    throw invalid(
                        "unit must be one of " + GeoDistance.radii.keys.sorted().joined(separator: ", ")
                    )
                }
                near["unit"] = unit
            }
            return .object(near)
        }
    }
}
