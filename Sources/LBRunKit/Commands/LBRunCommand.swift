public import ArgumentParser

/// The `lbrun` command line.
public struct LBRunCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lbrun",
        abstract: "Serve a LoopBack 3 application directory with no JavaScript.",
        discussion: """
            Point lbrun at an app directory (the folder holding server/config.json, or a flat \
            folder holding config.json). `lbrun ./app` serves its REST API; `lbrun validate` \
            checks every config and model file and reports problems at their line; `lbrun plan` \
            prints the resolved app as JSON; `lbrun openapi` prints its OpenAPI document and \
            `lbrun routes` its routes with who may call them. `lbrun migrate` creates missing \
            tables, columns and indexes; `lbrun discover` writes models for existing tables; \
            `lbrun introspect` writes a model typed after a sample object.
            """,
        subcommands: [
            ServeCommand.self, ValidateCommand.self, PlanCommand.self, OpenAPICommand.self, RoutesCommand.self, MigrateCommand.self,
            DiscoverCommand.self, IntrospectCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)

    public init() {}

    /// Runs the command line and exits: 0 on success, 1 when the app has errors, 2 on usage errors.
    public static func runMain(_ arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Self.exit()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Self.exit(withError: error)  // --help and --version
            }
            FileHandleOutput.standardError(fullMessage(for: error) + "\n")
            if code == .validationFailure || code.rawValue == 64 {
                FileHandleOutput.standardError(helpMessage().split(separator: "\n").prefix(3).joined(separator: "\n") + "\n")
                Self.exit(withError: ExitCode(LBRunExit.usage))
            }
            Self.exit(withError: ExitCode(LBRunExit.failure))
        }
    }
}

/// lbrun's exit codes.
public enum LBRunExit {
    /// The app is valid (warnings allowed).
    public static let success: Int32 = 0
    /// The app has errors.
    public static let invalidApp: Int32 = 1
    /// The command line was wrong.
    public static let usage: Int32 = 2
    /// Something failed at run time (I/O, a database).
    public static let failure: Int32 = 3
}
