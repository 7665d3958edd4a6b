import Foundation
import LBConfig
public import LBCore
import OrderedCollections

/// Writes discovered models into a folder: `common/models/<file>.<json|yaml>` per model, and
/// their model-config entries (`{"dataSource": …, "public": true}`) merged into the folder's
/// `server/model-config.json` (or a flat `model-config.json`) when it has one.
public struct DiscoveryWriter {
    public let directory: String
    public let format: DefinitionFormat
    /// Replace existing files and model-config entries.
    public let force: Bool

    public init(directory: String, format: DefinitionFormat, force: Bool) {
        self.directory = directory
        self.format = format
        self.force = force
    }

    /// What `write` did.
    public struct Result: Sendable, Equatable {
        /// The model files written, relative to the folder.
        public let files: [String]
        /// The model-config file the entries were merged into (relative), or `nil` when the folder has none.
        public let modelConfig: String?
        /// The entries, as a model-config object.
        public let entries: JSONValue
    }

    /// A file or model-config entry that exists, without `force`.
    public struct Conflict: Error, Sendable, Equatable {
        /// Paths (relative) and `model-config: Name` entries that would be replaced.
        public let existing: [String]
    }

    /// Writes `models` attached to `dataSource`. Checks everything first: with anything in the
    /// way and no `force`, writes nothing and throws `Conflict`.
    public func write(_ models: [DiscoveredModel], dataSource: String) throws -> Result {
        let files = models.map { "common/models/\(DiscoveryNaming.fileName($0.name)).\(format.fileExtension)" }
        var entries = OrderedDictionary<String, JSONValue>()
        for model in models { entries[model.name] = ["dataSource": .string(dataSource), "public": true] }
        let configFile = ["server/model-config.json", "model-config.json"].first { FileManager.default.fileExists(atPath: path($0)) }
        var config = try configFile.map(readConfig) ?? [:]
        if !force {
            let existing = files.filter { FileManager.default.fileExists(atPath: path($0)) }
                + models.filter { config[$0.name] != nil }.map { "\(configFile ?? "model-config"): \($0.name)" }
            guard existing.isEmpty else { throw Conflict(existing: existing) }
        }
        for (file, model) in zip(files, models) {
            try FileManager.default.createDirectory(atPath: path("common/models"), withIntermediateDirectories: true)
            try Data(try format.text(model.definition).utf8).write(to: URL(fileURLWithPath: path(file)), options: .atomic)
        }
        if let configFile {
            for (name, entry) in entries { config[name] = entry }
            try Data((JSONValue.object(config).prettyText + "\n").utf8).write(to: URL(fileURLWithPath: path(configFile)), options: .atomic)
        }
        return Result(files: files, modelConfig: configFile, entries: .object(entries))
    }

    private func path(_ relative: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + relative
    }

    /// The members of a model-config file; an unreadable one is an error naming it.
    private func readConfig(_ relative: String) throws -> OrderedDictionary<String, JSONValue> {
        var diagnostics = Diagnostics()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path(relative))))
        guard let members = JSONConfigReader.read(bytes, file: relative, diagnostics: &diagnostics)?.json.objectValue else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path(relative)])
        }
        return members
    }
}
