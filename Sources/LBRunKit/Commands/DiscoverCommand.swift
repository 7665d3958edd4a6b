import ArgumentParser
import Foundation
import LBCore
import LBPlan
import LBRuntime
import Logging

/// `lbrun discover --datasource db --out DIR ./app`: model files from the tables a database has.
struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Write model definitions for the tables a database already has.",
        discussion: """
            Reads the tables of the app's datasource (or of --url, without an app) and writes one \
            model file per table into DIR/common/models, with foreign keys as belongsTo relations \
            and their inverse hasMany. The model-config entries are merged into \
            DIR/server/model-config.json when it exists, else printed. Existing files and entries \
            are kept unless --force.
            """)

    @Argument(help: "The app directory whose datasource is read (not needed with --url).")
    var app: String?

    @Option(name: .long, help: "The environment whose overlays apply (default: $LBRUN_ENV, else $NODE_ENV, else development).")
    var env: String?

    @Option(name: .customLong("datasource"), help: "The datasource to read; with --url, the name the entries use (default db).")
    var dataSource: String?

    @Option(name: .long, help: "A database without an app: sqlite:./file.db, a file path, or postgres://user:password@host:port/db.")
    var url: String?

    @Option(name: .long, help: "The database schema to read (default: the datasource's, public on PostgreSQL).")
    var schema: String?

    @Option(name: .long, help: "Only these tables, comma-separated.")
    var tables: String?

    @Option(name: .long, help: "Model file format: json or yaml.")
    var format: DefinitionFormat = .json

    @Option(name: .long, help: "The folder to write into (an app directory).")
    var out: String

    @Flag(name: .long, help: "Replace existing model files and model-config entries.")
    var force = false

    func validate() throws {
        if url == nil, app == nil { throw ValidationError("give an app directory with --datasource, or --url") }
        if url != nil, app != nil { throw ValidationError("give an app directory or --url, not both") }
        if app != nil, dataSource == nil { throw ValidationError("--datasource names the app's datasource to read") }
    }

    func run() async throws {
        let renderer = DiagnosticRenderer(appDirectory: app ?? ".")
        let source: DataSourcePlan
        do {
            source = try dataSourcePlan()
        } catch let error as BootError {
            FileHandleOutput.standardError(renderer.text(Diagnostics([error.diagnostic])))
            throw ExitCode(LBRunExit.usage)
        }
        var logger = Logger(label: "lbrun")
        logger.logLevel = .warning
        let discovered: (models: [DiscoveredModel], notes: [String])
        do {
            discovered = try await Discovery.models(
                of: source, appDirectory: app ?? FileManager.default.currentDirectoryPath, schema: schema,
                tables: tables.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }, logger: logger)
        } catch let error as BootError {
            FileHandleOutput.standardError(renderer.text(Diagnostics([error.diagnostic])))
            throw ExitCode(LBRunExit.failure)
        }
        for note in discovered.notes { FileHandleOutput.standardError("note: \(note)\n") }
        let result: DiscoveryWriter.Result
        do {
            result = try DiscoveryWriter(directory: out, format: format, force: force).write(discovered.models, dataSource: source.name)
        } catch let conflict as DiscoveryWriter.Conflict {
            FileHandleOutput.standardError(
                "error: these exist already (use --force to replace them):\n" + conflict.existing.map { "  \(out)/\($0)\n" }.joined())
            throw ExitCode(LBRunExit.failure)
        }
        for file in result.files { FileHandleOutput.standardError("wrote \(out)/\(file)\n") }
        if let modelConfig = result.modelConfig {
            FileHandleOutput.standardError("added \(discovered.models.count) model\(discovered.models.count == 1 ? "" : "s") to \(out)/\(modelConfig)\n")
        } else {
            FileHandleOutput.standardError("model-config entries (add them to server/model-config.json):\n")
            FileHandleOutput.standardOutput(result.entries.prettyText + "\n")
        }
    }

    /// The datasource to read: the app's, or the one `--url` describes.
    private func dataSourcePlan() throws -> DataSourcePlan {
        if let url { return try DataSourceURL.dataSource(url, name: dataSource ?? "db") }
        let options = try AppOptions.parse([app ?? "."] + (env.map { ["--env", $0] } ?? []))
        let plan = try options.plan()
        guard let dataSource, let found = plan.dataSource(named: dataSource) else {
            throw BootError(
                "the app has no datasource named '\(dataSource ?? "")'",
                hint: "its datasources are: \(plan.dataSources.map(\.name).joined(separator: ", "))")
        }
        return found
    }
}
