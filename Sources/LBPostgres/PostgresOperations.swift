import Foundation
import LBCore
import LBPlan
import LBRuntime
import Logging
import OrderedCollections
import PostgresNIO

/// The connector operations, as SQL on one table. Conditions the translator cannot say exactly
/// select a superset in SQL, which `WhereEvaluator` (or `MemoryQuery`, for reads) narrows down.
extension PostgresStore {
    func find(_ model: ModelPlan, _ table: PostgresTable, _ filter: Filter) async throws -> [Record] {
        return try await run(model) { client in
            var translator = PostgresQueryTranslator(table: table, model: model)
            let clause = translator.whereClause(filter.where)
            let whereBinds = translator.binds
            let usesNear = filter.where.map(Self.containsNear) ?? false
            // One row at most (every id given) needs no order.
            let order = translator.pinsPrimaryKey(filter.where) ? "" : translator.order(filter.order)
            if let read = PostgresCursorRead(model: model, table: table, filter: filter, translator: translator, clause: clause, order: order) {
                return try await read.run(on: client, store: self)
            }
            if translator.exact, !usesNear, let order {
                let columns = Self.columns(for: filter.fields, table: table)
                var sql = "SELECT \(filter.fields == nil ? table.selectAll : PostgresTable.selectList(columns)) FROM \(table.qualifiedName)\(clause)"
                if !order.isEmpty { sql += " ORDER BY \(order)" }
                if let limit = filter.limit { sql += " LIMIT \(translator.bind(String(limit), "bigint"))" }
                if filter.skip > 0 { sql += " OFFSET \(translator.bind(String(filter.skip), "bigint"))" }
                let (statement, binds) = (sql, translator.binds)
                let rows = try await client.withConnection { connection in try await self.execute(connection, statement, binds) }
                let properties = filter.fields == nil ? table.properties : columns.map(\.property)
                return rows.map {
                    FieldProjector.project(PostgresRowCodec.record($0, columns: columns, properties: properties, model: model), filter.fields)
                }
            }
            // Sorting, paging or part of the condition in memory, as the memory connector does.
            let sql = "SELECT \(table.selectAll) FROM \(table.qualifiedName)\(clause) ORDER BY \(PostgresTable.quotedRow)"
            let rows = try await client.withConnection { connection in try await self.execute(connection, sql, whereBinds) }
            let records = rows.map { PostgresRowCodec.record($0, columns: table.columns, properties: table.properties, model: model) }
            return MemoryQuery.run(filter, on: records, model: model)
        }
    }

    func count(_ model: ModelPlan, _ table: PostgresTable, where condition: Where?) async throws -> Int {
        return try await run(model) { client in
            try await client.withConnection { connection in
                var translator = PostgresQueryTranslator(table: table, model: model)
                let clause = translator.whereClause(condition)
                if translator.exact {
                    let rows = try await self.execute(connection, "SELECT count(*)::text FROM \(table.qualifiedName)\(clause)", translator.binds)
                    return rows.first?.first.flatMap(PostgresRowCodec.text).flatMap { Int($0) } ?? 0
                }
                let sql = "SELECT \(table.selectAll) FROM \(table.qualifiedName)\(clause)"
                let rows = try await self.execute(connection, sql, translator.binds)
                guard let condition else { return rows.count }
                let compiled = CompiledWhere(condition, model: model)
                return rows.count { compiled.matches(PostgresRowCodec.record($0, columns: table.columns, properties: table.properties, model: model)) }
            }
        }
    }

    func create(_ model: ModelPlan, _ table: PostgresTable, _ record: Record) async throws -> Record {
        let generated = table.idColumns.count == 1 ? table.idColumns[0] : nil
        let generate = generated.map { record[$0.property] == nil || record[$0.property] == .null } ?? false
        var stored = record
        if let generated, generate { stored.removeValue(forKey: generated.property) }
        let values = try PostgresRowCodec.row(stored, table: table)
        var names: [String] = []
        var expressions: [String] = []
        var binds: [String?] = []
        if let generated, generate, generated.kind != .serialId {
            // Another generated id takes the row's number, drawn first.
            guard generated.kind == .text || generated.kind.isNumeric else {
                throw LoopBackError(
                    statusCode: 400, message: "\(model.name).\(generated.property) is required: PostgreSQL cannot generate a value of its type")
            }
            names.append(PostgresTable.quotedRow)
            expressions.append("lbrun_next.n")
        }
        for (index, column) in table.columns.enumerated() {
            if generate, column == generated {
                if column.kind == .serialId { continue }
                expressions.append("lbrun_next.n::\(column.kind.cast)")
            } else {
                binds.append(values[index])
                expressions.append(column.write(parameter: binds.count))
            }
            names.append(column.quoted)
        }
        names.append(PostgresTable.quotedExtra)
        binds.append(values[table.columns.count])
        expressions.append(PostgresSQL.parameter(binds.count, as: "json"))
        // The row's number is drawn once, for both columns (INSERT evaluates its values in table order).
        let source = names.first == PostgresTable.quotedRow ? " FROM (SELECT nextval(\(table.rowSequence)) AS n) AS lbrun_next" : ""
        var sql = "INSERT INTO \(table.qualifiedName) (\(names.joined(separator: ", "))) SELECT \(expressions.joined(separator: ", "))\(source)"
        if let generated, generate { sql += " RETURNING \(generated.readExpression)" }
        let insert = sql
        let insertBinds = binds
        // A client-chosen id moves a generated id's sequence past it, as the memory connector does.
        let bump: (String, [String?])? =
            if let generated, !generate, generated.kind == .serialId, let id = values[table.columnIndex(generated.property)!] {
                ("SELECT setval(s, GREATEST(\(PostgresSQL.parameter(1, as: "bigint")), COALESCE(pg_sequence_last_value(s::regclass), 0))) FROM "
                    + "pg_get_serial_sequence(\(PostgresSQL.parameter(2)), \(PostgresSQL.parameter(3))) AS s WHERE \(PostgresSQL.parameter(1, as: "bigint")) >= 1",
                 [id, table.qualifiedName, generated.name])
            } else { nil }
        let rows = try await run(model) { client in
            try await client.withConnection { connection in
                let rows = try await self.execute(connection, insert, insertBinds)
                if let bump { _ = try await self.execute(connection, bump.0, bump.1) }
                return rows
            }
        }
        guard let generated, generate else { return record }
        var result = record
        result[generated.property] = rows.first?.first.flatMap { PostgresRowCodec.value($0, kind: generated.kind) } ?? .null
        return result
    }

    func update(_ model: ModelPlan, _ table: PostgresTable, where condition: Where?, with changes: Record) async throws -> Int {
        try PostgresRowCodec.checkStorable(changes, model: model.name)
        var assignments: [String] = []
        var values: [String?] = []
        var toExtra: [(String, JSONValue)] = []
        var fromExtra: [String] = []
        for (key, value) in changes {
            guard let column = table.column(key) else {
                toExtra.append((key, value))
                continue
            }
            values.append(PostgresRowCodec.columnText(value, column: column))
            assignments.append("\(column.quoted) = \(column.write(parameter: values.count))")
            if values.last! != nil {
                fromExtra.append(key)
            } else if column.isId || (column.kind == .integer && value.numberValue != nil) {
                throw PostgresRowCodec.unstorableId(column, value, table: table)
            } else {
                toExtra.append((key, value))
            }
        }
        let setColumns = assignments
        let columnValues = values
        let removed = fromExtra
        let added = toExtra
        return try await run(model) { client in
            try await client.withTransaction { connection in
                var translator = PostgresQueryTranslator(table: table, model: model, binds: columnValues)
                let clause = translator.whereClause(condition)
                if translator.exact, added.isEmpty {
                    // One statement: the columns, and the keys they now hold dropped from the extra object.
                    let keys = translator.bind(JSONValue.array(removed.map(JSONValue.string)).jsonText, "jsonb")
                    let extra =
                        "\(PostgresTable.quotedExtra) = (SELECT json_object_agg(e.key, e.value ORDER BY e.n) FROM json_each(\(PostgresTable.quotedExtra)) WITH ORDINALITY AS e(key, value, n) WHERE NOT (e.key = ANY(ARRAY(SELECT jsonb_array_elements_text(\(keys))))))"
                    let sql = "UPDATE \(table.qualifiedName) SET \((setColumns + [extra]).joined(separator: ", "))\(clause) RETURNING 1"
                    return try await self.execute(connection, sql, translator.binds).count
                }
                let matched = try await self.matchingRows(connection, model, table, condition)
                for (row, extraText) in matched {
                    var extra = extraText.flatMap(PostgresRowCodec.parseJSON)?.objectValue ?? [:]
                    for key in removed { extra.removeValue(forKey: key) }
                    for (key, value) in added { extra[key] = value }
                    var binds = columnValues
                    binds.append(PostgresRowCodec.extraText(extra))
                    let extraAssignment = "\(PostgresTable.quotedExtra) = \(PostgresSQL.parameter(binds.count, as: "json"))"
                    binds.append(row)
                    let sql = "UPDATE \(table.qualifiedName) SET \((setColumns + [extraAssignment]).joined(separator: ", ")) WHERE \(PostgresTable.quotedRow) = \(PostgresSQL.parameter(binds.count, as: "bigint"))"
                    _ = try await self.execute(connection, sql, binds)
                }
                return matched.count
            }
        }
    }

    func replace(_ model: ModelPlan, _ table: PostgresTable, where condition: Where, with record: Record) async throws -> Bool {
        let values = try PostgresRowCodec.row(record, table: table)
        let assignments = table.columns.enumerated().map { "\($1.quoted) = \($1.write(parameter: $0 + 1))" }
            + ["\(PostgresTable.quotedExtra) = \(PostgresSQL.parameter(table.columns.count + 1, as: "json"))"]
        return try await run(model) { client in
            try await client.withTransaction { connection in
                // One record, as the memory connector replaces the one it keys by id.
                guard let (row, _) = try await self.matchingRows(connection, model, table, condition).first else { return false }
                let sql = "UPDATE \(table.qualifiedName) SET \(assignments.joined(separator: ", ")) WHERE \(PostgresTable.quotedRow) = \(PostgresSQL.parameter(values.count + 1, as: "bigint"))"
                _ = try await self.execute(connection, sql, values + [row])
                return true
            }
        }
    }

    func delete(_ model: ModelPlan, _ table: PostgresTable, where condition: Where?) async throws -> Int {
        return try await run(model) { client in
            try await client.withTransaction { connection in
                var translator = PostgresQueryTranslator(table: table, model: model)
                let clause = translator.whereClause(condition)
                if translator.exact {
                    return try await self.execute(connection, "DELETE FROM \(table.qualifiedName)\(clause) RETURNING 1", translator.binds).count
                }
                let rows = try await self.matchingRows(connection, model, table, condition).map(\.row)
                let list = JSONValue.array(rows.map { JSONValue.string($0 ?? "") }).jsonText
                _ = try await self.execute(
                    connection,
                    "DELETE FROM \(table.qualifiedName) WHERE \(PostgresTable.quotedRow) = ANY(ARRAY(SELECT jsonb_array_elements_text(\(PostgresSQL.parameter(1, as: "jsonb")))::bigint))",
                    [list])
                return rows.count
            }
        }
    }

    // MARK: Helpers

    /// The `_lbrun_row` and extra text of every row matching `condition`, locked, in insertion order.
    func matchingRows(_ connection: PostgresConnection, _ model: ModelPlan, _ table: PostgresTable, _ condition: Where?) async throws -> [(row: String?, extra: String?)] {
        var translator = PostgresQueryTranslator(table: table, model: model)
        let clause = translator.whereClause(condition)
        if translator.exact {
            let sql = "SELECT \(PostgresTable.quotedRow)::text, \(PostgresTable.quotedExtra)::text FROM \(table.qualifiedName)\(clause) ORDER BY \(PostgresTable.quotedRow) FOR UPDATE"
            return try await execute(connection, sql, translator.binds).map { row in
                let cells = row.makeRandomAccess()
                return (PostgresRowCodec.text(cells[0]), PostgresRowCodec.text(cells[1]))
            }
        }
        let sql = "SELECT \(table.selectAll), \(PostgresTable.quotedRow)::text FROM \(table.qualifiedName)\(clause) ORDER BY \(PostgresTable.quotedRow) FOR UPDATE"
        let compiled = condition.map { CompiledWhere($0, model: model) }
        return try await execute(connection, sql, translator.binds).compactMap { row in
            let record = PostgresRowCodec.record(row, columns: table.columns, properties: table.properties, model: model)
            guard compiled?.matches(record) ?? true else { return nil }
            let cells = row.makeRandomAccess()
            return (PostgresRowCodec.text(cells[table.columns.count + 1]), PostgresRowCodec.text(cells[table.columns.count]))
        }
    }

    /// The declared columns a `fields` selection needs.
    static func columns(for fields: FieldSelection?, table: PostgresTable) -> [PostgresColumn] {
        switch fields {
        case .only(let names)?:
            let wanted = Set(names)
            return table.columns.filter { wanted.contains($0.property) }
        case .except(let names)?:
            let unwanted = Set(names)
            return table.columns.filter { !unwanted.contains($0.property) }
        case nil:
            return table.columns
        }
    }

    static func containsNear(_ condition: Where) -> Bool {
        switch condition {
        case .condition(_, let op, _): op == .near
        case .and(let children), .or(let children): children.contains(where: containsNear)
        }
    }
}
