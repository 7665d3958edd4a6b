public import Foundation
public import LBPlan
import LBRunKit

/// Paths of the repository and of the shared LoopBack 3 corpus beside it.
public enum Repository {
    /// The package root.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var invalidFixtures: String { root + "/Tests/Fixtures/invalid" }
    public static var examples: String { root + "/examples" }

    /// `../shared/corpus` next to the repository, when present.
    public static var corpus: String? {
        let path = URL(fileURLWithPath: root).deletingLastPathComponent().path + "/shared/corpus"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The corpus app roots (folders holding `server/`) of LoopBack 3 apps.
    public static var corpusApps: [String] {
        guard let corpus else { return [] }
        return [
            "strongloop__loopback-example-relations", "strongloop__loopback-example-database",
            "strongloop__loopback/test/fixtures/access-control", "strongloop__loopback/test/fixtures/user-integration-app",
        ].map { corpus + "/" + $0 }
    }

    /// Corpus apps written for LoopBack 2: their `middleware.json` names middleware LoopBack 3
    /// removed, so they boot only after the migration the boot error describes.
    public static var loopBack2CorpusApps: [String] {
        guard let corpus else { return [] }
        return [corpus + "/tksmaru__loopback-example-rest-connector/external-server"]
    }

    /// A copy of a LoopBack 2 app with its removed middleware replaced as the boot error's hints
    /// say (`loopback#compress` → `compression`, `loopback#errorHandler` → `strong-error-handler`).
    public static func migratedCopy(of app: String) throws -> String {
        let copy = NSTemporaryDirectory() + "lbrun-migrated-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: app, toPath: copy)
        let file = copy + "/server/middleware.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "\"loopback#compress\"", with: "\"compression\"")
            .replacingOccurrences(of: "\"loopback#errorHandler\"", with: "\"strong-error-handler\"")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return copy
    }

    /// Example app folders.
    public static var exampleApps: [String] {
        folders(in: examples).map { examples + "/" + $0 }
    }

    /// Names of the subfolders of `path`, sorted.
    public static func folders(in path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().filter { isDirectory(path + "/" + $0) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// Compiles `app` as `lbrun validate` would, with a fixed environment so results do not depend on the shell.
public func compile(_ app: String, environment: String = "development", variables: [String: String] = [:]) -> CompileResult {
    BootCompiler.compile(
        appDirectory: app, options: BootOptions(environment: environment, variables: variables, catalog: Builtins.catalog))
}

/// A throwaway app directory built from a map of relative path → file contents, removed when dropped.
public struct TemporaryApp: ~Copyable {
    public let path: String

    public init(_ files: [String: String]) throws {
        path = NSTemporaryDirectory() + "lbrun-test-" + UUID().uuidString
        for (relative, contents) in files {
            try write(relative, Data(contents.utf8))
        }
    }

    /// Writes raw bytes to `relative`.
    public func write(_ relative: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Compiles the app.
    public func compile(environment: String = "development", variables: [String: String] = [:]) -> CompileResult {
        LBTesting.compile(path, environment: environment, variables: variables)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The smallest valid app: one `Note` model on a memory datasource. Tests replace or add files.
public func minimalApp(_ overrides: [String: String] = [:]) -> [String: String] {
    var files = [
        "server/config.json": #"{ "restApiRoot": "/api", "port": 3000 }"#,
        "server/datasources.json": #"{ "db": { "connector": "memory" } }"#,
        "server/model-config.json": #"{ "_meta": { "sources": ["../common/models"] }, "Note": { "dataSource": "db" } }"#,
        "common/models/note.json": #"{ "name": "Note", "properties": { "title": "string" } }"#,
    ]
    for (path, contents) in overrides { files[path] = contents }
    return files
}

/// An app whose model-config lists `models` (name → datasource or `nil` for `null`) and whose
/// `common/models` holds `definitions` (file name → JSON), on datasource `db` (memory).
public func appWith(models: [(String, String?)], definitions: [String: String], extra: [String: String] = [:]) -> [String: String] {
    let entries = models.map { name, dataSource in
        "\"\(name)\": { \"dataSource\": \(dataSource.map { "\"\($0)\"" } ?? "null") }"
    }
    var files = [
        "server/config.json": "{}",
        "server/datasources.json": #"{ "db": { "connector": "memory" } }"#,
        "server/model-config.json": "{ \"_meta\": { \"sources\": [\"../common/models\"], \"mixins\": [\"../common/mixins\"] }, "
            + entries.joined(separator: ", ") + " }",
    ]
    for (file, json) in definitions { files["common/models/" + file] = json }
    for (path, contents) in extra { files[path] = contents }
    return files
}
