import LBCore
import Testing

/// Polymorphic relations: `Picture.imageable` (belongsTo, `polymorphic: true`) and
/// `Employee.pictures` / `Product.pictures` (hasMany, `polymorphic: "imageable"`) of the shop app
/// (rest-api.md §4.2 polymorphic row: `imageableId` + `imageableType` holding the model name;
/// §4.4 discriminator added to queries and copied into created targets; §4.6 per-row target).
@Suite("Relations: polymorphic")
struct RelationPolymorphicTests {
    static let evePicture = json(#"{"name":"eve.png","id":1,"imageableId":1,"imageableType":"Employee"}"#)
    static let penPicture = json(#"{"name":"pen.png","id":2,"imageableId":1,"imageableType":"Product"}"#)
    static let eve = json(#"{"name":"Eve","id":1}"#)
    static let pen = json(#"{"name":"pen","price":2,"featured":false,"id":1}"#)

    /// Employee 1 Eve, product 1 pen, and one picture each created through the relations.
    func seed(_ client: Client) async throws {
        try await client.seed([#"{"name":"Eve"}"#], at: "/api/Employees")
        try await client.seed([#"{"name":"pen","price":2,"featured":false}"#], at: "/api/Products")
        try await client.seed([#"{"name":"eve.png"}"#], at: "/api/Employees/1/pictures")
        try await client.seed([#"{"name":"pen.png"}"#], at: "/api/Products/1/pictures")
    }

    @Test("POST /:id/pictures sets imageableId and imageableType from the parent", arguments: TestConnector.allCases)
    func create(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await client.seed([#"{"name":"Eve"}"#], at: "/api/Employees")
            try await client.seed([#"{"name":"pen","price":2,"featured":false}"#], at: "/api/Products")
            let first = try await client.post("/api/Employees/1/pictures", #"{"name":"eve.png","imageableType":"Product","imageableId":7}"#)
            #expect(first.status == 200)
            #expect(first.json == Self.evePicture)
            let second = try await client.post("/api/Products/1/pictures", #"{"name":"pen.png"}"#)
            #expect(second.json == Self.penPicture)
            #expect(try await client.get("/api/Pictures").json == [Self.evePicture, Self.penPicture])
        }
    }

    @Test("The hasMany side only sees pictures of its own model type", arguments: TestConnector.allCases)
    func listByType(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.get("/api/Employees/1/pictures").json == [Self.evePicture])
            #expect(try await client.get("/api/Products/1/pictures").json == [Self.penPicture])
            #expect(try await client.get("/api/Employees/1/pictures/count").json == ["count": 1])
            let other = try await client.get("/api/Employees/1/pictures/2")
            #expect(other.status == 404)
            #expect(other.json == errorBody(404, "No instance with id 2 found for Picture"))
            expectNoBody(try await client.delete("/api/Employees/1/pictures"), 204)
            #expect(try await client.get("/api/Pictures").json == [Self.penPicture])
        }
    }

    @Test("GET /Pictures/:id/imageable resolves the model from imageableType; none set → {}", arguments: TestConnector.allCases)
    func belongsTo(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            #expect(try await client.get("/api/Pictures/1/imageable").json == Self.eve)
            #expect(try await client.get("/api/Pictures/2/imageable").json == Self.pen)
            try await client.seed([#"{"name":"orphan.png"}"#], at: "/api/Pictures")
            let orphan = try await client.get("/api/Pictures/3/imageable")
            #expect(orphan.status == 200)
            #expect(orphan.text == "{}")
        }
    }

    @Test("include works from both sides; a picture without a target has no imageable key", arguments: TestConnector.allCases)
    func include(connector: TestConnector) async throws {
        try await withServer(shopApp(), connector: connector) { client in
            try await seed(client)
            try await client.seed([#"{"name":"orphan.png"}"#], at: "/api/Pictures")
            let pictures = try await client.get("/api/Pictures", filter: #"{"include":"imageable"}"#)
            #expect(pictures.status == 200)
            #expect(
                withoutNulls(pictures.json)
                    == json(
                        #"[{"name":"eve.png","id":1,"imageableId":1,"imageableType":"Employee","imageable":{"name":"Eve","id":1}},{"name":"pen.png","id":2,"imageableId":1,"imageableType":"Product","imageable":{"name":"pen","price":2,"featured":false,"id":1}},{"name":"orphan.png","id":3}]"#
                    ))
            let employees = try await client.get("/api/Employees", filter: #"{"include":"pictures"}"#)
            #expect(employees.json == json(#"[{"name":"Eve","id":1,"pictures":[{"name":"eve.png","id":1,"imageableId":1,"imageableType":"Employee"}]}]"#))
        }
    }
}
