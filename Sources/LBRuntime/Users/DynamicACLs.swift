import Foundation
import LBCore
import Synchronization

/// The rows of the `ACL` model (dynamic rules), read once per `cacheSeconds` (1 s) rather than on
/// every request: a rule written through this instance's REST API applies at once, one written
/// through another instance (or directly in the database) within that time.
final class DynamicACLs: Sendable {
    let repository: ModelRepository
    let cacheSeconds: Double
    private let cache = Mutex<(rows: [Record], readAt: Date)?>(nil)

    init(repository: ModelRepository, cacheSeconds: Double = 1) {
        self.repository = repository
        self.cacheSeconds = cacheSeconds
    }

    /// Forgets the cached rows (after a write to the ACL model).
    func invalidate() {
        cache.withLock { $0 = nil }
    }

    /// The rules whose rows match `request` as LoopBack's dynamic-rule query does (§6.2).
    func rules(for request: AccessRequest) async throws -> [ACLRule] {
        let rows: [Record]
        if let cached = cache.withLock({ $0 }), Date().timeIntervalSince(cached.readAt) < cacheSeconds {
            rows = cached.rows
        } else {
            rows = try await repository.connector.find(repository.model, Filter())
            cache.withLock { $0 = (rows, Date()) }
        }
        let condition = ACLEvaluator.dynamicRuleWhere(for: request)
        return rows.filter { WhereEvaluator.matches($0, condition, model: repository.model) }.compactMap(ACLRule.init(row:))
    }
}
