import Foundation
import LBConfig
public import LBCore
public import LBPlan
public import LBRuntime
public import Logging

/// lbrun's Swift API: boot an app directory in process, without HTTP.
///
/// ```swift
/// let app = try await LBRun.boot(appDirectory: "examples/todo")
/// let todo = try await app.model("Todo").create(["title": "write docs"])
/// let open = try await app.model("Todo").find(filter: ["where": ["done": false]])
/// await app.shutdown()
/// ```
public enum LBRun {
    /// Compiles and provisions the app at `appDirectory`.
    ///
    /// - Parameters:
    ///   - environment: overlays to apply; default from `LBRUN_ENV`/`NODE_ENV`, else `development`.
    ///   - variables: values for `${NAME}`; `nil` means the process environment.
    ///   - dataSources: datasources re-pointed at another connector (`--datasource db=memory`).
    /// - Throws: `CompileFailure` when the app has errors, `BootError` when a datasource cannot start.
    public static func boot(
        appDirectory: String, environment: String? = nil, variables: [String: String]? = nil,
        dataSources: [DataSourceOverride] = [], logger: Logger = Logger(label: "lbrun")
    ) async throws -> RuntimeApp {
        let variables = variables ?? ProcessInfo.processInfo.environment
        let plan = try compile(appDirectory: appDirectory, environment: environment, variables: variables, dataSources: dataSources).plan
        return try await RuntimeApp.provision(
            plan, appDirectory: AppPath.absolute(appDirectory), connectors: Builtins.connectors, logger: logger)
    }

    /// Compiles the app and applies datasource overrides; the warnings come back with the plan.
    public static func compile(
        appDirectory: String, environment: String?, variables: [String: String], dataSources: [DataSourceOverride]
    ) throws -> (plan: AppPlan, diagnostics: Diagnostics) {
        let options = BootOptions(
            environment: BootOptions.environmentName(explicit: environment, variables: variables), variables: variables,
            catalog: Builtins.catalog)
        let result = BootCompiler.compile(appDirectory: appDirectory, options: options)
        guard var plan = result.plan, !result.diagnostics.hasErrors else { throw CompileFailure(diagnostics: result.diagnostics) }
        for override in dataSources {
            try override.apply(to: &plan)
        }
        return (plan, result.diagnostics)
    }
}

/// The app has configuration errors; `diagnostics` lists them all.
public struct CompileFailure: Error, Sendable {
    public let diagnostics: Diagnostics
}

/// `--datasource NAME=CONNECTOR[:FILE]`: serves a datasource from another connector, to run an
/// app whose database is not at hand (`db=memory`, `db=sqlite:./dev.db`, `db=memory:./db.json`).
public struct DataSourceOverride: Sendable, Equatable {
    public let name: String
    public let connector: String
    public let file: String?

    /// Parses `NAME=CONNECTOR[:FILE]`.
    public init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        name = String(argument[..<equals])
        let target = argument[argument.index(after: equals)...]
        if let colon = target.firstIndex(of: ":") {
            connector = String(target[..<colon])
            file = String(target[target.index(after: colon)...])
        } else {
            connector = String(target)
            file = nil
        }
        guard !name.isEmpty, !connector.isEmpty else { return nil }
    }

    /// Re-points datasource `name` of `plan` at the connector, with only `file` as its setting.
    public func apply(to plan: inout AppPlan) throws {
        guard let index = plan.dataSources.firstIndex(where: { $0.name == name }) else {
            throw BootError(
                "--datasource names '\(name)', but the app has no such datasource",
                hint: "its datasources are: \(plan.dataSources.map(\.name).joined(separator: ", "))")
        }
        guard let module = Builtins.catalog.resolve(connector, as: .connector) else {
            throw BootError(
                "--datasource \(name)=\(connector): unknown connector '\(connector)'",
                hint: Suggestion.hint(for: connector, in: Builtins.catalog.names(of: .connector)))
        }
        var settings: JSONValue = ["name": .string(name)]
        if let file, case .object(var members) = settings {
            members["file"] = .string(file)
            settings = .object(members)
        }
        plan.dataSources[index].connector = module.id
        plan.dataSources[index].connectorName = connector
        plan.dataSources[index].settings = settings
    }
}

extension AppPath {
    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
