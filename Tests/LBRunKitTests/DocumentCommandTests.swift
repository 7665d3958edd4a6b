import Foundation
import LBTesting
import Testing

/// `lbrun openapi` and `lbrun routes`: documents and route lists without serving.
@Suite("lbrun openapi and routes")
struct DocumentCommandTests {
    let cli = CommandLineTests()

    /// A Note app with auth on and ACLs: anyone reads, authenticated users create, owners and
    /// admins change, nobody deletes.
    static let guardedApp = minimalApp([
        "server/config.json": #"{ "restApiRoot": "/api", "enableAuth": true }"#,
        "common/models/note.json": #"""
            { "name": "Note", "properties": { "title": "string" },
              "acls": [
                { "principalType": "ROLE", "principalId": "$everyone", "permission": "DENY" },
                { "principalType": "ROLE", "principalId": "$everyone", "accessType": "READ", "permission": "ALLOW" },
                { "principalType": "ROLE", "principalId": "$authenticated", "property": "create", "permission": "ALLOW" },
                { "principalType": "ROLE", "principalId": "$owner", "property": "patchAttributes", "permission": "ALLOW" },
                { "principalType": "ROLE", "principalId": "admin", "property": "patchAttributes", "permission": "ALLOW" }
              ] }
            """#,
    ])

    @Test("openapi prints the OpenAPI 3.1 document as JSON")
    func openAPI() throws {
        let app = try TemporaryApp(minimalApp())
        let run = try cli.lbrun("openapi", app.path)
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        #expect(paths["/Notes/{id}"] != nil)
    }

    @Test("openapi --swagger2 --format yaml prints the Swagger 2.0 document as YAML")
    func swaggerYAML() throws {
        let app = try TemporaryApp(minimalApp())
        let run = try cli.lbrun("openapi", "--swagger2", "--format", "yaml", app.path)
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("swagger: '2.0'\n"))
        #expect(run.stdout.contains("basePath: /api\n"))
        #expect(run.stdout.contains("operationId: Note.find\n"))
    }

    @Test("openapi uses the explorer's options from component-config")
    func explorerOptions() throws {
        let app = try TemporaryApp(minimalApp([
            "server/component-config.json": #"{ "loopback-component-explorer": { "basePath": "/v2", "apiInfo": { "title": "Notes" } } }"#
        ]))
        let run = try cli.lbrun("openapi", app.path)
        #expect(run.stdout.contains(#""url": "/v2""#))
        #expect(run.stdout.contains(#""title": "Notes""#))
    }

    @Test("openapi exits 1 with the diagnostics on an invalid app")
    func invalidApp() throws {
        let run = try cli.lbrun("openapi", Repository.invalidFixtures + "/unknown-base-model")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("[model.unknown-base]"))
    }

    @Test("routes prints every route with who may call it under the static ACLs")
    func routes() throws {
        let app = try TemporaryApp(Self.guardedApp)
        let run = try cli.lbrun("routes", app.path)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "VERB PATH MODEL METHOD ACCESS")
        #expect(lines.contains("GET /api/Notes Note find everyone"))
        #expect(lines.contains("POST /api/Notes Note create authenticated"))
        #expect(lines.contains("PATCH /api/Notes/:id Note prototype.patchAttributes owner, admin"))
        #expect(lines.contains("DELETE /api/Notes/:id Note deleteById nobody"))
    }

    @Test("routes says everyone when auth is off, and --format json lists the same")
    func routesWithoutAuth() throws {
        let app = try TemporaryApp(minimalApp())
        let text = try cli.lbrun("routes", app.path)
        #expect(text.stdout.contains("Auth is off"))
        let run = try cli.lbrun("routes", "--format", "json", app.path)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["auth"] as? Bool == false)
        let routes = try #require(document["routes"] as? [[String: String]])
        #expect(routes.contains(["verb": "GET", "path": "/api/Notes/count", "model": "Note", "method": "count", "access": "everyone"]))
        #expect(routes.allSatisfy { $0["access"] == "everyone" })
    }
}
