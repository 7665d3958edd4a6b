import ArgumentParser
import Foundation
import LBCore
import LBPlan
import LBRuntime
import Logging

/// `lbrun migrate ./app`: creates the missing tables, columns and indexes of the app's models.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the missing tables, columns and indexes of the app's models (never drops anything without --recreate).",
        discussion: """
            For each datasource (or the one named) whose connector manages a schema (SQLite, PostgreSQL), computes \
            the DDL that brings its tables up to the models and runs it in one transaction. The \
            statements are printed, one per line, under a `-- datasource` comment; with --dry-run \
            nothing changes. A second run finds nothing to do. --recreate drops the models' tables, \
            with their rows, and creates them again. Exit status 1 when the app has errors, 3 when \
            a database fails.
            """)

    @OptionGroup var app: AppOptions

    @Option(name: .customLong("datasource"), help: "Migrate only this datasource.")
    var dataSource: String?

    @Flag(name: .customLong("dry-run"), help: "Print the statements without running them.")
    var dryRun = false

    @Flag(name: .long, help: "Drop the models' tables, with their rows, and create them again (LoopBack's automigrate).")
    var recreate = false

    func run() async throws {
        let plan = try app.plan()
        var logger = Logger(label: "lbrun")
        logger.logLevel = .warning
        let reports: [Migration.Report]
        do {
            reports = try await Migration.run(
                plan, appDirectory: app.app, dataSource: dataSource, mode: recreate ? MigrationMode.recreate : .update, dryRun: dryRun, logger: logger)
        } catch let error as BootError {
            FileHandleOutput.standardError(DiagnosticRenderer(appDirectory: app.app).text(Diagnostics([error.diagnostic])))
            throw ExitCode(dataSource.map { plan.dataSource(named: $0) == nil } == true ? LBRunExit.usage : LBRunExit.failure)
        }
        for report in reports {
            if let reason = report.skipped {
                FileHandleOutput.standardError("note: datasource '\(report.dataSource)' skipped: \(reason)\n")
                continue
            }
            if recreate, !report.models.isEmpty {
                FileHandleOutput.standardError(
                    "warning: --recreate \(dryRun ? "would drop" : "dropped") the tables of \(report.models.map { "'\($0)'" }.joined(separator: ", ")) in datasource '\(report.dataSource)', with their rows\n")
            }
            var text = "-- datasource '\(report.dataSource)' (\(report.connector))\n"
            if report.statements.isEmpty {
                text += "-- nothing to do\n"
            } else {
                text += report.statements.map { $0 + ";\n" }.joined()
                text += dryRun ? "-- dry run: nothing changed\n" : "-- applied \(report.statements.count) statement\(report.statements.count == 1 ? "" : "s")\n"
            }
            FileHandleOutput.standardOutput(text)
        }
    }
}
