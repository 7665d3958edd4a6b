import LBRuntime

/// The DDL `lbrun migrate` runs on PostgreSQL, from what the database has. Tables are created
/// and extended with the statements `prepare` runs at boot (`PostgresTable`).
enum PostgresSchemaPlanner {
    /// What the database has of a table: its column and index names.
    struct Existing: Sendable, Equatable {
        var columns: Set<String>
        var indexes: Set<String>
    }

    /// One model's table, its indexes, and what exists of it (`nil` when the table is missing).
    struct Target: Sendable {
        let table: PostgresTable
        let indexes: [PostgresIndex]
        let existing: Existing?
    }

    /// The statements, in order, for `targets`, given the schemas the database has: first the
    /// missing schemas, then each table's statements.
    ///
    /// `.update` creates a missing table with its indexes, or adds the columns (type only) and
    /// indexes an existing one lacks, and never drops or changes anything; nothing is returned
    /// when nothing is missing. `.recreate` drops each table (`CASCADE`: foreign keys of other
    /// tables that point at it go too) and creates it again with its indexes.
    static func statements(for targets: [Target], schemas: Set<String>, mode: MigrationMode) -> [String] {
        let missingSchemas = Set(targets.map(\.table.schema)).subtracting(schemas).sorted()
        return missingSchemas.map(PostgresTable.createSchemaStatement)
            + targets.flatMap { statements(for: $0, mode: mode) }
    }

    private static func statements(for target: Target, mode: MigrationMode) -> [String] {
        let table = target.table
        switch (mode, target.existing) {
        case (.update, let existing?):
            return table.storedColumns.filter { !existing.columns.contains($0.name) }.map(table.addColumnStatement)
                + target.indexes.filter { !existing.indexes.contains($0.name) }.map { $0.createStatement(on: table) }
        case (.update, nil):
            return [table.createStatement] + target.indexes.map { $0.createStatement(on: table) }
        case (.recreate, _):
            return ["DROP TABLE IF EXISTS \(table.qualifiedName) CASCADE", table.createStatement]
                + target.indexes.map { $0.createStatement(on: table) }
        }
    }
}
