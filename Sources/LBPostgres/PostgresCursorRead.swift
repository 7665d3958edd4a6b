import LBCore
import LBPlan
import LBRuntime
import PostgresNIO

/// A `find` with a limit whose condition is partly evaluated in memory (a JSON path, an
/// undeclared property; not `near`) but whose order SQL can say: the rows come through a cursor, in SQL's
/// order, in batches that grow from the number wanted, and reading stops once `skip + limit`
/// rows matched. Without it, every row the SQL part of the condition selects is read and
/// decoded before the limit applies.
struct PostgresCursorRead: Sendable {
    /// The first batch is at least this many rows; each next one four times the last, up to
    /// `largestBatch`. Batch sizes are powers of two, so their `FETCH` statements are few.
    static let smallestBatch = 64
    static let largestBatch = 4096

    let model: ModelPlan
    let table: PostgresTable
    let filter: Filter
    let declare: String
    let binds: [String?]
    let wanted: Int

    /// The read of `filter`, whose condition `translator` turned into `clause` and whose order
    /// into `order`; `nil` when a plain statement answers as well: no limit, a condition all SQL
    /// or with `near`, every id given (`order` empty), or an order SQL cannot say.
    init?(model: ModelPlan, table: PostgresTable, filter: Filter, translator: PostgresQueryTranslator, clause: String, order: String?) {
        guard let limit = filter.limit, !translator.exact, !(filter.where.map(PostgresStore.containsNear) ?? false),
            let order, !order.isEmpty
        else { return nil }
        self.model = model
        self.table = table
        self.filter = filter
        declare = "DECLARE lbrun_rows NO SCROLL CURSOR FOR SELECT \(table.selectAll) FROM \(table.qualifiedName)\(clause) ORDER BY \(order)"
        binds = translator.binds
        wanted = filter.skip + limit
    }

    /// The records, read in a transaction of their own (a cursor lives in one), or in a
    /// savepoint of the transaction the operation is part of.
    func run(on executor: PostgresExecutor, store: PostgresStore) async throws -> [Record] {
        try await executor.withTransaction { connection in
            let condition = filter.where.map { CompiledWhere($0, model: model) }
            _ = try await store.execute(connection, declare, binds)
            var matched: [Record] = []
            var batch = Self.firstBatch(for: wanted)
            reading: while true {
                let rows = try await store.execute(connection, "FETCH FORWARD \(batch) FROM lbrun_rows", [])
                for row in rows {
                    let record = PostgresRowCodec.record(row, columns: table.columns, properties: table.properties, model: model)
                    guard condition?.matches(record) ?? true else { continue }
                    matched.append(record)
                    if matched.count == wanted { break reading }
                }
                if rows.count < batch { break }
                batch = min(batch * 4, Self.largestBatch)
            }
            _ = try await store.execute(connection, "CLOSE lbrun_rows", [])
            return matched.dropFirst(filter.skip).map { FieldProjector.project($0, filter.fields) }
        }
    }

    /// The power of two at or above `wanted`, within the batch bounds.
    static func firstBatch(for wanted: Int) -> Int {
        var batch = smallestBatch
        while batch < wanted, batch < largestBatch { batch *= 2 }
        return batch
    }
}
