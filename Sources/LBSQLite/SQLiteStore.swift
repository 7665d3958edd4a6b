import Foundation
import LBCore
import LBPlan
import LBRuntime
import Logging
import NIOCore
import SQLiteNIO
import Synchronization

/// The open database of one SQLite datasource. Writes take turns on one connection: a write that
/// is one statement shares its turn with other single statements (SQLite applies each atomically),
/// a transaction runs alone, so no statement lands inside another request's transaction. Reads of
/// a file database go to a second connection, concurrently: in WAL mode they see every committed
/// write and never wait for one.
actor SQLiteStore {
    /// The database file, or `:memory:`.
    let path: String
    let dataSource: String
    let logger: Logger
    nonisolated let registry = PredicateRegistry()

    private var connection: SQLiteConnection?
    /// The read connection of a file database, once its tables are prepared.
    nonisolated let reader = Mutex<SQLiteConnection?>(nil)
    /// Tables known to exist, with their columns (lowercased).
    private var tables: [String: Set<String>] = [:]
    private var exclusiveHeld = false
    private var sharedHolders = 0
    private var waiters: [(exclusive: Bool, continuation: CheckedContinuation<Void, Never>)] = []

    init(path: String, dataSource: String, logger: Logger) {
        self.path = path
        self.dataSource = dataSource
        self.logger = logger
    }

    deinit {
        // A store dropped without `shutdown` still closes its database (the close keeps the connection alive until done).
        if let connection { _ = connection.close() as EventLoopFuture<Void> }
    }

    nonisolated var isMemory: Bool { path == ":memory:" }

    // MARK: Serialising operations

    /// Waits for a turn: a shared turn runs alongside other shared turns (single statements, which
    /// SQLite runs one at a time on the connection and commits on their own); an exclusive turn
    /// runs alone (transactions, schema changes). Turns are granted first come, first served.
    private func acquire(exclusive: Bool) async {
        if waiters.isEmpty, !exclusiveHeld, !exclusive || sharedHolders == 0 {
            if exclusive { exclusiveHeld = true } else { sharedHolders += 1 }
            return
        }
        await withCheckedContinuation { waiters.append((exclusive, $0)) }
    }

    private func release(exclusive: Bool) {
        if exclusive { exclusiveHeld = false } else { sharedHolders -= 1 }
        while let first = waiters.first, !exclusiveHeld {
            if first.exclusive {
                guard sharedHolders == 0 else { return }
                exclusiveHeld = true
            } else {
                sharedHolders += 1
            }
            waiters.removeFirst()
            first.continuation.resume()
        }
    }

    /// Runs `body` alone.
    private func exclusive<T>(_ body: () async throws -> T) async throws -> T {
        await acquire(exclusive: true)
        defer { release(exclusive: true) }
        return try await body()
    }

    /// Runs `body`, one statement, alongside other single statements but never inside a transaction.
    /// A table not prepared yet is created first, alone.
    private func shared<T>(_ schema: TableSchema, _ body: (SQLiteConnection) async throws -> T) async throws -> T {
        guard tablePrepared(schema) else { return try await exclusive { try await body(try await ready(schema)) } }
        await acquire(exclusive: false)
        defer { release(exclusive: false) }
        return try await body(try await ready(schema))
    }

    // MARK: Opening and closing

    /// Opens the database (once) and creates or extends the tables of `schemas`.
    func prepare(_ schemas: [TableSchema]) async throws {
        try await exclusive {
            let db = try await open()
            for schema in schemas { try await ensure(schema, on: db) }
            if !isMemory, reader.withLock({ $0 == nil }) {
                let readConnection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                for function in registry.functions { try await readConnection.install(customFunction: function) }
                reader.withLock { $0 = readConnection }
            }
        }
    }

    func close() async throws {
        try await exclusive {
            if let readConnection = reader.withLock({ value in defer { value = nil }; return value }) {
                try await readConnection.close()
            }
            guard let connection else { return }
            self.connection = nil
            tables = [:]
            try await connection.close()
        }
    }

    private func open() async throws -> SQLiteConnection {
        if let connection { return connection }
        let storage: SQLiteConnection.Storage
        if isMemory {
            storage = .memory
        } else {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            storage = .file(path: path)
        }
        let db: SQLiteConnection
        do {
            db = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw LoopBackError(statusCode: 500, message: "sqlite: cannot open '\(path)' for datasource '\(dataSource)': \(error)")
        }
        do {
            if !isMemory { _ = try await db.query("PRAGMA journal_mode=WAL") }
            _ = try await db.query("PRAGMA synchronous=FULL")
            _ = try await db.query("PRAGMA foreign_keys=OFF")
            for function in registry.functions { try await db.install(customFunction: function) }
        } catch {
            try? await db.close()
            throw LoopBackError(statusCode: 500, message: "sqlite: cannot set up '\(path)' for datasource '\(dataSource)': \(error)")
        }
        connection = db
        return db
    }

    /// Creates the table of `schema` if it is missing, adds the columns it lacks (as
    /// `SchemaPlanner` decides, without indexes, which `lbrun migrate` creates), and converts
    /// text holding a NUL to the form `RowCodec` stores it in.
    private func ensure(_ schema: TableSchema, on db: SQLiteConnection) async throws {
        if let known = tables[schema.name.lowercased()], schema.columnNames.isSubset(of: known) { return }
        let existing = try await Self.existing(schema.name, on: db)
        for statement in SchemaPlanner.statements(for: schema, indexes: [], existing: existing, mode: .update) {
            if existing != nil { logger.info("sqlite: \(statement)") }
            _ = try await db.query(statement)
        }
        if let repair = schema.nulTextRepairStatement { _ = try await db.query(repair) }
        tables[schema.name.lowercased()] = try await Self.existing(schema.name, on: db)?.columns ?? []
        preparedTables.withLock { _ = $0.insert(schema.name.lowercased()) }
    }

    /// The columns and indexes `table` has, or `nil` when there is no such table.
    static func existing(_ table: String, on db: SQLiteConnection) async throws -> SchemaPlanner.Existing? {
        let columns = try await db.query("SELECT name FROM pragma_table_info(?)", [.text(table)])
        guard !columns.isEmpty else { return nil }
        let indexes = try await db.query("SELECT name FROM pragma_index_list(?)", [.text(table)])
        return SchemaPlanner.Existing(
            columns: Set(columns.compactMap { $0.column("name")?.string?.lowercased() }),
            indexes: Set(indexes.compactMap { $0.column("name")?.string?.lowercased() }))
    }

    /// Runs `body` alone on the open database (opening it if needed), for schema work.
    func withDatabase<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await exclusive { try await body(try await open()) }
    }

    /// Runs `statements` in one transaction; the tables are checked again before their next use.
    func apply(_ statements: [String]) async throws {
        try await exclusive {
            let db = try await open()
            try await transaction(db) {
                for statement in statements {
                    logger.info("sqlite: \(statement)")
                    _ = try await db.query(statement)
                }
            }
            tables = [:]
        }
    }

    /// The open connection, with the table of `schema` ready.
    private func ready(_ schema: TableSchema) async throws -> SQLiteConnection {
        guard let db = connection else {
            throw LoopBackError(statusCode: 500, message: "sqlite: datasource '\(dataSource)' is not open")
        }
        try await ensure(schema, on: db)
        return db
    }

    // MARK: Statements

    private func query(_ db: SQLiteConnection, _ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        try await Self.run(db, sql, binds, logger: logger)
    }

    /// Runs one statement, traced.
    static func run(_ db: SQLiteConnection, _ sql: String, _ binds: [SQLiteData], logger: Logger) async throws -> [SQLiteRow] {
        logger.trace("sqlite: \(sql)")
        return try await db.query(sql, binds)
    }

    private func transaction<T>(_ db: SQLiteConnection, _ body: () async throws -> T) async throws -> T {
        _ = try await db.query("BEGIN IMMEDIATE")
        do {
            let result = try await body()
            _ = try await db.query("COMMIT")
            return result
        } catch {
            _ = try? await db.query("ROLLBACK")
            throw error
        }
    }

    /// Rows read with `columns` followed by the extra column, decoded.
    static func records(_ rows: [SQLiteRow], columns: [ColumnSchema], model: ModelPlan) -> [Record] {
        rows.map { row in RowCodec.record(row.columns.map(\.data), columns: columns, model: model) }
    }

    // MARK: Operations

    /// `find` on the read connection when there is one, else in turn with the writes.
    nonisolated func find(_ model: ModelPlan, _ schema: TableSchema, _ filter: Filter) async throws -> [Record] {
        if let db = reader.withLock({ $0 }), tablePrepared(schema) {
            return try await Self.find(model, schema, filter, on: db, registry: registry, logger: logger)
        }
        return try await writerFind(model, schema, filter)
    }

    /// `count` on the read connection when there is one, else in turn with the writes.
    nonisolated func count(_ model: ModelPlan, _ schema: TableSchema, where condition: Where?) async throws -> Int {
        if let db = reader.withLock({ $0 }), tablePrepared(schema) {
            return try await Self.count(model, schema, where: condition, on: db, registry: registry, logger: logger)
        }
        return try await writerCount(model, schema, where: condition)
    }

    /// Table schemas by model name, built once at boot rather than per request.
    nonisolated let schemas = Mutex<[String: TableSchema]>([:])

    /// Tables prepared at boot, readable without the actor.
    nonisolated let preparedTables = Mutex<Set<String>>([])

    nonisolated func tablePrepared(_ schema: TableSchema) -> Bool {
        preparedTables.withLock { $0.contains(schema.name.lowercased()) }
    }

    private func writerFind(_ model: ModelPlan, _ schema: TableSchema, _ filter: Filter) async throws -> [Record] {
        try await shared(schema) { db in
            try await Self.find(model, schema, filter, on: db, registry: registry, logger: logger)
        }
    }

    private func writerCount(_ model: ModelPlan, _ schema: TableSchema, where condition: Where?) async throws -> Int {
        try await shared(schema) { db in
            try await Self.count(model, schema, where: condition, on: db, registry: registry, logger: logger)
        }
    }

    static func find(
        _ model: ModelPlan, _ schema: TableSchema, _ filter: Filter, on db: SQLiteConnection, registry: PredicateRegistry, logger: Logger
    ) async throws -> [Record] {
        var translator = QueryTranslator(schema: schema, model: model, registry: registry)
        defer { registry.release(translator.tokens) }
        let filterClause = translator.whereClause(filter.where)
        let usesNear = filter.where.map(Self.containsNear) ?? false
        let columns = Self.columns(for: filter.fields, schema: schema)
        let select = filter.fields == nil ? schema.selectAll : TableSchema.selectList(columns)
        if !usesNear, filter.skip == 0, filter.limit != 0, Self.pinsSingleId(filter.where, schema: schema, model: model) {
            // A lookup of the single id column matches at most one row: order and paging add nothing.
            let rows = try await run(db, "SELECT \(select) FROM \(schema.quotedName)\(filterClause)", translator.binds, logger: logger)
            return records(rows, columns: columns, model: model).map { FieldProjector.project($0, filter.fields) }
        }
        if !usesNear, let order = translator.order(filter.order) {
            // Everything in SQL; `fields` projects the rows read.
            let paging: [SQLiteData] = [.integer(SQLiteInt64(filter.limit ?? -1)), .integer(SQLiteInt64(filter.skip))]
            let rows = try await run(
                db, "SELECT \(select) FROM \(schema.quotedName)\(filterClause) ORDER BY \(order) LIMIT ? OFFSET ?",
                translator.binds + paging, logger: logger)
            return records(rows, columns: columns, model: model).map { FieldProjector.project($0, filter.fields) }
        }
        // `near` or an order SQL cannot reproduce: SQL selects, the memory connector's
        // query sorts, pages and projects the candidates (in insertion order, as it keeps them).
        let rows = try await run(
            db, "SELECT \(schema.selectAll) FROM \(schema.quotedName)\(filterClause) ORDER BY \(schema.rowid)", translator.binds,
            logger: logger)
        return MemoryQuery.run(filter, on: records(rows, columns: schema.columns, model: model), model: model)
    }

    static func count(
        _ model: ModelPlan, _ schema: TableSchema, where condition: Where?, on db: SQLiteConnection, registry: PredicateRegistry,
        logger: Logger
    ) async throws -> Int {
        var translator = QueryTranslator(schema: schema, model: model, registry: registry)
        defer { registry.release(translator.tokens) }
        let statement = "SELECT count(*) AS n FROM \(schema.quotedName)\(translator.whereClause(condition))"
        let rows = try await run(db, statement, translator.binds, logger: logger)
        return rows.first?.column("n")?.integer.map { Int($0) } ?? 0
    }

    func create(_ model: ModelPlan, _ schema: TableSchema, _ record: Record) async throws -> Record {
        try await shared(schema) { db in
            // A single id that is absent (or null) is generated, as the memory connector does.
            let generated = schema.idColumns.count == 1 ? schema.idColumns[0] : nil
            let generate = generated.map { record[$0.property] == nil || record[$0.property] == .null } ?? false
            var stored = record
            if let generated, generate { stored.removeValue(forKey: generated.property) }
            let values = try RowCodec.row(stored, schema: schema)
            var names: [String] = []
            var expressions: [String] = []
            var binds: [SQLiteData] = []
            for (index, column) in schema.columns.enumerated() {
                if generate, column == generated {
                    switch column.kind {
                    case .integerId:
                        continue  // AUTOINCREMENT fills it in.
                    case .real:
                        expressions.append("(SELECT coalesce(max(\(schema.rowid)), 0) + 1 FROM \(schema.quotedName))")
                    case .text:
                        expressions.append("CAST((SELECT coalesce(max(\(schema.rowid)), 0) + 1 FROM \(schema.quotedName)) AS TEXT)")
                    case .boolean, .date, .json:
                        throw LoopBackError(
                            statusCode: 400, message: "\(model.name).\(column.property) is required: SQLite cannot generate a value of its type")
                    }
                } else {
                    expressions.append("?")
                    binds.append(values[index])
                }
                names.append(column.quoted)
            }
            names.append(TableSchema.quotedExtra)
            expressions.append("?")
            binds.append(values[schema.columns.count])
            var insert = "INSERT INTO \(schema.quotedName) (\(names.joined(separator: ", "))) VALUES (\(expressions.joined(separator: ", ")))"
            if let generated, generate { insert += " RETURNING \(generated.quoted) AS lbrun_id" }
            return try await duplicateAware(model) {
                let rows = try await query(db, insert, binds)
                guard let generated, generate else { return record }
                var result = record
                result[generated.property] = rows.first?.column("lbrun_id").flatMap { RowCodec.value($0, kind: generated.kind) } ?? .null
                return result
            }
        }
    }

    func update(_ model: ModelPlan, _ schema: TableSchema, where condition: Where?, with changes: Record) async throws -> Int {
        // The columns set on every row; what goes to the extra object depends on each row's.
        var assignments: [String] = []
        var values: [SQLiteData] = []
        var toExtra: [(String, JSONValue)] = []
        var fromExtra: [String] = []
        for (key, value) in changes {
            if let column = schema.column(key) {
                assignments.append("\(column.quoted) = ?")
                if let data = RowCodec.columnValue(value, kind: column.kind) {
                    values.append(data)
                    fromExtra.append(key)
                } else if column.isId {
                    throw RowCodec.unstorableId(column, value, schema: schema)
                } else {
                    values.append(.null)
                    toExtra.append((key, value))
                }
            } else {
                toExtra.append((key, value))
            }
        }
        var translator = QueryTranslator(schema: schema, model: model, registry: registry)
        defer { registry.release(translator.tokens) }
        let filterClause = translator.whereClause(condition)
        if toExtra.isEmpty {
            // Every change is a declared column: one statement sets them and drops those keys
            // from the extra object (where explicit nulls of declared properties live).
            guard !assignments.isEmpty else {
                return try await shared(schema) { db in
                    try await query(db, "SELECT 1 FROM \(schema.quotedName)\(filterClause)", translator.binds).count
                }
            }
            let paths = fromExtra.map { "'$.\"" + $0.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "'", with: "''") + "\"'" }
            let set = assignments + [
                "\(TableSchema.quotedExtra) = NULLIF(json_remove(\(TableSchema.quotedExtra), \(paths.joined(separator: ", "))), '{}')"
            ]
            let statement = "UPDATE \(schema.quotedName) SET \(set.joined(separator: ", "))\(filterClause) RETURNING 1"
            let binds = values + translator.binds
            return try await shared(schema) { db in
                try await duplicateAware(model) { try await query(db, statement, binds).count }
            }
        }
        assignments.append("\(TableSchema.quotedExtra) = ?")
        let update = "UPDATE \(schema.quotedName) SET \(assignments.joined(separator: ", ")) WHERE \(schema.rowid) = ?"
        let select = "SELECT \(schema.rowid) AS lbrun_rowid, \(TableSchema.quotedExtra) AS lbrun_extra FROM \(schema.quotedName)\(filterClause)"
        let binds = translator.binds
        return try await exclusive {
            let db = try await ready(schema)
            return try await duplicateAware(model) {
                try await transaction(db) {
                    let rows = try await query(db, select, binds)
                    for row in rows {
                        var extra = RowCodec.extraObject(row.column("lbrun_extra") ?? .null)
                        for key in fromExtra { extra.removeValue(forKey: key) }
                        for (key, value) in toExtra { extra[key] = value }
                        let rowid = row.column("lbrun_rowid") ?? .null
                        _ = try await query(db, update, values + [RowCodec.extraValue(extra), rowid])
                    }
                    return rows.count
                }
            }
        }
    }

    func replace(_ model: ModelPlan, _ schema: TableSchema, where condition: Where, with record: Record) async throws -> Bool {
        try await exclusive {
            let db = try await ready(schema)
            var values = try RowCodec.row(record, schema: schema)
            var translator = QueryTranslator(schema: schema, model: model, registry: registry)
            defer { registry.release(translator.tokens) }
            let filterClause = translator.whereClause(condition)
            values += translator.binds
            let assignments = (schema.columns.map(\.quoted) + [TableSchema.quotedExtra]).map { "\($0) = ?" }
            return try await duplicateAware(model) {
                try await transaction(db) {
                    // One record, as the memory connector replaces the one it keys by id.
                    let rows = try await query(
                        db,
                        "UPDATE \(schema.quotedName) SET \(assignments.joined(separator: ", ")) WHERE \(schema.rowid) = (SELECT \(schema.rowid) FROM \(schema.quotedName)\(filterClause) ORDER BY \(schema.rowid) LIMIT 1) RETURNING 1",
                        values)
                    return !rows.isEmpty
                }
            }
        }
    }

    func delete(_ model: ModelPlan, _ schema: TableSchema, where condition: Where?) async throws -> Int {
        try await shared(schema) { db in
            var translator = QueryTranslator(schema: schema, model: model, registry: registry)
            defer { registry.release(translator.tokens) }
            let rows = try await query(db, "DELETE FROM \(schema.quotedName)\(translator.whereClause(condition)) RETURNING 1", translator.binds)
            return rows.count
        }
    }

    /// Runs one statement as it is (for diagnostics and tests).
    func execute(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await exclusive {
            guard let db = connection else {
                throw LoopBackError(statusCode: 500, message: "sqlite: datasource '\(dataSource)' is not open")
            }
            return try await query(db, sql, binds)
        }
    }

    // MARK: Helpers

    /// Runs a write, turning a primary-key conflict into LoopBack's 409.
    private func duplicateAware<T>(_ model: ModelPlan, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SQLiteError {
            switch error.reason {
            case .constraint, .constraintPrimaryKeyFailed, .constraintUniqueFailed, .constraintUniqueRowIDFailed:
                throw LoopBackError(statusCode: 409, message: "Duplicate entry for \(model.name).\(model.idName ?? "id")")
            case .constraintNotNullFailed:
                throw LoopBackError(
                    statusCode: 400, message: "\(model.name): every id property (\(model.idProperties.joined(separator: ", "))) needs a value")
            default:
                throw error
            }
        }
    }

    /// The declared columns a `fields` selection needs (all but the excluded ones for `except`).
    static func columns(for fields: FieldSelection?, schema: TableSchema) -> [ColumnSchema] {
        switch fields {
        case .only(let names)?:
            let wanted = Set(names)
            return schema.columns.filter { wanted.contains($0.property) }
        case .except(let names)?:
            let unwanted = Set(names)
            return schema.columns.filter { !unwanted.contains($0.property) }
        case nil:
            return schema.columns
        }
    }

    /// Whether `condition` is exactly `id = value` on the model's only id column.
    static func pinsSingleId(_ condition: Where?, schema: TableSchema, model: ModelPlan) -> Bool {
        guard model.idProperties.count == 1, let idName = model.idName, case .condition(let path, .eq, let value)? = condition else {
            return false
        }
        return path == idName && value != .null && schema.column(idName)?.isId == true
    }

    static func containsNear(_ condition: Where) -> Bool {
        switch condition {
        case .condition(_, let op, _): op == .near
        case .and(let children), .or(let children): children.contains(where: containsNear)
        }
    }
}
