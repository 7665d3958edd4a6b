import Foundation
import LBCore
import Testing

@testable import LBREST

/// Validation, `strict`, write-time coercion, defaults (rest-api.md §6, §1.7–§1.8).
@Suite("REST validation and typing")
struct ValidationTests {
    /// A model `Event` at `/api/Events` beside `Product`.
    static func eventApp(_ definition: String = eventDefinition) -> [String: String] {
        productApp(models: ["event.json": definition], modelConfig: ["Event": #"{ "dataSource": "db" }"#])
    }

    static let eventDefinition = #"""
        { "name": "Event", "properties": {
            "title": "string", "when": "date", "active": "boolean", "seats": "number",
            "status": { "type": "string", "default": "new" }, "labels": ["string"] } }
        """#

    @Test("Writes coerce values to the declared types", arguments: TestConnector.allCases)
    func coercion(connector: TestConnector) async throws {
        try await withServer(Self.eventApp(), connector: connector) { client in
            let created = try await client.post(
                "/api/Events", #"{"title":12,"when":"2024-03-01","active":"true","seats":"12.5","status":"open","labels":[1,"b"]}"#)
            #expect(created.status == 200)
            let expected: JSONValue = [
                "title": "12", "when": "2024-03-01T00:00:00.000Z", "active": true, "seats": 12.5, "status": "open", "labels": ["1", "b"],
                "id": 1,
            ]
            #expect(created.json == expected)
            #expect(try await client.get("/api/Events/1").json == expected)
        }
    }

    @Test("Dates become ISO strings with milliseconds (strings and epoch millis)", arguments: TestConnector.allCases)
    func dates(connector: TestConnector) async throws {
        try await withServer(Self.eventApp(), connector: connector) { client in
            let cases: [(String, String)] = [
                (#""2024-03-01T10:20:30Z""#, "2024-03-01T10:20:30.000Z"),
                (#""2024-03-01T10:20:30.5+02:00""#, "2024-03-01T08:20:30.500Z"),
                ("0", "1970-01-01T00:00:00.000Z"),
                ("1700000000000", "2023-11-14T22:13:20.000Z"),
            ]
            for (value, iso) in cases {
                let reply = try await client.post("/api/Events", #"{"when":"# + value + "}")
                #expect(reply.status == 200, "\(value): \(reply.text)")
                #expect(reply.json?["when"] == .string(iso), "\(value)")
                let id = reply.json?["id"]?.numberValue.map { Int($0) } ?? 0
                #expect(try await client.get("/api/Events/\(id)").json?["when"] == .string(iso), "\(value)")
            }
        }
    }

    @Test("Booleans: \"true\"/\"1\" and \"false\"/\"0\"; patch coerces too", arguments: TestConnector.allCases)
    func booleans(connector: TestConnector) async throws {
        try await withServer(Self.eventApp(), connector: connector) { client in
            for (value, expected) in [(#""1""#, true), (#""0""#, false), (#""false""#, false), ("true", true), ("false", false)] {
                let reply = try await client.post("/api/Events", #"{"active":"# + value + "}")
                #expect(reply.json?["active"] == .bool(expected), "\(value)")
            }
            let patched = try await client.patch("/api/Events/1", #"{"active":"false","seats":"3"}"#)
            #expect(patched.json?["active"] == false)
            #expect(patched.json?["seats"] == 3)
        }
    }

    @Test("null is stored and returned as null; non-numeric text in a number property becomes null (NaN)", arguments: TestConnector.allCases)
    func nullsAndNaN(connector: TestConnector) async throws {
        try await withServer(Self.eventApp(), connector: connector) { client in
            let created = try await client.post("/api/Events", #"{"title":null,"when":null,"seats":"abc","labels":null}"#)
            #expect(created.status == 200)
            let expected: JSONValue = ["title": nil, "when": nil, "seats": nil, "status": "new", "labels": nil, "id": 1]
            #expect(created.json == expected)
            #expect(try await client.get("/api/Events/1").json == expected)
            #expect(ids(try await client.get(filtered(#"{"where":{"title":null}}"#, "/api/Events"))) == [1])
            #expect(ids(try await client.get(filtered(#"{"where":{"title":{"exists":true}}}"#, "/api/Events"))) == [1])
        }
    }

    @Test("Replacing re-applies defaults to omitted properties", arguments: TestConnector.allCases)
    func replaceReappliesDefaults(connector: TestConnector) async throws {
        try await withServer(Self.eventApp(), connector: connector) { client in
            try await client.seed([#"{"title":"a","status":"closed","seats":3}"#], at: "/api/Events")
            let replaced = try await client.put("/api/Events/1", #"{"title":"b"}"#)
            #expect(replaced.json == ["title": "b", "status": "new", "id": 1])
            #expect(try await client.get("/api/Events/1").json == ["title": "b", "status": "new", "id": 1])
        }
    }

    @Test("An invalid date: 422 with code date", arguments: TestConnector.allCases)
    func invalidDate(connector: TestConnector) async throws {
        try await withServer(Self.eventApp(), connector: connector) { client in
            let reply = try await client.post("/api/Events", #"{"title":"x","when":"not a date"}"#)
            #expect(reply.status == 422)
            #expect(reply.error("name") == "ValidationError")
            #expect(reply.error("details") == ["context": "Event", "codes": ["when": ["date"]], "messages": ["when": ["is not a valid date"]]])
            #expect(reply.error("message")?.stringValue?.hasPrefix("The `Event` instance is not valid. Details: `when` is not a valid date") == true)
            #expect(try await client.get("/api/Events/count").json == ["count": 0])
        }
    }

    @Test("default values fill omitted properties on create, not explicit ones", arguments: TestConnector.allCases)
    func defaults(connector: TestConnector) async throws {
        try await withServer(Self.eventApp(), connector: connector) { client in
            let defaulted = try await client.post("/api/Events", #"{"title":"a"}"#)
            #expect(defaulted.json == ["title": "a", "status": "new", "id": 1])
            let explicit = try await client.post("/api/Events", #"{"title":"b","status":"closed"}"#)
            #expect(explicit.json == ["title": "b", "status": "closed", "id": 2])
            #expect(try await client.get(filtered(#"{"where":{"status":"new"}}"#, "/api/Events")).json == [["title": "a", "status": "new", "id": 1]])
        }
    }

    @Test("defaultFn uuidv4 string ids", arguments: TestConnector.allCases)
    func uuidIds(connector: TestConnector) async throws {
        let ticket = #"{ "name": "Ticket", "properties": { "id": { "type": "string", "id": true, "defaultFn": "uuidv4" }, "subject": "string" } }"#
        let app = productApp(models: ["ticket.json": ticket], modelConfig: ["Ticket": #"{ "dataSource": "db" }"#])
        try await withServer(app, connector: connector) { client in
            let first = try await client.post("/api/Tickets", #"{"subject":"a"}"#)
            let second = try await client.post("/api/Tickets", #"{"subject":"b"}"#)
            #expect(first.status == 200)
            let id = try #require(first.json?["id"]?.stringValue)
            let pattern = try Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
            #expect(id.wholeMatch(of: pattern) != nil, "\(id)")
            #expect(first.json == ["id": .string(id), "subject": "a"])
            #expect(second.json?["id"]?.stringValue != id)
            #expect(try await client.get("/api/Tickets/" + id).json == ["id": .string(id), "subject": "a"])
            #expect(try await client.patch("/api/Tickets/" + id, #"{"subject":"c"}"#).json == ["id": .string(id), "subject": "c"])
            #expect(try await client.delete("/api/Tickets/" + id).json == ["count": 1])
        }
    }

    @Test("Non-strict models (default) store and return dynamic properties", arguments: TestConnector.allCases)
    func dynamicProperties(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let created = try await client.post("/api/Products", #"{"name":"Desk","price":1,"tags":[],"color":"red","size":{"w":2}}"#)
            #expect(created.status == 200)
            let expected: JSONValue = ["name": "Desk", "price": 1, "tags": [], "id": 1, "color": "red", "size": ["w": 2]]
            #expect(created.json == expected)
            #expect(try await client.get("/api/Products/1").json == expected)
            #expect(ids(try await client.get(filtered(#"{"where":{"color":"red"}}"#))) == [1])
            let patched = try await client.patch("/api/Products/1", #"{"color":"blue","weight":3}"#)
            #expect(patched.json == ["name": "Desk", "price": 1, "tags": [], "id": 1, "color": "blue", "size": ["w": 2], "weight": 3])
            #expect(try await client.get("/api/Products/1").json == patched.json)
        }
    }

    @Test("strict: true rejects unknown properties with 422 unknown-property", arguments: TestConnector.allCases)
    func strictTrue(connector: TestConnector) async throws {
        try await withServer(productApp(settings: #""strict": true"#), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"{"name":"Desk","color":"red"}"#)
            #expect(reply.status == 422)
            #expect(reply.error("name") == "ValidationError")
            #expect(
                reply.error("details")
                    == ["context": "Product", "codes": ["color": ["unknown-property"]], "messages": ["color": ["is not defined in the model"]]])
            #expect(try await client.get("/api/Products/count").json == ["count": 0])
            try await client.seed([#"{"name":"Desk","price":1,"tags":[]}"#])
            let patch = try await client.patch("/api/Products/1", #"{"color":"red"}"#)
            #expect(patch.status == 422)
            #expect(patch.error("details")?["codes"] == ["color": ["unknown-property"]])
            #expect(try await client.get("/api/Products/1").json == ["name": "Desk", "price": 1, "tags": [], "id": 1])
            // In queries, unknown names are dropped from fields and simply never match in where.
            #expect(try await client.get(filtered(#"{"fields":["name","color"]}"#)).json == [["name": "Desk"]])
            #expect(try await client.get(filtered(#"{"where":{"color":"red"}}"#)).json == [])
        }
    }

    @Test("strict: \"filter\" drops unknown properties silently", arguments: TestConnector.allCases)
    func strictFilter(connector: TestConnector) async throws {
        try await withServer(productApp(settings: #""strict": "filter""#), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"{"name":"Desk","price":1,"tags":[],"color":"red"}"#)
            #expect(reply.status == 200)
            #expect(reply.json == ["name": "Desk", "price": 1, "tags": [], "id": 1])
            #expect(try await client.get("/api/Products/1").json == ["name": "Desk", "price": 1, "tags": [], "id": 1])
            #expect(try await client.patch("/api/Products/1", #"{"color":"red","price":2}"#).json == ["name": "Desk", "price": 2, "tags": [], "id": 1])
        }
    }

    @Test(
        "strict: true message: unknown properties come after the other failures and show value undefined",
        arguments: TestConnector.allCases)
    func strictMessage(connector: TestConnector) async throws {
        try await withServer(productApp(settings: #""strict": true"#), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"{"color":"red"}"#)
            #expect(
                reply.json
                    == errorBody(
                        422,
                        "The `Product` instance is not valid. Details: `name` can't be blank (value: undefined); "
                            + "`color` is not defined in the model (value: undefined).",
                        name: "ValidationError",
                        details: [
                            "context": "Product", "codes": ["name": ["presence"], "color": ["unknown-property"]],
                            "messages": ["name": ["can't be blank"], "color": ["is not defined in the model"]],
                        ]))
        }
    }

    @Test("Several failures: listed per property in rule order (id absence first)", arguments: TestConnector.allCases)
    func severalFailures(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"{"id":5,"price":1}"#)
            #expect(
                reply.json
                    == errorBody(
                        422, "The `Product` instance is not valid. Details: `id` can't be set (value: 5); `name` can't be blank (value: undefined).",
                        name: "ValidationError",
                        details: [
                            "context": "Product", "codes": ["id": ["absence"], "name": ["presence"]],
                            "messages": ["id": ["can't be set"], "name": ["can't be blank"]],
                        ]))
        }
    }

    @Test(
        "Validation messages shorten string values longer than 32 characters, then quote them",
        arguments: TestConnector.allCases)
    func longValues(connector: TestConnector) async throws {
        let ticket = #"{ "name": "Ticket", "forceId": true, "properties": { "id": { "type": "string", "id": true }, "subject": "string" } }"#
        let app = productApp(models: ["ticket.json": ticket], modelConfig: ["Ticket": #"{ "dataSource": "db" }"#])
        try await withServer(app, connector: connector) { client in
            let reply = try await client.post("/api/Tickets", #"{"id":"a very long string exceeding thirty-two chars"}"#)
            #expect(reply.status == 422)
            #expect(
                reply.error("message")
                    == #"The `Ticket` instance is not valid. Details: `id` can't be set (value: "a very long string exceed...ars")."#)
        }
    }

    @Test(
        "An invalid date shows as Invalid Date in the validation message",
        arguments: TestConnector.allCases)
    func invalidDateMessage(connector: TestConnector) async throws {
        try await withServer(Self.eventApp(), connector: connector) { client in
            let reply = try await client.post("/api/Events", #"{"title":"x","when":"not a date"}"#)
            #expect(reply.error("message") == "The `Event` instance is not valid. Details: `when` is not a valid date (value: Invalid Date).")
        }
    }

    @Test("Validation runs on replace and replaceOrCreate, not on updateAll", arguments: TestConnector.allCases)
    func whenValidationRuns(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([#"{"name":"Desk","price":1,"tags":[]}"#])
            #expect(try await client.put("/api/Products/1", #"{"price":2}"#).status == 422)
            #expect(try await client.post("/api/Products/replaceOrCreate", #"{"id":1,"price":2}"#).status == 422)
            #expect(try await client.put("/api/Products", #"{"price":2}"#).status == 422)
            let update = try await client.post("/api/Products/update", #"{"name":null}"#)
            #expect(update.json == ["count": 1])
        }
    }
}
