import LBRuntime

/// The DDL that brings one table to its schema: the one place that decides it, for the tables
/// `prepare` makes ready at boot and for `lbrun migrate`.
enum SchemaPlanner {
    /// What the database has of a table: its columns and index names, lowercased.
    struct Existing: Sendable, Equatable {
        var columns: Set<String>
        var indexes: Set<String>
    }

    /// The statements, in order, for the table of `schema` with `indexes`, given what `existing`
    /// the database has (`nil` when the table is missing).
    ///
    /// `.update` creates a missing table with its indexes, or adds the columns and indexes an
    /// existing one lacks (added columns carry their type only: SQLite cannot add key constraints
    /// to an existing table), and never drops or changes anything; nothing is returned when
    /// nothing is missing. `.recreate` drops the table and creates it again.
    static func statements(
        for schema: TableSchema, indexes: [IndexSchema], existing: Existing?, mode: MigrationMode
    ) -> [String] {
        switch (mode, existing) {
        case (.update, let existing?):
            return schema.addColumnStatements(existing: existing.columns)
                + indexes.filter { !existing.indexes.contains($0.name.lowercased()) }.map { $0.createStatement(on: schema.quotedName) }
        case (.update, nil):
            return [schema.createStatement] + indexes.map { $0.createStatement(on: schema.quotedName) }
        case (.recreate, _):
            return ["DROP TABLE IF EXISTS \(schema.quotedName)", schema.createStatement]
                + indexes.map { $0.createStatement(on: schema.quotedName) }
        }
    }
}
