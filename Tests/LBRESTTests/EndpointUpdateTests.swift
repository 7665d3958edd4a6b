import LBCore
import Testing

@testable import LBREST

/// `PATCH /:id`, `PUT /:id`, `POST /:id/replace`, `PATCH /`, `PUT /`, `POST /upsertWithWhere`,
/// `POST /update` (rest-api.md §2.1–§2.2).
@Suite("REST update")
struct EndpointUpdateTests {
    static let desk = #"{"name":"Desk","price":120,"tags":["wood"]}"#

    @Test("PATCH /:id merges the body into the instance", arguments: TestConnector.allCases)
    func patchAttributes(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([Self.desk])
            let reply = try await client.patch("/api/Products/1", #"{"price":99}"#)
            #expect(reply.status == 200)
            #expect(reply.json == ["name": "Desk", "price": 99, "tags": ["wood"], "id": 1])
            #expect(try await client.get("/api/Products/1").json == ["name": "Desk", "price": 99, "tags": ["wood"], "id": 1])
        }
    }

    @Test("PATCH /:id of a missing instance: 404 could not find a model with id", arguments: TestConnector.allCases)
    func patchMissing(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let reply = try await client.patch("/api/Products/7", #"{"price":1}"#)
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "could not find a model with id 7", code: "MODEL_NOT_FOUND"))
        }
    }

    @Test("PATCH /:id changing the id: 400, nothing written", arguments: TestConnector.allCases)
    func patchIdChange(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([Self.desk])
            let reply = try await client.patch("/api/Products/1", #"{"id":2,"price":1}"#)
            #expect(reply.status == 400)
            #expect(reply.json == errorBody(400, "id cannot be updated from 1 to 2 when forceId is set to true"))
            #expect(try await client.get("/api/Products/1").json == ["name": "Desk", "price": 120, "tags": ["wood"], "id": 1])
            // The same id is fine; an empty body changes nothing.
            #expect(try await client.patch("/api/Products/1", #"{"id":1,"price":2}"#).status == 200)
            #expect(try await client.patch("/api/Products/1", "{}").json == ["name": "Desk", "price": 2, "tags": ["wood"], "id": 1])
        }
    }

    @Test("PATCH /:id validates the merged instance: 422, nothing written", arguments: TestConnector.allCases)
    func patchInvalid(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([Self.desk])
            let reply = try await client.patch("/api/Products/1", #"{"name":null,"price":1}"#)
            #expect(reply.status == 422)
            #expect(
                reply.json
                    == errorBody(
                        422, "The `Product` instance is not valid. Details: `name` can't be blank (value: null).", name: "ValidationError",
                        details: ["context": "Product", "codes": ["name": ["presence"]], "messages": ["name": ["can't be blank"]]]))
            #expect(try await client.get("/api/Products/1").json == ["name": "Desk", "price": 120, "tags": ["wood"], "id": 1])
        }
    }

    @Test("PATCH /:id with an array body: 400 Value is not an object.", arguments: TestConnector.allCases)
    func patchArray(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([Self.desk])
            let reply = try await client.patch("/api/Products/1", #"[{"price":1}]"#)
            #expect(reply.status == 400)
            #expect(reply.json == errorBody(400, "Value is not an object."))
        }
    }

    @Test("PUT /:id and POST /:id/replace replace: omitted properties are removed", arguments: TestConnector.allCases)
    func replaceById(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([Self.desk, Self.desk])
            let put = try await client.put("/api/Products/1", #"{"name":"Chair"}"#)
            #expect(put.status == 200)
            #expect(put.json == ["name": "Chair", "id": 1])
            #expect(try await client.get("/api/Products/1").json == ["name": "Chair", "id": 1])
            let post = try await client.post("/api/Products/2/replace", #"{"name":"Lamp","tags":[]}"#)
            #expect(post.status == 200)
            #expect(post.json == ["name": "Lamp", "tags": [], "id": 2])
            #expect(try await client.get("/api/Products/2").json == ["name": "Lamp", "tags": [], "id": 2])
        }
    }

    @Test("PUT /:id errors: other id 400, missing 404, invalid 422", arguments: TestConnector.allCases)
    func replaceByIdErrors(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([Self.desk])
            let idChange = try await client.put("/api/Products/1", #"{"id":2,"name":"X"}"#)
            #expect(idChange.status == 400)
            #expect(idChange.json == errorBody(400, "id property (id) cannot be updated from 1 to 2"))
            let missing = try await client.put("/api/Products/7", #"{"name":"X"}"#)
            #expect(missing.status == 404)
            #expect(missing.json == errorBody(404, "Could not replace. Object with id 7 does not exist!"))
            let missingPost = try await client.post("/api/Products/7/replace", #"{"name":"X"}"#)
            #expect(missingPost.json == errorBody(404, "Could not replace. Object with id 7 does not exist!"))
            let invalid = try await client.put("/api/Products/1", #"{"price":3}"#)
            #expect(invalid.status == 422)
            #expect(invalid.error("details")?["codes"] == ["name": ["presence"]])
            #expect(try await client.get("/api/Products/1").json == ["name": "Desk", "price": 120, "tags": ["wood"], "id": 1])
            // The same id in path and body is accepted.
            #expect(try await client.put("/api/Products/1", #"{"id":1,"name":"Y"}"#).json == ["name": "Y", "id": 1])
        }
    }

    @Test(
        "PUT /:id compares the body id strictly with the coerced path id",
        arguments: TestConnector.allCases)
    func replaceByIdStrictId(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([Self.desk])
            let reply = try await client.put("/api/Products/1", #"{"id":"1","name":"X"}"#)
            #expect(reply.status == 400)
            #expect(reply.json == errorBody(400, "id property (id) cannot be updated from 1 to 1"))
            // PATCH compares loosely: the same id as a string is fine.
            #expect(try await client.patch("/api/Products/1", #"{"id":"1","price":2}"#).status == 200)
        }
    }

    @Test("replaceOnPUT false: PUT /:id patches, PUT / patches-or-creates, POST /:id/replace still replaces", arguments: TestConnector.allCases)
    func replaceOnPutFalse(connector: TestConnector) async throws {
        try await withServer(productApp(settings: #""replaceOnPUT": false"#), connector: connector) { client in
            try await client.seed([Self.desk])
            let put = try await client.put("/api/Products/1", #"{"price":5}"#)
            #expect(put.status == 200)
            #expect(put.json == ["name": "Desk", "price": 5, "tags": ["wood"], "id": 1])
            let missing = try await client.put("/api/Products/7", #"{"price":5}"#)
            #expect(missing.json == errorBody(404, "could not find a model with id 7", code: "MODEL_NOT_FOUND"))
            let upsert = try await client.put("/api/Products", #"{"id":1,"tags":[]}"#)
            #expect(upsert.json == ["name": "Desk", "price": 5, "tags": [], "id": 1])
            let upsertMissing = try await client.put("/api/Products", #"{"id":7,"name":"X"}"#)
            #expect(upsertMissing.status == 404)
            #expect(upsertMissing.json == errorBody(404, "Could not update attributes. Object with id 7 does not exist!"))
            let replace = try await client.post("/api/Products/1/replace", #"{"name":"Chair"}"#)
            #expect(replace.json == ["name": "Chair", "id": 1])
        }
    }

    @Test("PATCH / without id creates, with an existing id patches, unknown id under forceId is 404", arguments: TestConnector.allCases)
    func patchOrCreate(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let created = try await client.patch("/api/Products", Self.desk)
            #expect(created.status == 200)
            #expect(created.json == ["name": "Desk", "price": 120, "tags": ["wood"], "id": 1])
            let patched = try await client.patch("/api/Products", #"{"id":1,"price":7}"#)
            #expect(patched.status == 200)
            #expect(patched.json == ["name": "Desk", "price": 7, "tags": ["wood"], "id": 1])
            let missing = try await client.patch("/api/Products", #"{"id":7,"name":"X"}"#)
            #expect(missing.status == 404)
            #expect(missing.json == errorBody(404, "Could not update attributes. Object with id 7 does not exist!"))
            let array = try await client.patch("/api/Products", #"[{"name":"X"}]"#)
            #expect(array.status == 400)
            #expect(array.json == errorBody(400, "Value is not an object."))
            #expect(try await client.get("/api/Products/count").json == ["count": 1])
        }
    }

    @Test("PUT / and POST /replaceOrCreate: create, replace existing, unknown id under forceId is 404", arguments: TestConnector.allCases)
    func replaceOrCreate(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            let created = try await client.put("/api/Products", Self.desk)
            #expect(created.status == 200)
            #expect(created.json == ["name": "Desk", "price": 120, "tags": ["wood"], "id": 1])
            let replaced = try await client.put("/api/Products", #"{"id":1,"name":"Chair"}"#)
            #expect(replaced.status == 200)
            #expect(replaced.json == ["name": "Chair", "id": 1])
            #expect(try await client.get("/api/Products/1").json == ["name": "Chair", "id": 1])
            let missing = try await client.put("/api/Products", #"{"id":7,"name":"X"}"#)
            #expect(missing.status == 404)
            #expect(missing.json == errorBody(404, "Could not replace. Object with id 7 does not exist!"))
            let missingPost = try await client.post("/api/Products/replaceOrCreate", #"{"id":7,"name":"X"}"#)
            #expect(missingPost.json == errorBody(404, "Could not replace. Object with id 7 does not exist!"))
            let array = try await client.put("/api/Products", #"[{"name":"X"}]"#)
            #expect(array.json == errorBody(400, "Value is not an object."))
        }
    }

    @Test("forceId false: PATCH / and PUT / with an unknown id insert with that id", arguments: TestConnector.allCases)
    func upsertInsertsWithoutForceId(connector: TestConnector) async throws {
        try await withServer(productApp(settings: #""forceId": false"#), connector: connector) { client in
            let patched = try await client.patch("/api/Products", #"{"id":7,"name":"Desk","price":1,"tags":[]}"#)
            #expect(patched.status == 200)
            #expect(patched.json == ["name": "Desk", "price": 1, "tags": [], "id": 7])
            let put = try await client.put("/api/Products", #"{"id":9,"name":"Chair","price":2,"tags":[]}"#)
            #expect(put.status == 200)
            #expect(put.json == ["name": "Chair", "price": 2, "tags": [], "id": 9])
            #expect(ids(try await client.get("/api/Products")) == [7, 9])
            let replaced = try await client.put("/api/Products", #"{"id":7,"name":"Lamp"}"#)
            #expect(replaced.json == ["name": "Lamp", "id": 7])
        }
    }

    @Test("POST /upsertWithWhere: empty body 400, several matches 400", arguments: TestConnector.allCases)
    func upsertWithWhereErrors(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            let empty = try await client.post("/api/Products/upsertWithWhere?where=" + enc(#"{"name":"Desk"}"#), "{}")
            #expect(empty.status == 400)
            #expect(empty.json == errorBody(400, "data object cannot be empty!"))
            let several = try await client.post("/api/Products/upsertWithWhere?where[price]=45", #"{"name":"X"}"#)
            #expect(several.status == 400)
            #expect(several.json == errorBody(400, "There are multiple instances found.Upsert Operation will not be performed!"))
            let array = try await client.post("/api/Products/upsertWithWhere?where[name]=Desk", #"[{"name":"X"}]"#)
            #expect(array.json == errorBody(400, "Value is not an object."))
            #expect(try await client.get("/api/Products/count").json == ["count": 6])
        }
    }

    @Test("POST /upsertWithWhere: no match creates from the body alone, one match is patched", arguments: TestConnector.allCases)
    func upsertWithWhere(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed([Self.desk])
            let created = try await client.post(
                "/api/Products/upsertWithWhere?where=" + enc(#"{"name":"Chair"}"#), #"{"name":"Stool","price":3,"tags":[]}"#)
            #expect(created.status == 200)
            #expect(created.json == ["name": "Stool", "price": 3, "tags": [], "id": 2])
            let updated = try await client.post("/api/Products/upsertWithWhere?where[name]=Desk", #"{"name":"Desk","price":5}"#)
            #expect(updated.status == 200)
            #expect(updated.json == ["name": "Desk", "price": 5, "tags": ["wood"], "id": 1])
            // The body alone is validated as a whole instance: `name` is required even for an update.
            let invalid = try await client.post("/api/Products/upsertWithWhere?where[name]=Desk", #"{"price":6}"#)
            #expect(invalid.status == 422)
            #expect(invalid.error("details")?["codes"] == ["name": ["presence"]])
            #expect(try await client.get("/api/Products").json == [
                ["name": "Desk", "price": 5, "tags": ["wood"], "id": 1], ["name": "Stool", "price": 3, "tags": [], "id": 2],
            ])
        }
    }

    @Test("POST /update sets the body on every match and returns the count", arguments: TestConnector.allCases)
    func updateAll(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seedCatalog()
            let some = try await client.post("/api/Products/update?where=" + enc(#"{"price":{"lt":50}}"#), #"{"tags":["cheap"]}"#)
            #expect(some.status == 200)
            #expect(some.json == ["count": 3])
            let cheap = try await client.get(filtered(#"{"where":{"tags":"cheap"}}"#))
            #expect(ids(cheap) == [2, 3, 5])
            #expect(try await client.get("/api/Products/2").json == ["name": "Chair", "price": 45, "tags": ["cheap"], "id": 2])
            let bracket = try await client.post("/api/Products/update?where[name]=Desk", #"{"price":1}"#)
            #expect(bracket.json == ["count": 1])
            let array = try await client.post("/api/Products/update?where[name]=Desk", #"[{"price":1}]"#)
            #expect(array.json == errorBody(400, "Value is not an object."))
            let none = try await client.post("/api/Products/update?where[name]=nope", #"{"price":1}"#)
            #expect(none.json == ["count": 0])
            // An empty body changes nothing but still counts the matches.
            #expect(try await client.post("/api/Products/update?where[price]=45", "{}").json == ["count": 2])
            // No where: every record.
            let all = try await client.post("/api/Products/update", #"{"price":2}"#)
            #expect(all.json == ["count": 6])
            #expect(try await client.get("/api/Products/count?where[price]=2").json == ["count": 6])
        }
    }
}
