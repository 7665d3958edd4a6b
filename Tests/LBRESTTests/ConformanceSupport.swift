import Foundation
import HTTPTypes
import LBCore
import Testing

// Helpers shared by the REST conformance suite (rest-api.md §1–§6).

/// The body strong-error-handler sends for a 4xx in production mode:
/// `{"error":{"statusCode","name","message","code"?,"details"?}}`, in that key order.
func errorBody(_ status: Int, _ message: String, name: String = "Error", code: String? = nil, details: JSONValue? = nil) -> JSONValue {
    var members: [(String, JSONValue)] = [("statusCode", .number(Double(status))), ("name", .string(name)), ("message", .string(message))]
    if let code { members.append(("code", .string(code))) }
    if let details { members.append(("details", details)) }
    return ["error": .object(.init(members, uniquingKeysWith: { first, _ in first }))]
}

/// The body of a 5xx in production mode: the reason phrase only.
let internalServerErrorBody: JSONValue = ["error": ["statusCode": 500, "message": "Internal Server Error"]]

/// `text` percent-encoded for a query-string value (everything but RFC 3986 unreserved characters).
func enc(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

/// `/api/Products?filter=<json>` (or another base path).
func filtered(_ json: String, _ base: String = "/api/Products") -> String {
    base + "?filter=" + enc(json)
}

/// The ids of an array reply, in order.
func ids(_ reply: Reply) -> [Int] {
    reply.json?.arrayValue?.compactMap { $0["id"]?.numberValue.map { Int($0) } } ?? []
}

/// The `name`s of an array reply, in order.
func names(_ reply: Reply) -> [String] {
    reply.json?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
}

extension Client {
    /// GETs `path(query)` for each case and expects a 200 whose `read` result is the case's value.
    func expectEach<T: Equatable>(
        _ cases: [(String, T)], path: (String) -> String = { "/api/Products?" + $0 }, read: (Reply) -> T
    ) async throws {
        for (query, expected) in cases {
            let reply = try await get(path(query))
            #expect(reply.status == 200, "\(query): \(reply.text)")
            #expect(read(reply) == expected, "\(query)")
        }
    }
}

/// A `Product` definition with extra model settings (`settings` is JSON members without braces,
/// e.g. `"forceId": false`) and extra properties (JSON members).
func productDefinition(settings: String = "", properties: String = "") -> String {
    let extraSettings = settings.isEmpty ? "" : settings + ", "
    let extraProperties = properties.isEmpty ? "" : ", " + properties
    return """
        { "name": "Product", \(extraSettings)"properties": { "name": { "type": "string", "required": true }, \
        "price": "number", "tags": ["string"]\(extraProperties) } }
        """
}

/// `productApp` whose `Product` has the given extra settings and properties.
func productApp(settings: String, properties: String = "", extra: [String: String] = [:]) -> [String: String] {
    productApp(models: ["product.json": productDefinition(settings: settings, properties: properties)], extra: extra)
}

/// `productApp` with `Product`'s model-config entry replaced by `productEntry` (JSON object text).
func productApp(productEntry: String, extra: [String: String] = [:]) -> [String: String] {
    var files = productApp(extra: extra)
    files["server/model-config.json"] = "{ \"_meta\": { \"sources\": [\"../common/models\"] }, \"Product\": \(productEntry) }"
    return files
}

/// `productApp` with `server/config.json`'s `remoting` replaced by `remoting` (JSON object text).
func productApp(remoting: String) -> [String: String] {
    productApp(extra: ["server/config.json": "{ \"restApiRoot\": \"/api\", \"remoting\": \(remoting) }"])
}

/// The six products of the filter tests, created in this order (ids 1–6):
///
/// | id | name | price | tags |
/// |---|---|---|---|
/// | 1 | Desk | 120 | wood, office |
/// | 2 | Chair | 45 | office |
/// | 3 | lamp | 15 | light |
/// | 4 | Standing Desk | 99 | office, wood |
/// | 5 | Bench | 45 | wood |
/// | 6 | Rug | — (never set) | — (never set) |
let catalog = [
    #"{"name":"Desk","price":120,"tags":["wood","office"]}"#,
    #"{"name":"Chair","price":45,"tags":["office"]}"#,
    #"{"name":"lamp","price":15,"tags":["light"]}"#,
    #"{"name":"Standing Desk","price":99,"tags":["office","wood"]}"#,
    #"{"name":"Bench","price":45,"tags":["wood"]}"#,
    #"{"name":"Rug"}"#,
]

extension Client {
    /// POSTs each body to `path` in order; every one must succeed with 200.
    @discardableResult
    func seed(_ bodies: [String], at path: String = "/api/Products", sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> [JSONValue] {
        var created: [JSONValue] = []
        for body in bodies {
            let reply = try await post(path, body)
            #expect(reply.status == 200, "seeding \(body): \(reply.text)", sourceLocation: sourceLocation)
            created.append(reply.json ?? .null)
        }
        return created
    }

    /// Seeds `catalog`.
    func seedCatalog(sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        try await seed(catalog, sourceLocation: sourceLocation)
    }

    /// GET with an `Accept` header.
    func get(_ path: String, accept: String) async throws -> Reply {
        try await get(path, headers: [.accept: accept])
    }
}
