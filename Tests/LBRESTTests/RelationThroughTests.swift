import LBCore
import Testing

/// hasMany-through over REST: `Physician.patients` / `Patient.physicians` through `Appointment`
/// (rest-api.md §4.2 through keys, §4.3 table incl. link/unlink/exists, the through-only rules for
/// count and delete, §4.4 create = target + link row).
@Suite("Relations: hasMany through")
struct RelationThroughTests {
    /// Physicians 1 Dr Ada, 2 Dr Bo; patients 1 Amy, 2 Ben, 3 Cat, 4 Dan; no appointments.
    func seedPeople(_ client: Client) async throws {
        try await client.seed([#"{"name":"Dr Ada"}"#, #"{"name":"Dr Bo"}"#], at: "/api/Physicians")
        try await client.seed([#"{"name":"Amy"}"#, #"{"name":"Ben"}"#, #"{"name":"Cat"}"#, #"{"name":"Dan"}"#], at: "/api/Patients")
    }

    /// `seedPeople` plus links Ada–Amy, Ada–Ben, Ada–Dan (dated 2024-02-01), Bo–Amy.
    func seedLinks(_ client: Client) async throws {
        try await seedPeople(client)
        for (physician, patient, body) in [(1, 1, "{}"), (1, 2, "{}"), (1, 4, #"{"date":"2024-02-01T09:00:00.000Z"}"#), (2, 1, "{}")] {
            let reply = try await client.put("/api/Physicians/\(physician)/patients/rel/\(patient)", body)
            #expect(reply.status == 200, "link \(physician)-\(patient): \(reply.text)")
        }
    }

    /// The (physicianId, patientId) pairs of every appointment, in id order.
    func links(_ client: Client) async throws -> [[Int]] {
        try await client.get("/api/Appointments").json?.arrayValue?.map { row in
            [row["physicianId"], row["patientId"]].map { $0?.numberValue.map { Int($0) } ?? -1 }
        } ?? []
    }

    static let amy = json(#"{"name":"Amy","id":1}"#)
    static let ben = json(#"{"name":"Ben","id":2}"#)
    static let dan = json(#"{"name":"Dan","id":4}"#)

    @Test("POST /:id/rel creates the target and a link row", arguments: TestConnector.allCases)
    func create(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedPeople(client)
            let reply = try await client.post("/api/Physicians/2/patients", #"{"name":"Eve"}"#)
            #expect(reply.status == 200)
            #expect(reply.json == json(#"{"name":"Eve","id":5}"#))
            #expect(try await client.get("/api/Patients/5").json == json(#"{"name":"Eve","id":5}"#))
            #expect(try await links(client) == [[2, 5]])
            let many = try await client.post("/api/Physicians/1/patients", #"[{"name":"Fay"},{"name":"Gus"}]"#)
            #expect(many.json == json(#"[{"name":"Fay","id":6},{"name":"Gus","id":7}]"#))
            #expect(try await links(client) == [[2, 5], [1, 6], [1, 7]])
        }
    }

    @Test("PUT /:id/rel/rel/:fk links and answers the through instance with the body's extra properties", arguments: TestConnector.allCases)
    func link(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedPeople(client)
            let plain = try await client.put("/api/Physicians/1/patients/rel/1", "{}")
            #expect(plain.status == 200)
            #expect(withoutNulls(plain.json) == json(#"{"id":1,"physicianId":1,"patientId":1}"#))
            #expect(try await client.put("/api/Physicians/1/patients/rel/2", "{}").status == 200)
            let dated = try await client.put("/api/Physicians/1/patients/rel/4", #"{"date":"2024-02-01T09:00:00.000Z"}"#)
            #expect(dated.status == 200)
            #expect(dated.json == json(#"{"date":"2024-02-01T09:00:00.000Z","id":3,"physicianId":1,"patientId":4}"#))
            #expect(try await client.get("/api/Appointments/3").json == dated.json)
            #expect(try await links(client) == [[1, 1], [1, 2], [1, 4]])
        }
    }

    @Test("GET /:id/rel lists the linked targets, filtered on the target model", arguments: TestConnector.allCases)
    func list(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            let reply = try await client.get("/api/Physicians/1/patients")
            #expect(reply.status == 200)
            #expect(reply.json == [Self.amy, Self.ben, Self.dan])
            #expect(try await client.get("/api/Physicians/1/patients", filter: #"{"where":{"name":"Ben"}}"#).json == [Self.ben])
            #expect(try await client.get("/api/Physicians/1/patients", filter: #"{"order":"name DESC","limit":2}"#).json == [Self.dan, Self.ben])
            #expect(try await client.get("/api/Physicians/2/patients").json == [Self.amy])
            // The other direction through the same rows.
            #expect(try await client.get("/api/Patients/1/physicians").json == json(#"[{"name":"Dr Ada","id":1},{"name":"Dr Bo","id":2}]"#))
            #expect(try await client.get("/api/Patients/3/physicians").text == "[]")
        }
    }

    @Test("GET /:id/rel/count counts link rows and evaluates ?where= against the through model", arguments: TestConnector.allCases)
    func count(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            #expect(try await client.get("/api/Physicians/1/patients/count").json == ["count": 3])
            #expect(try await client.get("/api/Physicians/2/patients/count").json == ["count": 1])
            let dated = try await client.get("/api/Physicians/1/patients/count", where: #"{"date":{"gt":"2024-01-01T00:00:00.000Z"}}"#)
            #expect(dated.json == ["count": 1])
            // `name` is a Patient property, not an Appointment one: nothing matches.
            #expect(try await client.get("/api/Physicians/1/patients/count", where: #"{"name":"Amy"}"#).json == ["count": 0])
        }
    }

    @Test("GET /:id/rel/:fk: a linked target, else 404 No relation found in Appointment", arguments: TestConnector.allCases)
    func findById(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            #expect(try await client.get("/api/Physicians/1/patients/4").json == Self.dan)
            let unlinked = try await client.get("/api/Physicians/1/patients/3")
            #expect(unlinked.status == 404)
            #expect(unlinked.json == errorBody(404, "No relation found in Appointment for (Physician.1,Patient.3)"))
            let missing = try await client.get("/api/Physicians/1/patients/9")
            #expect(missing.json == errorBody(404, "No relation found in Appointment for (Physician.1,Patient.9)"))
            expectNoBody(try await client.head("/api/Physicians/1/patients/4"), 200)
            expectNoBody(try await client.head("/api/Physicians/1/patients/3"), 404)
        }
    }

    @Test("HEAD /:id/rel/rel/:fk answers whether the link exists", arguments: TestConnector.allCases)
    func exists(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            expectNoBody(try await client.head("/api/Physicians/1/patients/rel/4"), 200)
            expectNoBody(try await client.head("/api/Physicians/1/patients/rel/3"), 404)
            expectNoBody(try await client.head("/api/Physicians/2/patients/rel/2"), 404)
            expectNoBody(try await client.head("/api/Physicians/1/patients/rel/99"), 404)
        }
    }

    @Test("PUT /:id/rel/:fk updates a linked target; an unlinked one is 404", arguments: TestConnector.allCases)
    func updateById(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            let reply = try await client.put("/api/Physicians/1/patients/4", #"{"name":"Daniel"}"#)
            #expect(reply.status == 200)
            #expect(reply.json == json(#"{"name":"Daniel","id":4}"#))
            #expect(try await client.get("/api/Patients/4").json == json(#"{"name":"Daniel","id":4}"#))
            let unlinked = try await client.put("/api/Physicians/1/patients/3", #"{"name":"Cathy"}"#)
            #expect(unlinked.json == errorBody(404, "No relation found in Appointment for (Physician.1,Patient.3)"))
            #expect(try await client.get("/api/Patients/3").json == json(#"{"name":"Cat","id":3}"#))
        }
    }

    @Test("DELETE /:id/rel/:fk: 204, deletes the target and its link row", arguments: TestConnector.allCases)
    func destroyById(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            expectNoBody(try await client.delete("/api/Physicians/1/patients/4"), 204)
            #expect(try await client.get("/api/Patients/4").status == 404)
            #expect(try await links(client) == [[1, 1], [1, 2], [2, 1]])
            #expect(try await client.delete("/api/Physicians/1/patients/3").status == 404)
            #expect(try await client.get("/api/Patients/3").status == 200)
        }
    }

    @Test("DELETE /:id/rel/rel/:fk: 204, removes the link only", arguments: TestConnector.allCases)
    func unlink(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            expectNoBody(try await client.delete("/api/Physicians/1/patients/rel/2"), 204)
            #expect(try await client.get("/api/Patients/2").json == Self.ben)
            #expect(try await links(client) == [[1, 1], [1, 4], [2, 1]])
            expectNoBody(try await client.head("/api/Physicians/1/patients/rel/2"), 404)
            #expect(try await client.get("/api/Physicians/1/patients").json == [Self.amy, Self.dan])
        }
    }

    @Test("DELETE /:id/rel: 204, removes that parent's link rows; every target survives", arguments: TestConnector.allCases)
    func deleteAll(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            expectNoBody(try await client.delete("/api/Physicians/1/patients"), 204)
            #expect(try await client.get("/api/Patients/count").json == ["count": 4])
            #expect(try await links(client) == [[2, 1]])
            #expect(try await client.get("/api/Physicians/1/patients").text == "[]")
            #expect(try await client.get("/api/Physicians/2/patients").json == [Self.amy])
        }
    }

    @Test("Linking a target that does not exist: 404, and no link row is written", arguments: TestConnector.allCases)
    func linkUnknownTarget(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            let reply = try await client.put("/api/Physicians/1/patients/rel/99", #"{"date":"2024-03-01T00:00:00.000Z"}"#)
            #expect(reply.status == 404)
            #expect(reply.error("statusCode") == 404)
            #expect(reply.error("message")?.stringValue?.contains("99") == true, "\(reply.text)")
            #expect(try await client.get("/api/Appointments/count").json == ["count": 4])
            #expect(try await client.get("/api/Physicians/1/patients/count").json == ["count": 3])
        }
    }

    @Test("Every through route of an unknown parent: 404 could not find a model with id 77", arguments: TestConnector.allCases)
    func unknownParent(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seedLinks(client)
            let base = "/api/Physicians/77/patients"
            expectUnknownParent(try await client.get(base), "77")
            expectUnknownParent(try await client.post(base, #"{"name":"X"}"#), "77")
            expectUnknownParent(try await client.get(base + "/count"), "77")
            expectUnknownParent(try await client.get(base + "/1"), "77")
            expectUnknownParent(try await client.put(base + "/1", #"{"name":"X"}"#), "77")
            expectUnknownParent(try await client.delete(base + "/1"), "77")
            expectUnknownParent(try await client.put(base + "/rel/1", "{}"), "77")
            expectUnknownParent(try await client.delete(base + "/rel/1"), "77")
            expectUnknownParent(try await client.delete(base), "77")
            expectNoBody(try await client.head(base + "/rel/1"), 404)
            #expect(try await client.get("/api/Appointments/count").json == ["count": 4])
            #expect(try await client.get("/api/Patients/count").json == ["count": 4])
        }
    }
}
