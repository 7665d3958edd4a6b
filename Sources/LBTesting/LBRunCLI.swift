public import Foundation

/// The `lbrun` binary of the debug build, run as users run it.
public enum LBRunCLI {
    /// What one run printed, and its exit status.
    public struct Run: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `.build/debug/lbrun` of this repository.
    public static let binary = Repository.root + "/.build/debug/lbrun"

    /// Runs `lbrun ARGUMENTS…` with a minimal `PATH` and waits for it to exit.
    public static func run(_ arguments: String...) throws -> Run {
        try run(arguments)
    }

    /// `run(_:)` with the arguments as an array.
    public static func run(_ arguments: [String]) throws -> Run {
        let child = try ChildProcess(binary, arguments, environment: ["PATH": "/usr/bin:/bin"])
        let stdout = child.standardOutput!.readDataToEndOfFile()
        let stderr = child.standardError!.readDataToEndOfFile()
        return Run(
            status: child.waitUntilExit(), stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
