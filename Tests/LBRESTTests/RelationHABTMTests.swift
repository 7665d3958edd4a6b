import HTTPTypes
import LBCore
import Testing

/// hasAndBelongsToMany over REST: `Assembly.parts` with the generated through model `AssemblyPart`
/// (rest-api.md §4.2 HABTM row: `<Source><Target>` through model with belongsTo to both sides;
/// §4.3 through rules for link/unlink/exists/count/delete; §3.9 include).
@Suite("Relations: hasAndBelongsToMany")
struct RelationHABTMTests {
    /// Assemblies 1 engine, 2 wheel; parts 1 p-1, 2 p-2, 3 p-3.
    func seed(_ client: Client) async throws {
        try await client.seed([#"{"name":"engine"}"#, #"{"name":"wheel"}"#], at: "/api/Assemblies")
        try await client.seed([#"{"partNumber":"p-1"}"#, #"{"partNumber":"p-2"}"#, #"{"partNumber":"p-3"}"#], at: "/api/Parts")
    }

    static func part(_ id: Int) -> JSONValue { json("{\"partNumber\":\"p-\(id)\",\"id\":\(id)}") }

    @Test("POST /:id/rel creates a part and links it; GET lists the linked parts", arguments: TestConnector.allCases)
    func createAndList(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let created = try await client.post("/api/Assemblies/1/parts", #"{"partNumber":"p-4"}"#)
            #expect(created.status == 200)
            #expect(created.json == Self.part(4))
            #expect(try await client.get("/api/Parts/4").json == Self.part(4))
            #expect(try await client.get("/api/Assemblies/1/parts").json == [Self.part(4)])
            #expect(try await client.get("/api/Assemblies/2/parts").text == "[]")
            #expect(try await client.get("/api/Assemblies/1/parts/count").json == ["count": 1])
        }
    }

    @Test("PUT /:id/rel/rel/:fk answers the generated through instance: id, assemblyId, partId", arguments: TestConnector.allCases)
    func link(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let first = try await client.put("/api/Assemblies/1/parts/rel/2", "{}")
            #expect(first.status == 200)
            #expect(first.json == json(#"{"id":1,"assemblyId":1,"partId":2}"#))
            let second = try await client.request(.put, "/api/Assemblies/1/parts/rel/3")  // no body at all
            #expect(second.json == json(#"{"id":2,"assemblyId":1,"partId":3}"#))
            #expect(try await client.put("/api/Assemblies/2/parts/rel/2", "{}").status == 200)
            #expect(try await client.get("/api/Assemblies/1/parts").json == [Self.part(2), Self.part(3)])
            #expect(try await client.get("/api/Assemblies/2/parts").json == [Self.part(2)])
            #expect(try await client.get("/api/Assemblies/1/parts", filter: #"{"where":{"partNumber":"p-3"}}"#).json == [Self.part(3)])
            #expect(try await client.get("/api/Assemblies/1/parts/count").json == ["count": 2])
            #expect(try await client.get("/api/Assemblies/1/parts/3").json == Self.part(3))
        }
    }

    @Test("HEAD /:id/rel/rel/:fk and GET /:id/rel/:fk of an unlinked part", arguments: TestConnector.allCases)
    func existsAndMiss(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.put("/api/Assemblies/1/parts/rel/2", "{}").status == 200)
            expectNoBody(try await client.head("/api/Assemblies/1/parts/rel/2"), 200)
            expectNoBody(try await client.head("/api/Assemblies/1/parts/rel/3"), 404)
            expectNoBody(try await client.head("/api/Assemblies/2/parts/rel/2"), 404)
            let miss = try await client.get("/api/Assemblies/1/parts/3")
            #expect(miss.status == 404)
            #expect(miss.json == errorBody(404, "No relation found in AssemblyPart for (Assembly.1,Part.3)"))
        }
    }

    @Test("Unlink and delete-all remove links only; the parts survive", arguments: TestConnector.allCases)
    func unlinkAndDeleteAll(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            for part in [1, 2, 3] { #expect(try await client.put("/api/Assemblies/1/parts/rel/\(part)", "{}").status == 200) }
            #expect(try await client.put("/api/Assemblies/2/parts/rel/1", "{}").status == 200)
            expectNoBody(try await client.delete("/api/Assemblies/1/parts/rel/2"), 204)
            #expect(try await client.get("/api/Assemblies/1/parts").json == [Self.part(1), Self.part(3)])
            #expect(try await client.get("/api/Parts/2").json == Self.part(2))
            expectNoBody(try await client.delete("/api/Assemblies/1/parts"), 204)
            #expect(try await client.get("/api/Assemblies/1/parts/count").json == ["count": 0])
            #expect(try await client.get("/api/Parts/count").json == ["count": 3])
            #expect(try await client.get("/api/Assemblies/2/parts").json == [Self.part(1)])
        }
    }

    @Test("DELETE /:id/rel/:fk deletes the part and its link", arguments: TestConnector.allCases)
    func destroyById(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.put("/api/Assemblies/1/parts/rel/2", "{}").status == 200)
            expectNoBody(try await client.delete("/api/Assemblies/1/parts/2"), 204)
            #expect(try await client.get("/api/Parts/2").status == 404)
            #expect(try await client.get("/api/Assemblies/1/parts/count").json == ["count": 0])
        }
    }

    @Test("Linking a part that does not exist: 404, no link row", arguments: TestConnector.allCases)
    func linkUnknownTarget(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            let reply = try await client.put("/api/Assemblies/1/parts/rel/99", "{}")
            #expect(reply.status == 404)
            #expect(reply.error("message")?.stringValue?.contains("99") == true, "\(reply.text)")
            #expect(try await client.get("/api/Assemblies/1/parts/count").json == ["count": 0])
            expectNoBody(try await client.head("/api/Assemblies/1/parts/rel/99"), 404)
            expectUnknownParent(try await client.put("/api/Assemblies/77/parts/rel/1", "{}"), "77")
            expectUnknownParent(try await client.get("/api/Assemblies/77/parts"), "77")
        }
    }

    @Test("The generated through model has no REST endpoints", arguments: TestConnector.allCases)
    func throughModelPrivate(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            let reply = try await client.get("/api/AssemblyParts")
            #expect(reply.status == 404)
            #expect(reply.json == errorBody(404, "There is no method to handle GET /AssemblyParts"))
        }
    }

    @Test("include of a HABTM relation attaches the linked parts", arguments: TestConnector.allCases)
    func include(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            for part in [1, 3] { #expect(try await client.put("/api/Assemblies/1/parts/rel/\(part)", "{}").status == 200) }
            let reply = try await client.get("/api/Assemblies", filter: #"{"include":"parts"}"#)
            #expect(reply.status == 200)
            #expect(
                reply.json
                    == json(#"[{"name":"engine","id":1,"parts":[{"partNumber":"p-1","id":1},{"partNumber":"p-3","id":3}]},{"name":"wheel","id":2,"parts":[]}]"#))
            let one = try await client.get("/api/Assemblies/2", filter: #"{"include":"parts"}"#)
            #expect(one.json == json(#"{"name":"wheel","id":2,"parts":[]}"#))
        }
    }
}
