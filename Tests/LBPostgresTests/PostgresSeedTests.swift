import Foundation
import LBCore
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import Testing

/// Seed data on PostgreSQL when several instances boot at the same moment on one empty database
/// (on the server of `LBRUN_TEST_POSTGRES_URL`; skipped without one).
@Suite(.enabled(if: PostgresTestServer.url != nil, "LBRUN_TEST_POSTGRES_URL is not set"))
struct PostgresSeedTests {
    let url = PostgresTestServer.url ?? ""

    static let titles = (1...25).map { "note \($0)" }
    static let names = ["ann", "bo", "cy"]

    /// An app seeding `titles` into Note and a user for each of `names` into Person (based on
    /// User: each seed record's password is hashed before its INSERT, which widens the moment
    /// between "the table is empty" and the first record), on a fresh schema; the pool has
    /// `poolSize` connections.
    func seededApp(poolSize: Int) throws -> TemporaryApp {
        let schema = PostgresTestServer.freshSchema()
        let titles = Self.titles
        let names = Self.names
        return try TemporaryApp([
            "server/config.json": #"{ "restApiRoot": "/api" }"#,
            "server/datasources.json":
                #"{ "db": { "connector": "postgresql", "url": "\#(url)", "schema": "\#(schema)", "connectTimeout": 60000, "max": \#(poolSize) } }"#,
            "server/model-config.json": #"""
                { "_meta": { "sources": ["../common/models"] },
                  "Note": { "dataSource": "db", "seed": "./notes.json" },
                  "Person": { "dataSource": "db", "seed": "./people.json" } }
                """#,
            "common/models/note.json": #"{ "name": "Note", "properties": { "title": "string" } }"#,
            "common/models/person.json": #"{ "name": "Person", "base": "User" }"#,
            "server/notes.json": "[" + titles.map { "{ \"title\": \"\($0)\" }" }.joined(separator: ", ") + "]",
            "server/people.json": "["
                + names.map { "{ \"email\": \"\($0)@example.com\", \"username\": \"\($0)\", \"password\": \"secret-\($0)\" }" }.joined(separator: ", ") + "]",
        ])
    }

    @Test("instances booting together on an empty database create each seed record once", arguments: [1, 4])
    func concurrentBootsSeedOnce(poolSize: Int) async throws {
        let app = try seededApp(poolSize: poolSize)
        let path = app.path
        let (titles, names) = (Self.titles, Self.names)
        let instances = 4
        let booted = try await withThrowingTaskGroup(of: RuntimeApp.self) { group in
            for _ in 0..<instances {
                group.addTask {
                    try await LBRun.boot(appDirectory: path, environment: "production", variables: [:], logger: Logger(label: "test"))
                }
            }
            var apps: [RuntimeApp] = []
            for try await app in group { apps.append(app) }
            return apps
        }
        do {
            #expect(booted.count == instances)
            for runtime in booted {
                let notes = try await runtime.model("Note").find().compactMap { $0["title"]?.stringValue }
                #expect(notes.sorted() == titles.sorted(), "Note: \(notes.count) records, expected the \(titles.count) seed records once each")
                let people = try await runtime.model("Person").find().compactMap { $0["username"]?.stringValue }
                #expect(people.sorted() == names.sorted())
            }
            // A later boot finds the seeds there and adds nothing.
            let later = try await LBRun.boot(appDirectory: app.path, environment: "production", variables: [:], logger: Logger(label: "test"))
            #expect(try await later.model("Note").count() == titles.count)
            await later.shutdown()
        } catch {
            for runtime in booted { await runtime.shutdown() }
            throw error
        }
        for runtime in booted { await runtime.shutdown() }
    }
}
