/// A connector that can make several writes one transaction (PostgreSQL). The REST layer runs a
/// bulk create (`POST` with a JSON array) in one, so that all its records are stored or none.
public protocol TransactionalConnector: Connector {
    /// Runs `body` as one transaction: the writes this connector makes while `body` runs (in its
    /// task and the tasks that task starts) all take effect when `body` returns, and none when it
    /// throws; `body`'s error is rethrown as it is. A call inside another is a savepoint of the
    /// outer transaction: its writes are undone when it throws, and the outer one goes on.
    /// Operations in `body` run one after another; writes of other datasources are not part of it.
    func transaction<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T
}

extension ModelRepository {
    /// Runs `body` as one transaction of the model's connector when the connector has
    /// transactions (`TransactionalConnector`), else simply runs it.
    public func atomically<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let connector = connector as? any TransactionalConnector else { return try await body() }
        return try await connector.transaction(body)
    }
}
