import Foundation
import LBCore
import LBRunKit
@testable import LBRuntime
import LBTesting
import Testing

/// The per-instance cache of access tokens: bounded, and never serving a deleted token for longer
/// than its lifetime.
@Suite struct AccessTokenCacheTests {
    /// Runs `body` with the AccessToken repository of an app on the memory connector.
    func withTokenRepository(_ body: (ModelRepository) async throws -> Void) async throws {
        let directory = try TemporaryApp(
            minimalApp([
                "server/model-config.json": #"""
                { "_meta": { "sources": ["loopback/common/models", "../common/models"] },
                  "User": { "dataSource": "db" }, "AccessToken": { "dataSource": "db" } }
                """#
            ]))
        let app = try await LBRun.boot(appDirectory: directory.path, environment: "production", variables: [:])
        do {
            try await body(try app.model("AccessToken"))
        } catch {
            await app.shutdown()
            throw error
        }
        await app.shutdown()
    }

    @Test("beyond the sweep size, tokens read longer ago than the cache lifetime are dropped")
    func sweep() async throws {
        try await withTokenRepository { repository in
            let tokens = AccessTokens(repository: repository, allowEternal: false, cacheSeconds: 2, sweepSize: 20)
            func readNew(_ count: Int) async throws {
                for _ in 0..<count {
                    let id = try #require(try await tokens.create(userId: 1, ttl: 3600)["id"]?.stringValue)
                    #expect(try await tokens.resolve(id)?.id == id)
                }
            }
            // 30 recent tokens: the sweep at 20 finds none to drop, and waits for 40.
            try await readNew(30)
            #expect(tokens.cachedCount == 30)
            try await Task.sleep(for: .milliseconds(2200))
            // At 40 the 30 older ones go; the 10 recent and the new one stay.
            try await readNew(11)
            #expect(tokens.cachedCount == 11)
        }
    }

    @Test("a token deleted by another instance is refused once the cache lifetime has passed")
    func deletedElsewhere() async throws {
        try await withTokenRepository { repository in
            let here = AccessTokens(repository: repository, allowEternal: false, cacheSeconds: 0.3)
            let elsewhere = AccessTokens(repository: repository, allowEternal: false, cacheSeconds: 0.3)
            let id = try #require(try await here.create(userId: 1, ttl: 3600)["id"]?.stringValue)
            #expect(try await here.resolve(id) != nil)
            try await elsewhere.revoke(id)
            #expect(try await elsewhere.resolve(id) == nil)
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await here.resolve(id) == nil)
        }
    }
}
