import Foundation
import LBCore
import LBPlan
import LBRuntime
import LBTesting
import Testing

/// A database that is down: 503 with LoopBack's error body while it is, recovery once it is
/// back, and `failFast`. Runs on a throwaway cluster of its own (`scripts/postgres-cluster`),
/// stopped and started by the test.
@Suite(.enabled(if: PostgresTestServer.url != nil, "LBRUN_TEST_POSTGRES_URL is not set"), .serialized)
struct PostgresFaultTests {
    static let note = #"{ "name": "Note", "properties": { "title": "string" } }"#

    /// Retries `body` until it stops throwing a 503, for at most `attempts` tries a second apart.
    func eventually<T>(attempts: Int = 60, _ body: () async throws -> T) async throws -> T {
        for _ in 1..<attempts {
            do { return try await body() } catch let error as LoopBackError where error.statusCode == 503 {
                try await Task.sleep(for: .seconds(1))
            }
        }
        return try await body()
    }

    @Test func downAtBootAnswers503ThenRecoversAndSurvivesARestart() async throws {
        let directory = NSTemporaryDirectory() + "lbrun-pg-fault-" + UUID().uuidString
        let url = try await postgresCluster("start", directory).replacingOccurrences(of: "export LBRUN_TEST_POSTGRES_URL=", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try await postgresCluster("stop", directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withPostgresApp(url: url, connectTimeoutMilliseconds: 2000, models: ["note.json": Self.note]) { app, _ in
            let notes = try app.model("Note")
            do {
                _ = try await notes.find()
                Issue.record("a find while the database is down succeeded")
            } catch let error as LoopBackError {
                #expect(error.statusCode == 503)
                #expect(error.name == "Error")
                #expect(error.message.contains("'db'"))
                #expect(error.code != nil)
            }
            try await postgresCluster("start", directory)
            let created = try await eventually { try await notes.create(["title": "after boot"] as Record) }
            #expect(created["id"] == 1)

            // Lost mid-run: requests fail with a 503 (never a crash), then recover.
            try await postgresCluster("stop", directory)
            let stopped = ContinuousClock.now
            await #expect(throws: LoopBackError.self) { _ = try await notes.count() }
            // Answered without waiting for the pool to give up on the server.
            #expect(ContinuousClock.now - stopped < .seconds(20))
            do {
                _ = try await notes.count()
            } catch let error as LoopBackError {
                #expect(error.statusCode == 503)
            }
            try await postgresCluster("start", directory)
            #expect(try await eventually { try await notes.find() }.map { $0["title"] } == ["after boot"])
        }
        try await postgresCluster("stop", directory)
    }

    /// What the writers of `restartUnderLoadLosesNoCommittedWrite` saw.
    actor Outcomes {
        var acknowledged: [String] = []
        var failures: [Int] = []
        var running = true
        func ack(_ title: String) { acknowledged.append(title) }
        func fail(_ status: Int) { failures.append(status) }
        func stop() { running = false }
    }

    @Test func restartUnderLoadLosesNoCommittedWrite() async throws {
        let directory = NSTemporaryDirectory() + "lbrun-pg-restart-" + UUID().uuidString
        let url = try await postgresCluster("start", directory).replacingOccurrences(of: "export LBRUN_TEST_POSTGRES_URL=", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withPostgresApp(url: url, connectTimeoutMilliseconds: 2000, models: ["note.json": Self.note]) { app, _ in
            let notes = try app.model("Note")
            let outcomes = Outcomes()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var attempt = 0
                        while await outcomes.running {
                            attempt += 1
                            let title = "w\(worker)-\(attempt)"
                            do {
                                _ = try await notes.create(["title": .string(title)] as Record)
                                await outcomes.ack(title)
                            } catch let error as LoopBackError {
                                await outcomes.fail(error.statusCode)
                                try await Task.sleep(for: .milliseconds(20))
                            }
                        }
                    }
                }
                try await Task.sleep(for: .seconds(1))
                try await postgresCluster("stop", directory)
                try await postgresCluster("start", directory)
                // Load goes on until writes succeed again, then a little longer.
                let before = await outcomes.acknowledged.count
                for _ in 0..<600 where await outcomes.acknowledged.count < before + 20 {
                    try await Task.sleep(for: .milliseconds(100))
                }
                await outcomes.stop()
                try await group.waitForAll()
            }
            let acknowledged = await outcomes.acknowledged
            let failures = await outcomes.failures
            // Requests during the restart either waited for a connection or failed with a 503.
            #expect(acknowledged.count >= 20)
            #expect(failures.allSatisfy { $0 == 503 }, "\(Set(failures))")
            let stored = try await eventually { try await notes.find() }.compactMap { $0["title"]?.stringValue }
            let counts = Dictionary(stored.map { ($0, 1) }, uniquingKeysWith: +)
            let lost = acknowledged.filter { counts[$0] == nil }
            #expect(lost.isEmpty, "acknowledged writes missing after the restart: \(lost)")
            #expect(counts.values.allSatisfy { $0 == 1 }, "a write stored twice")
        }
        try await postgresCluster("stop", directory)
    }

    @Test func failFastStopsTheBoot() async throws {
        // A port nothing listens on: the first free one, released at once.
        let url = "postgres://lbrun@127.0.0.1:9/lbrun_test"
        await #expect(throws: BootError.self) {
            try await withPostgresApp(url: url, connectTimeoutMilliseconds: 2000, settings: #", "failFast": true"#, models: ["note.json": Self.note]) { _, _ in }
        }
    }
}
