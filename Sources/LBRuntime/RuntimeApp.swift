public import LBCore
public import LBPlan
public import Logging

/// A provisioned app: one connector per datasource and one repository per attached model.
///
/// This is also lbrun's Swift API (LoopBack's "Node API"): boot an app in process with
/// `LBRun.boot(appDirectory:)` (in LBRunKit) and call `app.model("Note").create(...)`.
public final class RuntimeApp: Sendable {
    public let plan: AppPlan
    /// The app directory on disk; relative paths in settings resolve against it.
    public let appDirectory: String
    let connectors: [String: any Connector]
    let repositories: [String: ModelRepository]
    /// Authentication and access control.
    public let auth: AuthRuntime

    /// Creates and prepares every datasource's connector, in config order, and the repositories of
    /// the attached models. A datasource that cannot be provisioned fails the boot with its name.
    public static func provision(
        _ plan: AppPlan, appDirectory: String, connectors types: [ModuleID: any Connector.Type], logger: Logger
    ) async throws -> RuntimeApp {
        let context = ProvisionContext(appDirectory: appDirectory, logger: logger)
        var connectors: [String: any Connector] = [:]
        for dataSource in plan.dataSources {
            guard let id = dataSource.connector else {
                throw BootError(
                    "datasource '\(dataSource.name)' uses connector '\(dataSource.connectorName)', which lbrun does not ship",
                    at: dataSource.origin,
                    hint: "serve it from another connector: --datasource \(dataSource.name)=memory or --datasource \(dataSource.name)=sqlite:./\(dataSource.name).db")
            }
            guard let type = types[id] else {
                throw BootError(
                    "connector '\(dataSource.connectorName)' of datasource '\(dataSource.name)' is not available in this lbrun build",
                    at: dataSource.origin, hint: "serve it from another connector: --datasource \(dataSource.name)=memory")
            }
            let connector: any Connector
            do {
                connector = try type.init(dataSource: dataSource, context: context)
                try await connector.prepare(models: plan.models.filter { $0.dataSource == dataSource.name })
            } catch let error as BootError {
                throw error
            } catch {
                throw BootError("cannot start datasource '\(dataSource.name)': \(Self.describe(error))", at: dataSource.origin)
            }
            connectors[dataSource.name] = connector
        }
        var repositories: [String: ModelRepository] = [:]
        let directory = ModelDirectory()
        for model in plan.models {
            guard let name = model.dataSource, let connector = connectors[name] else { continue }
            do {
                repositories[model.name] = try ModelRepository(model: model, connector: connector, directory: directory)
            } catch {
                throw BootError("the default scope of model '\(model.name)' is invalid: \(Self.describe(error))", at: model.origin)
            }
        }
        directory.install(repositories, plan: plan)
        let app = RuntimeApp(
            plan: plan, appDirectory: appDirectory, connectors: connectors, repositories: repositories, auth: AuthRuntime(plan: plan, directory: directory))
        try await app.loadSeeds()
        return app
    }

    init(
        plan: AppPlan, appDirectory: String, connectors: [String: any Connector], repositories: [String: ModelRepository], auth: AuthRuntime
    ) {
        self.plan = plan
        self.appDirectory = appDirectory
        self.connectors = connectors
        self.repositories = repositories
        self.auth = auth
    }

    /// The repository of model `name`; throws a 404-style error when the app has no such attached model.
    public func model(_ name: String) throws -> ModelRepository {
        guard let repository = repositories[name] else {
            throw LoopBackError.notFound("the app has no model named '\(name)' attached to a datasource")
        }
        return repository
    }

    /// The repository of model `name`, if it is attached to a datasource.
    public func repository(_ name: String) -> ModelRepository? {
        repositories[name]
    }

    /// Shuts every connector down, in reverse order of provisioning.
    public func shutdown() async {
        for dataSource in plan.dataSources.reversed() {
            try? await connectors[dataSource.name]?.shutdown()
        }
    }

    /// The message of `error` for people: a `LoopBackError`'s message, else its description.
    public static func describe(_ error: any Error) -> String {
        (error as? LoopBackError)?.message ?? "\(error)"
    }
}

/// A failure to boot an app that is valid on paper (a datasource that cannot start, a connector
/// not in this build), pointing at the config that caused it.
public struct BootError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let location: SourceLocation?
    public let hint: String?

    public init(_ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String { message }

    /// The error as a diagnostic, for the same rendering as compile errors.
    public var diagnostic: Diagnostic {
        Diagnostic(.error, code: "serve.boot", message, at: location, hint: hint)
    }
}

extension RuntimeApp {
    /// Creates each model's seed records when its store is empty, in model order. A record that
    /// fails validation stops the boot, naming the seed file and line. The check and the creates
    /// run under the connector's `exclusiveSeeding`: instances booting together on one database
    /// (PostgreSQL) seed a model once.
    public func loadSeeds() async throws {
        for model in plan.models {
            guard let seed = model.seed, let repository = repositories[model.name], let connector = model.dataSource.flatMap({ connectors[$0] })
            else { continue }
            try await connector.exclusiveSeeding(of: model) {
                guard try await repository.count() == 0 else { return }
                for (record, origin) in zip(seed.records, seed.origins) {
                    do {
                        _ = try await repository.create(record)
                    } catch {
                        throw BootError(
                            "seed record of model '\(model.name)' cannot be created: \(Self.describe(error))", at: origin,
                            hint: "fix the record in '\(seed.file)'; seeds load only into an empty store")
                    }
                }
            }
        }
    }
}
