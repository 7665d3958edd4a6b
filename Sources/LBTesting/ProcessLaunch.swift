public import Foundation

/// Child processes for tests, started one at a time.
///
/// Foundation's `Process.run()` on Linux is not safe to call from several threads at once (it
/// copies the environment and file actions without a lock, and can crash in `memcpy`); tests
/// run in parallel, so every launch goes through this lock.
public enum ProcessLaunch {
    private static let lock = NSLock()

    /// Starts `process` while holding the launch lock.
    public static func run(_ process: Process) throws {
        lock.lock()
        defer { lock.unlock() }
        try process.run()
    }
}
