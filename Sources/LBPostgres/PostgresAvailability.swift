import Foundation
import LBRuntime
import Logging
import Synchronization

/// Whether a datasource's database can be used, and the reconnection loop that brings it back.
///
/// While the database is unavailable, every operation answers 503 at once without waiting on the
/// pool. `markUnavailable` starts one loop that calls `probe` with growing pauses (0.5 s doubling
/// up to 30 s), logging each attempt, until it succeeds.
final class PostgresAvailability: Sendable {
    private struct State {
        var reason: String?
        var loop: Task<Void, Never>?
        var closed = false
    }

    let dataSource: String
    let address: String
    let logger: Logger
    private let state = Mutex(State())

    init(dataSource: String, address: String, logger: Logger) {
        self.dataSource = dataSource
        self.address = address
        self.logger = logger
    }

    /// True once `close` has run.
    var isClosed: Bool {
        state.withLock { $0.closed }
    }

    /// The 503 to answer while the database is unavailable, or `nil` when it is available.
    var unavailableError: LoopBackError? {
        state.withLock { $0.reason }.map(error(reason:))
    }

    /// LoopBack's 503 for this datasource.
    func error(reason: String) -> LoopBackError {
        LoopBackError(
            statusCode: 503,
            message: "The datasource '\(dataSource)' (PostgreSQL at \(address)) is unavailable: \(reason). lbrun is reconnecting.",
            code: "ECONNREFUSED")
    }

    /// Records that the database cannot be reached and starts reconnecting with `probe`, unless a
    /// loop already runs.
    func markUnavailable(_ reason: String, probe: @escaping @Sendable () async throws -> Void) {
        let start = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.reason = reason
            return state.loop == nil
        }
        guard start else { return }
        logger.warning("postgresql: datasource '\(dataSource)' (\(address)) is unavailable: \(reason)")
        let loop = Task { [self] in await reconnect(probe) }
        state.withLock { $0.loop = loop }
    }

    private func reconnect(_ probe: @Sendable () async throws -> Void) async {
        var pause = 0.5
        var attempt = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(pause * 1000)))
            if Task.isCancelled { break }
            attempt += 1
            logger.notice("postgresql: datasource '\(dataSource)': reconnecting to \(address) (attempt \(attempt))")
            do {
                try await probe()
                logger.notice("postgresql: datasource '\(dataSource)': connected to \(address) again")
                state.withLock {
                    $0.reason = nil
                    $0.loop = nil
                }
                return
            } catch {
                let reason = (error as? LoopBackError)?.message ?? "\(error)"
                logger.warning("postgresql: datasource '\(dataSource)': attempt \(attempt) failed: \(reason)")
                state.withLock { $0.reason = reason }
                pause = min(pause * 2, 30)
            }
        }
    }

    /// Stops the reconnection loop for good.
    func close() async {
        let loop = state.withLock { state -> Task<Void, Never>? in
            state.closed = true
            defer { state.loop = nil }
            return state.loop
        }
        loop?.cancel()
        await loop?.value
    }
}

/// Runs `body`, failing with `timeout` when it takes longer than `limit`. The caller does not
/// wait for a `body` that ignores cancellation (a pool lease waiting for a server that is down).
func withDeadline<T: Sendable>(
    _ limit: Duration, timeout: @escaping @Sendable () -> any Error, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let pending = Mutex<CheckedContinuation<T, any Error>?>(nil)
    let finish: @Sendable (Result<T, any Error>) -> Bool = { result in
        guard let continuation = pending.withLock({ value in defer { value = nil }; return value }) else { return false }
        continuation.resume(with: result)
        return true
    }
    return try await withCheckedThrowingContinuation { continuation in
        pending.withLock { $0 = continuation }
        let timer = Task {
            try await Task.sleep(for: limit)
            _ = finish(.failure(timeout()))
        }
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            timer.cancel()
            _ = finish(result)
        }
    }
}
