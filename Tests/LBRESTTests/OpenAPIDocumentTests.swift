import LBCore
import LBOpenAPI
import LBPlan
import LBREST
import LBTesting
import Testing

/// What the OpenAPI 3.1 and Swagger 2.0 documents say about an app's REST API.
@Suite("OpenAPI documents")
struct OpenAPIDocumentTests {
    static let verbs = ["get", "put", "post", "delete", "patch", "head"]

    /// The documents of the app made of `files`, with default settings.
    func documents(_ files: [String: String]) throws -> (plan: AppPlan, documents: APIDocuments) {
        let app = try TemporaryApp(files)
        let result = app.compile()
        let plan = try #require(result.plan, "\(result.diagnostics)")
        return (plan, APIDocuments(plan: plan, settings: DocumentSettings(plan: plan, options: nil, package: nil)))
    }

    static let bookstore = appWith(
        models: [("Book", "db"), ("Review", "db"), ("Author", "db")],
        definitions: [
            "book.json": #"""
                { "name": "Book", "description": "A book for sale.", "hidden": ["secret"], "scopes": { "cheap": { "where": { "price": { "lt": 10 } } } },
                  "properties": { "title": { "type": "string", "required": true, "description": "The title." }, "price": { "type": "number", "default": 5 },
                    "published": "date", "tags": ["string"], "location": "geopoint", "secret": "string", "extra": "any" },
                  "relations": { "reviews": { "type": "hasMany", "model": "Review", "options": { "nestRemoting": true } },
                                 "author": { "type": "belongsTo", "model": "Author" } } }
                """#,
            "review.json": #"{ "name": "Review", "properties": { "stars": "number" }, "relations": { "critic": { "type": "belongsTo", "model": "Author" } } }"#,
            "author.json": #"{ "name": "Author", "properties": { "name": "string" } }"#,
        ])

    @Test("every served route appears once, with a unique LoopBack operation id")
    func everyRoute() throws {
        let (plan, documents) = try documents(Self.bookstore)
        let paths = try #require(documents.openAPI["paths"]?.objectValue)
        var expected = 0
        for entry in RouteTable(plan: plan).models {
            for route in entry.routes {
                expected += 1
                let path = entry.model.httpPath + route.segments.map { segment in
                    switch segment {
                    case .literal(let text): "/" + text
                    case .parameter(let name): "/{\(name)}"
                    }
                }.joined()
                #expect(paths[path]?[route.verb] != nil, "\(route.verb) \(path)")
            }
        }
        let ids = paths.values.flatMap { item in Self.verbs.compactMap { item[$0]?["operationId"]?.stringValue } }
        #expect(ids.count == expected)
        #expect(Set(ids).count == ids.count)
        for id in ["Book.find", "Book.findById", "Book.prototype.patchAttributes", "Book.prototype.__get__reviews", "Book.__get__cheap",
                   "Book.prototype.__get__reviews__critic", "Book.exists", "Book.replaceById"] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(paths["/Books/{id}"]?["head"]?["operationId"] == "Book.exists__head_Books_{id}")
    }

    @Test("relation endpoints have their path parameters and the target's schemas")
    func relations() throws {
        let (_, documents) = try documents(Self.bookstore)
        let paths = try #require(documents.openAPI["paths"])
        let byId = try #require(paths["/Books/{id}/reviews/{fk}"]?["get"])
        #expect(byId["operationId"] == "Book.prototype.__findById__reviews")
        #expect(byId["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["id", "fk"])
        #expect(byId["responses"]?["200"]?["content"]?["application/json"]?["schema"] == ["$ref": "#/components/schemas/Review"])
        let list = paths["/Books/{id}/reviews"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]
        #expect(list == ["type": "array", "items": ["$ref": "#/components/schemas/Review"]])
        #expect(paths["/Books/{id}/reviews"]?["delete"]?["responses"]?["204"] != nil)
        #expect(paths["/Books/{id}/reviews/{nk}/critic"]?["get"] != nil)
        #expect(paths["/Books/{id}/author"]?["get"]?["parameters"]?.arrayValue?.last?["name"] == "refresh")
    }

    @Test("model schemas follow the property types; hidden properties are left out of responses only")
    func schemas() throws {
        let (_, documents) = try documents(Self.bookstore)
        let book = try #require(documents.openAPI["components"]?["schemas"]?["Book"])
        #expect(book["description"] == "A book for sale.")
        #expect(book["required"] == ["title"])
        let properties = try #require(book["properties"])
        #expect(properties["title"] == ["type": "string", "description": "The title."])
        #expect(properties["price"] == ["type": ["number", "null"], "default": 5])
        #expect(properties["published"] == ["type": ["string", "null"], "format": "date-time"])
        #expect(properties["tags"] == ["type": ["array", "null"], "items": ["type": "string"]])
        #expect(properties["location"]?["properties"] == ["lat": ["type": "number"], "lng": ["type": "number"]])
        #expect(properties["extra"] == [:])
        #expect(properties["id"] == ["type": "number"])
        #expect(properties["authorId"] != nil)
        #expect(properties["secret"] == nil)
        let input = try #require(documents.openAPI["components"]?["schemas"]?["Book.input"])
        #expect(input["properties"]?["secret"] != nil)
        let create = documents.openAPI["paths"]?["/Books"]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"]
        #expect(create?["anyOf"]?.arrayValue?.first == ["$ref": "#/components/schemas/Book.input"])
    }

    @Test("the Swagger 2.0 document has the same operations, with definitions and x-nullable")
    func swagger() throws {
        let (_, documents) = try documents(Self.bookstore)
        let swagger = documents.swagger
        #expect(swagger["swagger"] == "2.0")
        #expect(swagger["consumes"]?.arrayValue?.first == "application/json")
        #expect(swagger["produces"]?.arrayValue?.contains("application/javascript") == true)
        #expect(swagger["definitions"]?["Book"]?["properties"]?["price"] == ["type": "number", "x-nullable": true, "default": 5])
        let find = try #require(swagger["paths"]?["/Books"]?["get"])
        #expect(find["parameters"]?.arrayValue?.first == ["name": "filter", "in": "query", "required": false, "description": find["parameters"]?.arrayValue?.first?["description"] ?? "", "type": "string"])
        #expect(find["responses"]?["200"]?["schema"] == ["type": "array", "items": ["$ref": "#/definitions/Book"]])
        let body = swagger["paths"]?["/Books/{id}"]?["patch"]?["parameters"]?.arrayValue?.last
        #expect(body?["in"] == "body")
        #expect(body?["schema"] == ["$ref": "#/definitions/Book.patch"])
        #expect(swagger["definitions"]?["Book.patch"]?["required"] == nil, "a partial update requires nothing")
        #expect(swagger["definitions"]?["Book.input"]?["required"] != nil)
        let replace = swagger["paths"]?["/Books/{id}"]?["put"]?["parameters"]?.arrayValue?.last
        #expect(replace?["schema"] == ["$ref": "#/definitions/Book.input"])
        let openAPIIds = documents.operations.map(\.operationId)
        let swaggerPaths: [JSONValue] = swagger["paths"]?.objectValue.map { Array($0.values) } ?? []
        let swaggerIds = swaggerPaths.flatMap { item in Self.verbs.compactMap { item[$0]?["operationId"]?.stringValue } }
        #expect(Set(openAPIIds) == Set(swaggerIds))
    }

    @Test("operations accept the access token in the Authorization header or the access_token query")
    func security() throws {
        let (_, documents) = try documents(Self.bookstore)
        let schemes = documents.openAPI["components"]?["securitySchemes"]
        #expect(schemes?["AccessToken"] == ["type": "apiKey", "in": "header", "name": "Authorization", "description": "An access token id, as returned by login."])
        #expect(schemes?["AccessTokenQuery"]?["name"] == "access_token")
        #expect(documents.swagger["securityDefinitions"] == schemes)
        let find = documents.openAPI["paths"]?["/Books"]?["get"]
        #expect(find?["security"] == [["AccessToken": []], ["AccessTokenQuery": []], [:]])
        #expect(find?["responses"]?["401"]?["content"]?["application/json"]?["schema"] == ["$ref": "#/components/schemas/Error"])
    }

    @Test("sharedMethods hide routes from the documents as from the API")
    func sharedMethods() throws {
        var files = Self.bookstore
        files["server/model-config.json"] = #"""
            { "_meta": { "sources": ["../common/models"] },
              "Book": { "dataSource": "db", "options": { "remoting": { "sharedMethods": { "deleteById": false, "prototype.__*": false } } } },
              "Review": { "dataSource": "db" }, "Author": { "dataSource": "db" } }
            """#
        let (_, documents) = try documents(files)
        let ids = documents.operations.map(\.operationId)
        #expect(!ids.contains("Book.deleteById"))
        #expect(!ids.contains { $0.hasPrefix("Book.prototype.__") })
        #expect(ids.contains("Book.find"))
        #expect(documents.openAPI["paths"]?["/Books/{id}/reviews"] == nil)
    }

    @Test("User-based models document their account methods")
    func accounts() throws {
        let files = appWith(
            models: [("User", "db"), ("AccessToken", "db")], definitions: [:],
            extra: ["server/config.json": #"{ "restApiRoot": "/api" }"#])
        let (_, documents) = try documents(files)
        let paths = try #require(documents.openAPI["paths"])
        #expect(paths["/Users/login"]?["post"]?["operationId"] == "User.login")
        #expect(paths["/Users/logout"]?["post"]?["operationId"] == "User.logout")
        #expect(paths["/Users/logout"]?["get"]?["operationId"] == "User.logout__get_Users_logout")
        let user = documents.openAPI["components"]?["schemas"]?["User"]?["properties"]
        #expect(user?["email"] != nil)
        #expect(user?["password"] == nil)
        #expect(documents.openAPI["components"]?["schemas"]?["User.input"]?["properties"]?["password"] != nil)
    }
}
