import Foundation
import LBCore
import Testing

@testable import LBConfig

/// The JSON Schemas shipped in `<package root>/schemas/`, read from disk (this target depends on LBConfig only).
private let bundledSchemas: [String: [UInt8]] = {
    var root = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { root.deleteLastPathComponent() }
    let folder = root.appendingPathComponent("schemas")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    var schemas: [String: [UInt8]] = [:]
    for name in names where name.hasSuffix(".schema.json") {
        if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) { schemas[name] = [UInt8](data) }
    }
    return schemas
}()

@Suite("Bundled schemas")
struct BundledSchemaTests {
    @Test("the bundled schemas compile and accept typical documents, and still catch mistakes")
    func compileAndAccept() throws {
        #expect(bundledSchemas.count >= 7)
        let library = try SchemaLibrary(schemas: bundledSchemas)
        #expect(library.schemaNames == bundledSchemas.keys.sorted())
        let validator = SchemaValidator(library: library)
        let documents: [(String, String)] = [
            ("config.schema.json", #"{"restApiRoot": "/api", "host": "0.0.0.0", "port": 3000, "remoting": {"rest": {"normalizeHttpPath": false}}, "custom": 1}"#),
            ("datasources.schema.json", #"{"db": {"name": "db", "connector": "memory"}, "mail": {"connector": "mail"}}"#),
            ("model-config.schema.json", #"{"_meta": {"sources": ["loopback/common/models", "./models"]}, "User": {"dataSource": "db", "public": true}}"#),
            ("middleware.schema.json", #"{"initial": {"compression": {}}, "routes": {"loopback#rest": {"paths": ["${restApiRoot}"]}}, "final:after": {"strong-error-handler": {}}}"#),
            ("component-config.schema.json", #"{"loopback-component-explorer": {"mountPath": "/explorer"}}"#),
            ("model.schema.json", #"{"name": "Note", "base": "PersistedModel", "properties": {"title": {"type": "string", "required": true}}}"#),
        ]
        for (schema, json) in documents {
            var diagnostics = Diagnostics()
            _ = validator.validate(parse(json, file: "app.json"), against: schema, diagnostics: &diagnostics)
            #expect(diagnostics.isEmpty, "\(schema): \(diagnostics.all.map(\.message))")
        }
        var diagnostics = Diagnostics()
        _ = validator.validate(parse(#"{"restApiRoot": "api"}"#, file: "server/config.json"), against: "config.schema.json", diagnostics: &diagnostics)
        #expect(diagnostics.all.map(\.code) == ["schema.pattern"])
        #expect(at(diagnostics.all.first?.location) == "server/config.json:1:17")
    }
}
