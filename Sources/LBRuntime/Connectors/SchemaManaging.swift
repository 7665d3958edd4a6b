public import LBPlan

/// A connector that manages a database schema: it computes and applies the DDL that makes its
/// tables match the models (`lbrun migrate`) and describes the tables a database already has
/// (`lbrun discover`).
///
/// Every method may be called on a connector that was created but never prepared: it opens its
/// database as needed, and `shutdown` closes it. Identifiers in statements are quoted, so any
/// table or column name works.
///
/// An implementation for another SQL database:
/// * names tables and columns as its `prepare` does (its settings block, `settingsKey`, holds
///   `table`/`schema` per model and `columnName` per property), so a migrated table is the one
///   served;
/// * in `.update` mode never drops, renames or changes a column or its data: it creates missing
///   tables, adds missing columns, and creates missing indexes (the model's `indexes` setting and
///   each property's `index`, unique ones with `UNIQUE`), and returns nothing when nothing is
///   missing, so migrating twice is a no-op the second time;
/// * in `.recreate` mode drops the models' tables (and only theirs) and creates them again;
/// * reports discovered column types as the database names them (`INTEGER`, `varchar(40)`,
///   `timestamp with time zone`); `lbrun discover` maps them to LoopBack types.
public protocol SchemaManaging: Connector {
    /// The key of the per-model and per-property settings block this connector reads (`sqlite3`,
    /// `postgresql`); discovery writes a table's and a column's database names there.
    static var settingsKey: String { get }

    /// The statements, in order, that bring the tables of `models` up to date (`.update`) or drop
    /// and create them again (`.recreate`). Reads the database; changes nothing.
    func migrationStatements(models: [ModelPlan], mode: MigrationMode) async throws -> [String]

    /// Runs `statements` in one transaction: all of them take effect, or none.
    func apply(_ statements: [String]) async throws

    /// The tables of the database (of `schema`, or the connector's default schema), all of them or
    /// only those named in `tables`, sorted by name, with their columns in table order.
    func discover(schema: String?, tables: [String]?) async throws -> [DiscoveredTable]
}

/// What a migration may do.
public enum MigrationMode: String, Sendable, Codable, CaseIterable {
    /// LoopBack's autoupdate: create missing tables, add missing columns and indexes; never drop
    /// or change anything that exists.
    case update
    /// LoopBack's automigrate: drop the models' tables, with their data, and create them again.
    case recreate
}

/// A table as the database describes it.
public struct DiscoveredTable: Sendable, Equatable, Codable {
    /// The schema holding the table, when the database has schemas (`public`); `nil` for SQLite.
    public var schema: String?
    public var name: String
    /// Columns in table order.
    public var columns: [DiscoveredColumn]
    /// Foreign keys of single columns, in column order.
    public var foreignKeys: [DiscoveredForeignKey]

    public init(schema: String?, name: String, columns: [DiscoveredColumn], foreignKeys: [DiscoveredForeignKey]) {
        self.schema = schema
        self.name = name
        self.columns = columns
        self.foreignKeys = foreignKeys
    }

    /// The primary-key columns, in key order.
    public var primaryKey: [DiscoveredColumn] {
        columns.filter { $0.primaryKeyPosition != nil }.sorted { $0.primaryKeyPosition! < $1.primaryKeyPosition! }
    }
}

/// One column of a discovered table.
public struct DiscoveredColumn: Sendable, Equatable, Codable {
    public var name: String
    /// The type as declared (`INTEGER`, `varchar(40)`); empty when the database has none.
    public var sqlType: String
    public var nullable: Bool
    /// The default as SQL text (`0`, `'draft'`, `CURRENT_TIMESTAMP`), if any.
    public var defaultValue: String?
    /// Position in the primary key (1 for a single key), or `nil`.
    public var primaryKeyPosition: Int?
    /// The database fills the value in (an auto-increment or identity key, a sequence default).
    public var generated: Bool

    public init(name: String, sqlType: String, nullable: Bool, defaultValue: String?, primaryKeyPosition: Int?, generated: Bool) {
        self.name = name
        self.sqlType = sqlType
        self.nullable = nullable
        self.defaultValue = defaultValue
        self.primaryKeyPosition = primaryKeyPosition
        self.generated = generated
    }
}

/// A foreign key: `column` of the discovered table references `referencedTable.referencedColumn`.
public struct DiscoveredForeignKey: Sendable, Equatable, Codable {
    public var column: String
    /// The schema of the referenced table, when the database has schemas.
    public var referencedSchema: String?
    public var referencedTable: String
    public var referencedColumn: String

    public init(column: String, referencedSchema: String?, referencedTable: String, referencedColumn: String) {
        self.column = column
        self.referencedSchema = referencedSchema
        self.referencedTable = referencedTable
        self.referencedColumn = referencedColumn
    }
}
