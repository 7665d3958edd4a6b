import LBCore
import Testing

@testable import LBREST

/// `DELETE /:id` and the unexposed `DELETE /` (rest-api.md §2.1–§2.2).
@Suite("REST delete")
struct EndpointDeleteTests {
    @Test("DELETE /:id answers {\"count\":1}, then {\"count\":0}; the instance is gone", arguments: TestConnector.allCases)
    func deleteById(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed(Array(catalog.prefix(3)))
            let first = try await client.delete("/api/Products/2")
            #expect(first.status == 200)
            #expect(first.json == ["count": 1])
            #expect(first.header("Content-Type") == "application/json; charset=utf-8")
            let again = try await client.delete("/api/Products/2")
            #expect(again.status == 200)
            #expect(again.json == ["count": 0])
            let gone = try await client.get("/api/Products/2")
            #expect(gone.status == 404)
            #expect(gone.json == errorBody(404, #"Unknown "Product" id "2"."#, code: "MODEL_NOT_FOUND"))
            #expect(ids(try await client.get("/api/Products")) == [1, 3])
            #expect(try await client.get("/api/Products/2/exists").json == ["exists": false])
        }
    }

    @Test("DELETE /:id of an id that never existed is {\"count\":0}", arguments: TestConnector.allCases)
    func deleteMissing(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            for path in ["42", "abc"] {
                let reply = try await client.delete("/api/Products/" + path)
                #expect(reply.status == 200, "id \(path)")
                #expect(reply.json == ["count": 0], "id \(path)")
            }
        }
    }

    @Test("strictDelete: DELETE of a missing id is 404 NOT_FOUND", arguments: TestConnector.allCases)
    func strictDelete(connector: TestConnector) async throws {
        try await withServer(productApp(settings: #""strictDelete": true"#), connector: connector) { client in
            try await client.seed([catalog[0]])
            let missing = try await client.delete("/api/Products/9")
            #expect(missing.status == 404)
            #expect(missing.json == errorBody(404, "No instance with id 9 found for Product", code: "NOT_FOUND"))
            let found = try await client.delete("/api/Products/1")
            #expect(found.status == 200)
            #expect(found.json == ["count": 1])
        }
    }

    @Test("DELETE / (destroyAll) is not exposed: 404, nothing deleted", arguments: TestConnector.allCases)
    func deleteAllNotExposed(connector: TestConnector) async throws {
        try await withServer(productApp(), connector: connector) { client in
            try await client.seed(Array(catalog.prefix(2)))
            let reply = try await client.delete("/api/Products")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, #"Shared class  "Product" has no method handling DELETE /"#))
            #expect(try await client.get("/api/Products/count").json == ["count": 2])
        }
    }
}
