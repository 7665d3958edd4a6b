import Foundation
import LBCore
@testable import LBPlan
import LBRuntime
@testable import LBSQLite
import Logging
import SQLiteNIO
import Testing

/// Builds plans, connectors and temporary folders for the SQLite tests.
enum SQLiteFixtures {
    static let location = SourceLocation(file: "common/models/test.json", line: 1, column: 1)

    static func property(
        _ name: String, _ type: PropertyType, id: Int? = nil, generated: Bool = false, settings: JSONValue = .object([:])
    ) -> PropertyPlan {
        PropertyPlan(
            name: name, type: type, required: false, id: id, generated: generated, defaultValue: nil, defaultFn: nil,
            settings: settings, origin: location)
    }

    /// A model; `id` is a generated number id unless `properties` declares ids itself.
    static func model(
        _ name: String, _ properties: [PropertyPlan], settings: JSONValue = .object([:]), dataSource: String = "db"
    ) -> ModelPlan {
        ModelPlan(
            name: name, base: "PersistedModel", ancestors: ["PersistedModel", "Model"], plural: name + "s",
            httpPath: "/\(name)s", isPublic: true, dataSource: dataSource, isBuiltin: false,
            idProperties: properties.filter { $0.id != nil }.sorted { $0.id! < $1.id! }.map(\.name),
            forceId: false, strict: .off, replaceOnPUT: true, properties: properties, hidden: [], protected: [],
            relations: [], acls: [], mixins: [], scope: nil, scopes: nil, indexes: nil, methods: nil, settings: settings,
            origin: location)
    }

    /// `Note`: a generated number id, a title, a count.
    static let note = model(
        "Note", [property("id", .number, id: 1, generated: true), property("title", .string), property("count", .number)])

    /// A product with a property of every type.
    static let product = model(
        "Product",
        [
            property("id", .number, id: 1, generated: true), property("name", .string), property("price", .number),
            property("available", .boolean), property("released", .date), property("birthday", .dateString),
            property("tags", .array(.string)), property("location", .geoPoint), property("address", .object),
            property("meta", .any), property("list", .array(nil)), property("owner", .model("Person")),
            property("dimensions", .embedded([property("width", .number), property("height", .number)])),
            property("blob", .buffer),
        ])

    static func dataSource(_ settings: JSONValue = .object([:]), connector: String = "sqlite") -> DataSourcePlan {
        DataSourcePlan(
            name: "db", connector: ModuleID(.connector, connector), connectorName: connector, settings: settings,
            origin: location)
    }

    static func context(_ directory: String = NSTemporaryDirectory()) -> ProvisionContext {
        ProvisionContext(appDirectory: directory, logger: Logger(label: "lbrun.sqlite.tests"))
    }

    /// A prepared connector on `file` (in memory without one).
    static func connector(file: String? = nil, models: [ModelPlan], directory: String = NSTemporaryDirectory()) async throws
        -> SQLiteConnector
    {
        let settings: JSONValue = file.map { ["file": .string($0)] } ?? .object([:])
        let connector = try SQLiteConnector(dataSource: dataSource(settings), context: context(directory))
        try await connector.prepare(models: models)
        return connector
    }

    static func memoryConnector(models: [ModelPlan]) async throws -> MemoryConnector {
        let connector = try MemoryConnector(dataSource: dataSource(connector: "memory"), context: context())
        try await connector.prepare(models: models)
        return connector
    }

    static func record(_ pairs: KeyValuePairs<String, JSONValue>) -> Record {
        var record = Record()
        for (key, value) in pairs { record[key] = value }
        return record
    }
}

/// A fresh folder under the temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("lbrun-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A record as an unordered dictionary (top-level key order aside, records compare exactly).
func unordered(_ record: Record) -> [String: JSONValue] {
    Dictionary(uniqueKeysWithValues: record.map { ($0.key, $0.value) })
}

/// The error `body` throws, as a `LoopBackError`.
func loopBackError<T>(_ body: () async throws -> T) async -> LoopBackError? {
    do {
        _ = try await body()
        return nil
    } catch let error as LoopBackError {
        return error
    } catch {
        return LoopBackError(statusCode: -1, message: "\(error)")
    }
}

extension SQLiteConnector {
    /// Runs raw SQL on the connector's database.
    func sql(_ text: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await store.execute(text, binds)
    }

    /// The columns of `table`: name → declared type.
    func columns(of table: String) async throws -> [String: String] {
        let rows = try await sql("SELECT name, type FROM pragma_table_info(?)", [.text(table)])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.column("name")!.string!, $0.column("type")!.string!) })
    }
}
