import LBCore
import Testing

@testable import LBREST

/// `POST /` (create), rest-api.md §2.1–§2.2, §1.6, §1.8.
@Suite("REST create")
struct EndpointCreateTests {
    @Test("POST / creates an object: 200 with the stored instance and a sequential id", arguments: TestConnector.allCases)
    func createObject(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let first = try await client.post("/api/Products", #"{"name":"Desk","price":120,"tags":["wood"]}"#)
            #expect(first.status == 200)
            #expect(first.json == ["name": "Desk", "price": 120, "tags": ["wood"], "id": 1])
            #expect(first.header("Content-Type") == "application/json; charset=utf-8")
            let second = try await client.post("/api/Products", #"{"tags":["x"],"price":5,"name":"Chair"}"#)
            #expect(second.status == 200)
            #expect(second.json == ["name": "Chair", "price": 5, "tags": ["x"], "id": 2])
            let stored = try await client.get("/api/Products/1")
            #expect(stored.status == 200)
            #expect(stored.json == ["name": "Desk", "price": 120, "tags": ["wood"], "id": 1])
        }
    }

    @Test("POST / with an array creates every item and returns them in order", arguments: TestConnector.allCases)
    func createArray(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post(
                "/api/Products", #"[{"name":"Desk","price":120,"tags":[]},{"name":"Chair","price":45,"tags":["a"]}]"#)
            #expect(reply.status == 200)
            #expect(
                reply.json == [
                    ["name": "Desk", "price": 120, "tags": [], "id": 1],
                    ["name": "Chair", "price": 45, "tags": ["a"], "id": 2],
                ])
            let list = try await client.get("/api/Products")
            #expect(list.json == reply.json)
        }
    }

    @Test("Concurrent creates get distinct ids and are all stored", arguments: TestConnector.allCases)
    func concurrentCreates(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let created = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 1...20 {
                    group.addTask {
                        let reply = try await client.post("/api/Products", #"{"name":"P\#(n)","price":\#(n)}"#)
                        return reply.json?["id"]?.numberValue.map { Int($0) } ?? -1
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(created.sorted() == Array(1...20))
            #expect(try await client.get("/api/Products/count").json == ["count": 20])
            #expect(ids(try await client.get("/api/Products")) == Array(1...20))
        }
    }

    @Test("POST / with an empty array returns []", arguments: TestConnector.allCases)
    func createEmptyArray(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post("/api/Products", "[]")
            #expect(reply.status == 200)
            #expect(reply.json == [])
        }
    }

    @Test(
        "POST / with an array where an item fails: 500, the valid items stay (none on PostgreSQL, where the array is one transaction)",
        arguments: TestConnector.allCases)
    func createArrayWithFailures(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"[{"name":"Desk","price":1,"tags":[]},{"price":5},{"name":"Lamp"}]"#)
            #expect(reply.status == 500)
            #expect(reply.header("X-Content-Type-Options") == "nosniff")
            let list = try await client.get("/api/Products")
            #expect(list.json == (connector == .postgresql ? [] : [["name": "Desk", "price": 1, "tags": [], "id": 1], ["name": "Lamp", "id": 2]]))
        }
    }

    @Test(
        "POST / with an array where an item fails: the body lists each failure in details, even in production",
        arguments: TestConnector.allCases)
    func createArrayFailureBody(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"[{"name":"Desk","price":1,"tags":[]},{"price":5}]"#)
            #expect(reply.status == 500)
            let failure: JSONValue = [
                "statusCode": 422, "name": "ValidationError",
                "message": "The `Product` instance is not valid. Details: `name` can't be blank (value: undefined).",
                "details": ["context": "Product", "codes": ["name": ["presence"]], "messages": ["name": ["can't be blank"]]],
            ]
            #expect(
                reply.json == [
                    "error": [
                        "statusCode": 500, "message": "Failed with multiple errors, see `details` for more information.",
                        "details": [nil, failure],
                    ]
                ])
            let list = try await client.get("/api/Products")
            #expect(list.json == (connector == .postgresql ? [] : [["name": "Desk", "price": 1, "tags": [], "id": 1]]))
        }
    }

    @Test("bulkErrorStatus: client: failures that are all 422 answer 422 with the same body; a mix of 4xx answers 400")
    func bulkClientStatus() async throws {
        let config = ["server/config.json": #"{ "restApiRoot": "/api", "bulkErrorStatus": "client" }"#]
        try await withServer(productApp(extra: config), connector: .memory) { client in
            let invalid = try await client.post("/api/Products", #"[{"name":"Desk"},{"price":5}]"#)
            #expect(invalid.status == 422)
            #expect(invalid.error("statusCode") == 422)
            #expect(invalid.error("message") == "Failed with multiple errors, see `details` for more information.")
            #expect(invalid.error("details")?.arrayValue?.count == 2)
            let mixed = try await client.post("/api/Products", #"[{"price":5}, 7]"#)
            #expect(mixed.status == 400)
            #expect(try await client.get("/api/Products/count").json == ["count": 1])
        }
    }

    @Test("POST / with an id while forceId is on (generated id): 422 absence", arguments: TestConnector.allCases)
    func createWithForcedId(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"{"name":"Desk","id":5}"#)
            #expect(reply.status == 422)
            #expect(
                reply.json
                    == errorBody(
                        422, "The `Product` instance is not valid. Details: `id` can't be set (value: 5).", name: "ValidationError",
                        details: ["context": "Product", "codes": ["id": ["absence"]], "messages": ["id": ["can't be set"]]]))
            #expect(try await client.get("/api/Products").json == [])
        }
    }

    @Test("POST / without a required property: 422 ValidationError with LoopBack's message and details", arguments: TestConnector.allCases)
    func createInvalid(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post("/api/Products", #"{"price":5}"#)
            #expect(reply.status == 422)
            #expect(
                reply.json
                    == errorBody(
                        422, "The `Product` instance is not valid. Details: `name` can't be blank (value: undefined).",
                        name: "ValidationError",
                        details: ["context": "Product", "codes": ["name": ["presence"]], "messages": ["name": ["can't be blank"]]]))
            #expect(try await client.get("/api/Products/count").json == ["count": 0])
        }
    }

    @Test("POST / renders the blank value in the validation message (\"\" and null)", arguments: TestConnector.allCases)
    func createBlankValues(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let empty = try await client.post("/api/Products", #"{"name":""}"#)
            #expect(empty.status == 422)
            #expect(empty.error("message") == #"The `Product` instance is not valid. Details: `name` can't be blank (value: "")."#)
            let null = try await client.post("/api/Products", #"{"name":null}"#)
            #expect(null.status == 422)
            #expect(null.error("message") == "The `Product` instance is not valid. Details: `name` can't be blank (value: null).")
        }
    }

    @Test("POST / with a body that is not an object or array: 400 Value is not an object.", arguments: TestConnector.allCases)
    func createNonObject(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for body in ["5", #""Desk""#, "true"] {
                let reply = try await client.post("/api/Products", body)
                #expect(reply.status == 400, "body \(body)")
                #expect(reply.json == errorBody(400, "Value is not an object."), "body \(body)")
            }
            #expect(try await client.get("/api/Products/count").json == ["count": 0])
        }
    }

    @Test("POST / with an empty JSON body is an empty object: 422 for the required name", arguments: TestConnector.allCases)
    func createEmptyBody(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.request(.post, "/api/Products", body: "")
            #expect(reply.status == 422)
            #expect(reply.error("details")?["codes"] == ["name": ["presence"]])
        }
    }

    @Test("POST / with forceId false keeps the client's id; a duplicate id is 409", arguments: TestConnector.allCases)
    func createDuplicateId(connector: TestConnector) async throws {
        try await withServer(productApp(settings: #""forceId": false"#), connector: connector) { client in
            let first = try await client.post("/api/Products", #"{"id":7,"name":"Desk","price":1,"tags":[]}"#)
            #expect(first.status == 200)
            #expect(first.json == ["name": "Desk", "price": 1, "tags": [], "id": 7])
            let duplicate = try await client.post("/api/Products", #"{"id":7,"name":"Chair"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.json == errorBody(409, "Duplicate entry for Product.id"))
            // A client-chosen id bumps the sequence.
            let next = try await client.post("/api/Products", #"{"name":"Lamp","price":2,"tags":[]}"#)
            #expect(next.json == ["name": "Lamp", "price": 2, "tags": [], "id": 8])
            #expect(try await client.get("/api/Products/7").json == ["name": "Desk", "price": 1, "tags": [], "id": 7])
        }
    }

    @Test("POST /replaceOrCreate without an id creates", arguments: TestConnector.allCases)
    func replaceOrCreateCreates(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.post("/api/Products/replaceOrCreate", #"{"name":"Desk","price":3,"tags":[]}"#)
            #expect(reply.status == 200)
            #expect(reply.json == ["name": "Desk", "price": 3, "tags": [], "id": 1])
        }
    }

    @Test("POST / with application/x-www-form-urlencoded: values are strings, coerced by property type", arguments: TestConnector.allCases)
    func createFromForm(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.request(
                .post, "/api/Products", body: "name=Desk&price=12&tags[]=a&tags[]=b",
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(reply.status == 200)
            #expect(reply.json == ["name": "Desk", "price": 12, "tags": ["a", "b"], "id": 1])
        }
    }
}
