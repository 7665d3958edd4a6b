import Foundation
import LBConfig
import LBCore
import Testing

// Fixture apps and helpers shared by the relation suites (rest-api.md §3.9, §3.10, §4;
// models.md §6.7, §6.9). Every relation test boots one of the two apps below.

/// A JSON literal, parsed with key order kept (expected bodies are written as JSON text).
func json(_ text: String) -> JSONValue {
    var diagnostics = Diagnostics()
    guard let value = JSONConfigReader.read(Array(text.utf8), file: "expected", diagnostics: &diagnostics)?.json else {
        fatalError("bad JSON literal in a test: \(text)")
    }
    return value
}

/// `value` with every `null` object member removed, at every depth. For bodies whose unwritten
/// properties are absent on the memory connector and `null` on SQLite (rest-api.md §1.7).
func withoutNulls(_ value: JSONValue?) -> JSONValue? {
    guard let value else { return nil }
    switch value {
    case .object(let members):
        return .object(members.filter { $0.value != .null }.mapValues { withoutNulls($0)! })
    case .array(let elements):
        return .array(elements.map { withoutNulls($0)! })
    default:
        return value
    }
}

/// The files of an app: `models` (file name → JSON) in `common/models`, `modelConfig` entries in
/// that order (name → JSON entry), a `transient` datasource beside the test's `db`, the
/// scaffolder's middleware, and strong-error-handler in debug mode when `debug` (so 5xx bodies
/// keep their message).
func relationFixture(models: [String: String], modelConfig: [(String, String)], debug: Bool) -> [String: String] {
    let entries = modelConfig.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
    let handler = debug ? #"{ "params": { "debug": true, "log": false } }"# : "{}"
    var files = [
        "server/config.json": #"{ "restApiRoot": "/api", "remoting": { "rest": { "handleErrors": false }, "json": { "limit": "100kb" } } }"#,
        "server/model-config.json": "{ \"_meta\": { \"sources\": [\"../common/models\"] }, \(entries) }",
        "server/datasources.local.json": #"{ "transient": { "name": "transient", "connector": "transient" } }"#,
        "server/middleware.json": """
            { "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } },
              "final": { "loopback#urlNotFound": {} },
              "final:after": { "strong-error-handler": \(handler) } }
            """,
    ]
    for (file, definition) in models { files["common/models/" + file] = definition }
    return files
}

/// The "shop" app: every relation type between persisted models.
///
/// | model | properties | relations |
/// |---|---|---|
/// | Customer | name (required), age | orders hasMany Order (nestRemoting) · hiddenOrders hasMany Order (disableInclude) · purchases hasMany Order (http.path "bought") · profile hasOne Profile · tickets hasMany Ticket · urgentTickets hasMany Ticket (scope priority=high, properties name→customerName) |
/// | Order | description (required), total | customer belongsTo Customer (FK customerId) · shipments hasMany Shipment |
/// | Shipment | carrier | order belongsTo Order (nestRemoting) |
/// | Profile | bio, ssn (protected) | (FK customerId from Customer.profile) |
/// | Ticket | subject (required), priority, customerName; default scope order subject | (FK customerId) |
/// | Physician / Patient | name | patients / physicians hasMany through Appointment |
/// | Appointment | date | physician, patient belongsTo |
/// | Assembly / Part | name / partNumber | parts hasAndBelongsToMany Part (generated through model AssemblyPart) |
/// | Picture | name | imageable belongsTo polymorphic |
/// | Employee | name | pictures hasMany Picture polymorphic imageable · notes hasMany Note (foreignKey authorRef) |
/// | Note | text, authorRef | author belongsTo Employee (foreignKey authorRef) |
/// | Product | name, price, featured; scopes cheap, featured | pictures hasMany Picture polymorphic imageable |
func shopApp(debug: Bool = false) -> [String: String] {
    relationFixture(models: shopModels, modelConfig: shopModelNames.map { ($0, #"{ "dataSource": "db" }"#) }, debug: debug)
}

let shopModelNames = [
    "Customer", "Order", "Shipment", "Profile", "Ticket", "Physician", "Patient", "Appointment", "Assembly", "Part",
    "Picture", "Employee", "Product", "Note",
]

let shopModels: [String: String] = [
    "customer.json": #"""
        { "name": "Customer",
          "properties": { "name": { "type": "string", "required": true }, "age": "number" },
          "relations": {
            "orders": { "type": "hasMany", "model": "Order", "options": { "nestRemoting": true } },
            "hiddenOrders": { "type": "hasMany", "model": "Order", "foreignKey": "customerId", "options": { "disableInclude": true } },
            "purchases": { "type": "hasMany", "model": "Order", "foreignKey": "customerId", "options": { "http": { "path": "bought" } } },
            "profile": { "type": "hasOne", "model": "Profile" },
            "tickets": { "type": "hasMany", "model": "Ticket" },
            "urgentTickets": { "type": "hasMany", "model": "Ticket",
                               "scope": { "where": { "priority": "high" } },
                               "properties": { "name": "customerName" } } } }
        """#,
    "order.json": #"""
        { "name": "Order",
          "properties": { "description": { "type": "string", "required": true }, "total": "number" },
          "relations": {
            "customer": { "type": "belongsTo", "model": "Customer" },
            "shipments": { "type": "hasMany", "model": "Shipment" } } }
        """#,
    "shipment.json": #"""
        { "name": "Shipment", "properties": { "carrier": "string" },
          "relations": { "order": { "type": "belongsTo", "model": "Order", "options": { "nestRemoting": true } } } }
        """#,
    "profile.json": #"""
        { "name": "Profile", "protected": ["ssn"], "properties": { "bio": "string", "ssn": "string" } }
        """#,
    "ticket.json": #"""
        { "name": "Ticket", "scope": { "order": "subject" },
          "properties": { "subject": { "type": "string", "required": true }, "priority": "string", "customerName": "string" } }
        """#,
    "physician.json": #"""
        { "name": "Physician", "properties": { "name": "string" },
          "relations": { "patients": { "type": "hasMany", "model": "Patient", "through": "Appointment" } } }
        """#,
    "patient.json": #"""
        { "name": "Patient", "properties": { "name": "string" },
          "relations": { "physicians": { "type": "hasMany", "model": "Physician", "through": "Appointment" } } }
        """#,
    "appointment.json": #"""
        { "name": "Appointment", "properties": { "date": "date" },
          "relations": {
            "physician": { "type": "belongsTo", "model": "Physician" },
            "patient": { "type": "belongsTo", "model": "Patient" } } }
        """#,
    "assembly.json": #"""
        { "name": "Assembly", "properties": { "name": "string" },
          "relations": { "parts": { "type": "hasAndBelongsToMany", "model": "Part" } } }
        """#,
    "part.json": #"""
        { "name": "Part", "properties": { "partNumber": "string" } }
        """#,
    "picture.json": #"""
        { "name": "Picture", "properties": { "name": "string" },
          "relations": { "imageable": { "type": "belongsTo", "polymorphic": true } } }
        """#,
    "employee.json": #"""
        { "name": "Employee", "properties": { "name": "string" },
          "relations": {
            "pictures": { "type": "hasMany", "model": "Picture", "polymorphic": "imageable" },
            "notes": { "type": "hasMany", "model": "Note", "foreignKey": "authorRef" } } }
        """#,
    "note.json": #"""
        { "name": "Note", "properties": { "text": "string", "authorRef": "number" },
          "relations": { "author": { "type": "belongsTo", "model": "Employee", "foreignKey": "authorRef" } } }
        """#,
    "product.json": #"""
        { "name": "Product", "properties": { "name": "string", "price": "number", "featured": "boolean" },
          "scopes": {
            "cheap": { "where": { "price": { "lt": 10 } }, "order": "price" },
            "featured": { "where": { "featured": true } } },
          "relations": { "pictures": { "type": "hasMany", "model": "Picture", "polymorphic": "imageable" } } }
        """#,
]

/// The "contact" app: a `Customer` with embedded and referenced data.
///
/// | model | datasource | properties | relations |
/// |---|---|---|---|
/// | Customer | db | name (required) | address embedsOne Address (property billingAddress) · emails embedsMany EmailAddress (property emailList, forceId false) · accounts referencesMany Account (default FK accountIds) |
/// | Account | db | name, balance | — |
/// | Address | transient, private | street, city (no id) | — |
/// | EmailAddress | transient, private | label, address (required) | — |
func contactApp(debug: Bool = false) -> [String: String] {
    relationFixture(
        models: contactModels,
        modelConfig: [
            ("Customer", #"{ "dataSource": "db" }"#), ("Account", #"{ "dataSource": "db" }"#),
            ("Address", #"{ "dataSource": "transient", "public": false }"#),
            ("EmailAddress", #"{ "dataSource": "transient", "public": false }"#),
        ], debug: debug)
}

let contactModels: [String: String] = [
    "customer.json": #"""
        { "name": "Customer", "properties": { "name": { "type": "string", "required": true } },
          "relations": {
            "address": { "type": "embedsOne", "model": "Address", "property": "billingAddress" },
            "emails": { "type": "embedsMany", "model": "EmailAddress", "property": "emailList", "options": { "forceId": false } },
            "accounts": { "type": "referencesMany", "model": "Account" } } }
        """#,
    "account.json": #"""
        { "name": "Account", "properties": { "name": "string", "balance": "number" } }
        """#,
    "address.json": #"""
        { "name": "Address", "base": "Model", "idInjection": false, "properties": { "street": "string", "city": "string" } }
        """#,
    "email-address.json": #"""
        { "name": "EmailAddress", "base": "Model",
          "properties": { "label": "string", "address": { "type": "string", "required": true } } }
        """#,
]

// MARK: - Seed data of the shop app

/// Customers 1 Ann (30), 2 Bob (40), 3 Cid (50, no orders).
let shopCustomers = [#"{"name":"Ann","age":30}"#, #"{"name":"Bob","age":40}"#, #"{"name":"Cid","age":50}"#]
/// Orders 1 desk 120 and 2 lamp 15 of Ann, 3 chair 45 of Bob.
let shopOrders = [
    #"{"description":"desk","total":120,"customerId":1}"#, #"{"description":"lamp","total":15,"customerId":1}"#,
    #"{"description":"chair","total":45,"customerId":2}"#,
]
/// Shipments 1 UPS and 2 DHL of order 1, 3 UPS of order 3.
let shopShipments = [#"{"carrier":"UPS","orderId":1}"#, #"{"carrier":"DHL","orderId":1}"#, #"{"carrier":"UPS","orderId":3}"#]

/// The seeded records as the API renders them (FKs added by relations come after the id, §1.7).
enum Shop {
    static let ann = json(#"{"name":"Ann","age":30,"id":1}"#)
    static let bob = json(#"{"name":"Bob","age":40,"id":2}"#)
    static let cid = json(#"{"name":"Cid","age":50,"id":3}"#)
    static let desk = json(#"{"description":"desk","total":120,"id":1,"customerId":1}"#)
    static let lamp = json(#"{"description":"lamp","total":15,"id":2,"customerId":1}"#)
    static let chair = json(#"{"description":"chair","total":45,"id":3,"customerId":2}"#)
    static let ups1 = json(#"{"carrier":"UPS","id":1,"orderId":1}"#)
    static let dhl1 = json(#"{"carrier":"DHL","id":2,"orderId":1}"#)
    static let ups3 = json(#"{"carrier":"UPS","id":3,"orderId":3}"#)
    static let annProfile = json(#"{"bio":"likes desks","ssn":"111","id":1,"customerId":1}"#)
}

extension Client {
    /// Seeds customers, orders and shipments of the shop app through the models' own endpoints.
    func seedShop(sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        try await seed(shopCustomers, at: "/api/Customers", sourceLocation: sourceLocation)
        try await seed(shopOrders, at: "/api/Orders", sourceLocation: sourceLocation)
        try await seed(shopShipments, at: "/api/Shipments", sourceLocation: sourceLocation)
    }

    /// GET `base?filter=<json>`.
    func get(_ base: String, filter: String) async throws -> Reply {
        try await get(base + "?filter=" + enc(filter))
    }

    /// GET `base?where=<json>`.
    func get(_ base: String, where condition: String) async throws -> Reply {
        try await get(base + "?where=" + enc(condition))
    }

    /// `{"count": n}` of `path`, or `nil` when the reply is not a count.
    func count(_ path: String) async throws -> Int? {
        try await get(path).json?["count"]?.numberValue.map { Int($0) }
    }
}

/// Checks a LoopBack error reply of a debug-mode app (the message of a 5xx is shown there):
/// status, `error.statusCode`, `error.name` `Error` and `error.message`.
func expectDebugError(
    _ reply: Reply, _ status: Int, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.error("statusCode") == .number(Double(status)), sourceLocation: sourceLocation)
    #expect(reply.error("name") == "Error", sourceLocation: sourceLocation)
    #expect(reply.error("message") == .string(message), sourceLocation: sourceLocation)
}

/// Checks a reply is `404 could not find a model with id <id>` (`MODEL_NOT_FOUND`): the answer of
/// every relation route for an unknown parent (§4.3).
func expectUnknownParent(_ reply: Reply, _ id: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(reply.status == 404, "\(reply.text)", sourceLocation: sourceLocation)
    #expect(
        reply.json == errorBody(404, "could not find a model with id \(id)", code: "MODEL_NOT_FOUND"), "\(reply.text)",
        sourceLocation: sourceLocation)
}

/// Checks a bodiless reply (204, or any HEAD).
func expectNoBody(_ reply: Reply, _ status: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.text == "", sourceLocation: sourceLocation)
}

/// `base` (an object) with `key: value` appended as its last member.
func adding(_ base: JSONValue, _ key: String, _ value: JSONValue) -> JSONValue {
    guard case .object(var members) = base else { return base }
    members[key] = value
    return .object(members)
}

/// `value` with the members of every object sorted by key, at every depth: for comparing bodies
/// where the order of several included relations is not the point of the test.
func canonical(_ value: JSONValue?) -> JSONValue? {
    guard let value else { return nil }
    switch value {
    case .object(let members):
        return .object(.init(uniqueKeysWithValues: members.sorted { $0.key < $1.key }.map { ($0.key, canonical($0.value)!) }))
    case .array(let elements):
        return .array(elements.map { canonical($0)! })
    default:
        return value
    }
}
