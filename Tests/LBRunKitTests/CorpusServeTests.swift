import Foundation
import LBCore
import LBPlan
import LBTesting
import Testing

/// Every app of the LoopBack 3 corpus boots and serves create, read, update, delete and count on
/// each public model (datasources on connectors lbrun does not ship are served from memory).
@Suite("Corpus apps serve CRUD", .serialized, .enabled(if: Repository.corpus != nil, "../shared/corpus is not present"))
struct CorpusServeTests {
    @Test("create, list, get, patch, count and delete on every public model", arguments: Repository.corpusApps)
    func crud(_ app: String) async throws {
        let plan = try #require(compile(app).plan)
        let overrides = plan.dataSources.filter { $0.connector == nil }.flatMap { ["--datasource", "\($0.name)=memory"] }
        let server = try ServerProcess(app: app, arguments: overrides)
        let root = plan.config.restApiRoot
        for model in plan.models where model.isPublic && model.dataSource != nil && model.isA("PersistedModel") {
            let base = root + model.httpPath
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
