public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for tests that run `lbrun` or a helper tool.
///
/// Foundation's `Process.run()` on Linux can crash (in `memcpy`) while other threads of the test
/// process open and close descriptors, which they always do when suites run in parallel; this
/// type does only what the tests need: argument and environment arrays, pipes or `/dev/null` for
/// the three standard streams, every other descriptor closed in the child, and `waitpid`.
public final class ChildProcess: @unchecked Sendable {  // the exit status is guarded by `lock`
    /// Where a standard stream goes.
    public enum Stream: Sendable {
        /// A pipe to this process (`standardInput`, `standardOutput`, `standardError`).
        case pipe
        /// `/dev/null`.
        case null
        /// The child's standard output (for standard error only).
        case standardOutput
    }

    public let processIdentifier: pid_t
    /// The writing end of the child's standard input, when it is `.pipe`.
    public let standardInput: FileHandle?
    /// The reading end of the child's standard output, when it is `.pipe`.
    public let standardOutput: FileHandle?
    /// The reading end of the child's standard error, when it is `.pipe`.
    public let standardError: FileHandle?

    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` (an absolute path) with `arguments`, and `environment` (or this
    /// process's environment when `nil`).
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: Stream = .null, output: Stream = .pipe, error: Stream = .pipe
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var childEnds: [Int32] = []
        var handles: [FileHandle?] = [nil, nil, nil]
        for (target, stream) in [input, output, error].enumerated() {
            switch stream {
            case .pipe:
                var fds: [Int32] = [0, 0]
                guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                fds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }  // children spawned meanwhile close them too
                let (childEnd, parentEnd) = target == 0 ? (fds[0], fds[1]) : (fds[1], fds[0])
                posix_spawn_file_actions_adddup2(&actions, childEnd, Int32(target))
                childEnds.append(childEnd)
                handles[target] = FileHandle(fileDescriptor: parentEnd, closeOnDealloc: true)
            case .null:
                posix_spawn_file_actions_addopen(&actions, Int32(target), "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .standardOutput:
                posix_spawn_file_actions_adddup2(&actions, 1, Int32(target))
            }
        }
        Self.closeFrom3(&actions)
        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        childEnds.forEach { close($0) }
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        processIdentifier = pid
        (standardInput, standardOutput, standardError) = (handles[0], handles[1], handles[2])
    }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// Waits for the child to exit; returns its exit status (the signal's number when a signal
    /// ended it, as Foundation's `terminationStatus`).
    @discardableResult
    public func waitUntilExit() -> Int32 { reap(blocking: true) ?? -1 }

    /// The exit status; waits for the exit.
    public var terminationStatus: Int32 { waitUntilExit() }

    private func reap(blocking: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(processIdentifier, &raw, blocking ? 0 : WNOHANG) } while result == -1 && errno == EINTR
        guard result == processIdentifier else { return nil }
        exitStatus = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : raw & 0x7F
        return exitStatus
    }

    /// Closes every descriptor from 3 up in the child (glibc's
    /// `posix_spawn_file_actions_addclosefrom_np`, looked up at run time: Swift's Glibc module
    /// does not declare it).
    private static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }
}
