import Foundation
import LBCore
import LBPlan
import LBTesting
import Testing

/// Every app of the LoopBack 3 corpus boots and serves create, read, update, delete and count on
/// each public model its ACLs leave open (datasources on connectors lbrun does not ship are served
/// from memory); a User-based model's records are served to their owner after login. Models that
/// ACLs close are covered by the Auth corpus suites.
@Suite("Corpus apps serve CRUD", .serialized, .enabled(if: Repository.corpus != nil, "../shared/corpus is not present"))
struct CorpusServeTests {
    @Test("create, list, get, patch, count and delete on every open public model; owner access on users", arguments: Repository.corpusApps)
    func crud(_ app: String) async throws {
        let plan = try #require(compile(app).plan)
        let overrides = plan.dataSources.filter { $0.connector == nil }.flatMap { ["--datasource", "\($0.name)=memory"] }
        let server = try ServerProcess(app: app, arguments: overrides)
        let root = plan.config.restApiRoot
        for model in plan.models where model.isPublic && model.dataSource != nil && model.isA("PersistedModel") {
            let base = root + model.httpPath
            if model.isA("User") {
                try await ownerFlow(model, base: base, server: server)
                continue
            }
            guard model.acls.isEmpty else { continue }
            let created = try await server.request("POST", base, body: Self.validBody(for: model).jsonText)
            try #require(created.status == 200, "POST \(base): \(created.status) \(created.body)")
            let object = try #require(ServerProcess.json(created.body) as? [String: Any])
            let id = try #require(object["id"].map { "\($0)" }, "no id in \(created.body)")
            #expect(try await server.request("GET", base).status == 200)
            #expect(try await server.request("GET", "\(base)/\(id)").status == 200)
            #expect(try await server.request("GET", "\(base)/\(id)/exists").body == #"{"exists":true}"#)
            #expect(try await server.request("PATCH", "\(base)/\(id)", body: "{}").status == 200)
            #expect(try await server.request("GET", "\(base)/count").body == #"{"count":1}"#)
            #expect(try await server.request("DELETE", "\(base)/\(id)").body == #"{"count":1}"#)
            #expect(try await server.request("GET", "\(base)/\(id)").status == 404)
        }
        try server.stop()
    }

    @Test("a LoopBack 2 app serves CRUD once its removed middleware is replaced", arguments: Repository.loopBack2CorpusApps)
    func migratedCrud(_ app: String) async throws {
        let migrated = try Repository.migratedCopy(of: app)
        defer { try? FileManager.default.removeItem(atPath: migrated) }
        try await crud(migrated)
    }

    /// Sign up, log in, read and update one's own record with the token; listing stays denied.
    func ownerFlow(_ model: ModelPlan, base: String, server: ServerProcess) async throws {
        var members = Self.validBody(for: model).objectValue ?? [:]
        members["password"] = "s3cret-pass"
        let body = JSONValue.object(members)
        let created = try await server.request("POST", base, body: body.jsonText)
        try #require(created.status == 200, "POST \(base): \(created.status) \(created.body)")
        #expect(!created.body.contains("s3cret-pass") && !created.body.contains("\"password\""))
        let object = try #require(ServerProcess.json(created.body) as? [String: Any])
        let id = try #require(object["id"].map { "\($0)" })
        let login = try await server.request("POST", "\(base)/login", body: JSONValue.object(["email": body["email"] ?? .null, "password": "s3cret-pass"]).jsonText)
        try #require(login.status == 200, "login: \(login.status) \(login.body)")
        let token = try #require((ServerProcess.json(login.body) as? [String: Any])?["id"] as? String)
        #expect(try await server.request("GET", "\(base)/\(id)", token: token).status == 200)
        #expect(try await server.request("GET", "\(base)/\(id)").status == 401)
        #expect(try await server.request("PATCH", "\(base)/\(id)", body: "{}", token: token).status == 200)
        #expect(try await server.request("GET", base, token: token).status == 401)
        #expect(try await server.request("DELETE", "\(base)/\(id)", token: token).body == #"{"count":1}"#)
    }

    /// A body with a plausible value for every required property of `model`.
    static func validBody(for model: ModelPlan) -> JSONValue {
        var body: [(String, JSONValue)] = []
        for property in model.properties where property.required && property.id == nil {
            let value: JSONValue
            switch property.type {
            case .string: value = property.name == "email" ? .string("user\(UUID().uuidString.prefix(8))@example.com") : "value"
            case .number: value = 1
            case .boolean: value = true
            case .date: value = "2024-05-01T10:00:00.000Z"
            case .array: value = []
            default: value = [:]
            }
            body.append((property.name, value))
        }
        return .object(.init(body, uniquingKeysWith: { first, _ in first }))
    }
}
