public import LBCore
public import LBRuntime
import LBPlan
import OrderedCollections

/// A model definition written for a discovered table.
public struct DiscoveredModel: Sendable, Equatable {
    public let name: String
    public let table: DiscoveredTable
    /// The model file's contents.
    public let definition: JSONValue
}

/// LoopBack model definitions for discovered tables, as LoopBack's discovery writes them.
///
/// Each table becomes a model named after it (`DiscoveryNaming`) with `idInjection: false` and
/// its database names in the connector's settings block (`options.<key>`: `schema`, when the
/// database has schemas, and `table`). A column becomes a property of the type `SQLTypeMapping`
/// gives, with its own block (`<key>`: `columnName`, `dataType` as the database declares it,
/// `nullable` `"YES"`/`"NO"`), `id` on primary-key columns (`generated` when the database fills it
/// in), `required` when it is NOT NULL without a default, `default` from a literal default
/// (`defaultFn: "now"` for a date defaulting to the current time) and `length` from a character
/// type. A foreign key becomes a `belongsTo` on the owning model, named after the
/// key's property without `Id` (`customerId` → `customer`), and the inverse `hasMany` on the
/// target, named by the owner's plural (`orders`), or `<belongsTo><Owners>` when the owner has
/// several keys to the same target. Foreign keys to tables not discovered are left out, with a note.
public enum DiscoveredModels {
    /// The models of `tables`, in table order, and notes about what was left out.
    public static func build(_ tables: [DiscoveredTable], settingsKey: String) -> (models: [DiscoveredModel], notes: [String]) {
        var drafts: [Draft] = []
        var names = Set<String>()
        for table in tables {
            let name = DiscoveryNaming.unique(DiscoveryNaming.model(table.name), in: names)
            names.insert(name)
            drafts.append(Draft(name: name, table: table, settingsKey: settingsKey))
        }
        let positions = Dictionary(
            drafts.enumerated().map { (Self.key($1.table.schema, $1.table.name), $0) }, uniquingKeysWith: { first, _ in first })
        var notes: [String] = []
        for owner in drafts.indices {
            let foreignKeys = drafts[owner].table.foreignKeys
            for foreignKey in foreignKeys {
                let schema = foreignKey.referencedSchema ?? drafts[owner].table.schema
                guard let target = positions[Self.key(schema, foreignKey.referencedTable)] else {
                    notes.append(
                        "\(drafts[owner].table.name).\(foreignKey.column) references table '\(foreignKey.referencedTable)', which was not discovered: no relation written")
                    continue
                }
                let sameTarget = foreignKeys.filter { $0.referencedTable.lowercased() == foreignKey.referencedTable.lowercased() }.count
                relate(owner: owner, target: target, foreignKey: foreignKey, several: sameTarget > 1, in: &drafts)
            }
        }
        return (drafts.map { DiscoveredModel(name: $0.name, table: $0.table, definition: $0.definition) }, notes)
    }

    /// Adds the `belongsTo` of `foreignKey` to `owner` and the inverse `hasMany` to `target`.
    private static func relate(owner: Int, target: Int, foreignKey: DiscoveredForeignKey, several: Bool, in drafts: inout [Draft]) {
        let key = drafts[owner].propertyByColumn[foreignKey.column] ?? foreignKey.column
        let targetKey = drafts[target].propertyByColumn[foreignKey.referencedColumn] ?? foreignKey.referencedColumn
        let targetId = drafts[target].table.primaryKey.map(\.name) == [foreignKey.referencedColumn]
        var belongsTo: OrderedDictionary<String, JSONValue> = [
            "type": "belongsTo", "model": .string(drafts[target].name), "foreignKey": .string(key),
        ]
        var hasMany: OrderedDictionary<String, JSONValue> = [
            "type": "hasMany", "model": .string(drafts[owner].name), "foreignKey": .string(key),
        ]
        if !targetId {
            belongsTo["primaryKey"] = .string(targetKey)
            hasMany["primaryKey"] = .string(targetKey)
        }
        let base = key.count > 2 && key.hasSuffix("Id") ? String(key.dropLast(2)) : Naming.lowerFirst(drafts[target].name)
        let belongsToName = drafts[owner].add(relation: base, .object(belongsTo))
        let plural = Inflection.pluralize(drafts[owner].name)
        let inverse = several ? belongsToName + plural : Naming.lowerFirst(plural)
        drafts[target].add(relation: inverse, .object(hasMany))
    }

    private static func key(_ schema: String?, _ table: String) -> String {
        (schema ?? "").lowercased() + "\u{0}" + table.lowercased()
    }

    /// A model being written.
    private struct Draft {
        let name: String
        let table: DiscoveredTable
        let settingsKey: String
        var properties: OrderedDictionary<String, JSONValue> = [:]
        var propertyByColumn: [String: String] = [:]
        var relations: OrderedDictionary<String, JSONValue> = [:]

        init(name: String, table: DiscoveredTable, settingsKey: String) {
            self.name = name
            self.table = table
            self.settingsKey = settingsKey
            let singleKey = table.primaryKey.count == 1
            for column in table.columns {
                let property = DiscoveryNaming.unique(DiscoveryNaming.property(column.name), in: Set(properties.keys))
                propertyByColumn[column.name] = property
                properties[property] = .object(Self.property(column, named: property, singleKey: singleKey, settingsKey: settingsKey))
            }
        }

        /// Adds a relation named `name` (or a free variant of it); returns the name used.
        @discardableResult
        mutating func add(relation name: String, _ definition: JSONValue) -> String {
            let unique = DiscoveryNaming.unique(name, in: Set(properties.keys).union(relations.keys))
            relations[unique] = definition
            return unique
        }

        var definition: JSONValue {
            var block: OrderedDictionary<String, JSONValue> = [:]
            if let schema = table.schema { block["schema"] = .string(schema) }
            block["table"] = .string(table.name)
            var definition: OrderedDictionary<String, JSONValue> = [
                "name": .string(name), "base": "PersistedModel", "idInjection": false,
                "options": .object([settingsKey: .object(block)]), "properties": .object(properties),
            ]
            if !relations.isEmpty {
                // The model's own keys first, then the relations of the models that point at it.
                let owned = relations.filter { $0.value["type"] == "belongsTo" }
                definition["relations"] = .object(owned.merging(relations.filter { $0.value["type"] != "belongsTo" }) { first, _ in first })
            }
            return .object(definition)
        }

        static func property(_ column: DiscoveredColumn, named name: String, singleKey: Bool, settingsKey: String)
            -> OrderedDictionary<String, JSONValue>
        {
            let type = SQLTypeMapping.loopBackType(column.sqlType)
            var definition: OrderedDictionary<String, JSONValue> = ["type": type]
            if let position = column.primaryKeyPosition { definition["id"] = singleKey ? true : .number(Double(position)) }
            if column.generated { definition["generated"] = true }
            if !column.nullable, column.defaultValue == nil, !column.generated { definition["required"] = true }
            if let sql = column.defaultValue {
                if var value = SQLTypeMapping.defaultValue(sql) {
                    // SQLite has no boolean literals: `DEFAULT 1` on a BOOLEAN column.
                    if type == "boolean", let number = value.numberValue { value = .bool(number != 0) }
                    // PostgreSQL writes a negative default as a string cast: `'-1'::integer`.
                    if type == "number", let number = value.stringValue.flatMap(Double.init) { value = .number(number) }
                    definition["default"] = value
                } else if type == "date", ["current_timestamp", "now()", "current_date"].contains(sql.lowercased()) {
                    definition["defaultFn"] = "now"
                }
            }
            if let length = SQLTypeMapping.length(column.sqlType) { definition["length"] = .number(Double(length)) }
            var block: OrderedDictionary<String, JSONValue> = ["columnName": .string(column.name)]
            if !column.sqlType.isEmpty { block["dataType"] = .string(column.sqlType) }
            block["nullable"] = column.nullable ? "YES" : "NO"
            definition[settingsKey] = .object(block)
            return definition
        }
    }
}
