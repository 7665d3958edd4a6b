import Foundation
import LBConfig
public import LBCore
public import LBPlan
import OrderedCollections

/// The state of one memory datasource: a collection of records per model (keyed by the id's
/// text), and each collection's next id. An actor, so writes are serialised.
actor MemoryStore {
    struct Collection {
        var records = OrderedDictionary<String, Record>()
        var nextId = 1
        /// True while records were inserted in ascending numeric id order (generated ids are).
        var inIdOrder = true
        var lastNumericId = -Double.infinity
    }

    let file: String?
    let dataSource: String
    private var collections: [String: Collection] = [:]

    init(file: String?, dataSource: String) {
        self.file = file
        self.dataSource = dataSource
    }

    /// The collection a model's records live in: `memory.collection` or the model's name.
    static func collectionName(_ model: ModelPlan) -> String {
        model.settings["memory"]?["collection"]?.stringValue ?? model.name
    }

    /// The records a query on `condition` can match: just the one record when the condition
    /// pins the id (`id = x`, alone or in a conjunction), else every record.
    func candidates(of model: ModelPlan, for condition: Where?) -> [Record] {
        guard let collection = collections[Self.collectionName(model)] else { return [] }
        if let condition, let idName = model.idName, let id = Self.pinnedId(condition, idName: idName) {
            return collection.records[Self.key(id)].map { [$0] } ?? []
        }
        return Array(collection.records.values)
    }

    /// Whether the model's records are stored in ascending id order.
    func inIdOrder(of model: ModelPlan) -> Bool {
        collections[Self.collectionName(model)]?.inIdOrder ?? true
    }

    /// The candidate records for `condition` and whether they are in id order, in one actor call.
    func query(_ model: ModelPlan, for condition: Where?) -> ([Record], Bool) {
        (candidates(of: model, for: condition), inIdOrder(of: model))
    }

    /// How many records the model's collection holds.
    func count(of model: ModelPlan) -> Int {
        collections[Self.collectionName(model)]?.records.count ?? 0
    }

    /// The id value a where clause requires, if it requires one by equality at its top level.
    static func pinnedId(_ condition: Where, idName: String) -> JSONValue? {
        switch condition {
        case .condition(let path, .eq, let value) where path == idName && value != .null: value
        case .and(let parts): parts.lazy.compactMap { pinnedId($0, idName: idName) }.first
        default: nil
        }
    }

    func insert(_ record: Record, model: ModelPlan) throws -> Record {
        let name = Self.collectionName(model)
        var collection = collections[name] ?? Collection()
        var stored = record
        let key: String
        if let idName = model.idName, let id = record[idName], id != .null {
            key = Self.key(id)
            guard collection.records[key] == nil else {
                throw LoopBackError(statusCode: 409, message: "Duplicate entry for \(model.name).\(idName)")
            }
            if case .number(let n) = id, n >= Double(collection.nextId) { collection.nextId = Int(n) + 1 }
        } else if let idName = model.idName {
            let generated = JSONValue.number(Double(collection.nextId))
            let type = model.property(named: idName)?.type ?? .number
            stored[idName] = type == .string ? .string(String(collection.nextId)) : generated
            key = String(collection.nextId)
            collection.nextId += 1
        } else {
            key = "#\(collection.nextId)"
            collection.nextId += 1
        }
        if let idName = model.idName, case .number(let n)? = stored[idName], n > collection.lastNumericId {
            collection.lastNumericId = n
        } else {
            collection.inIdOrder = false
        }
        collection.records[key] = stored
        collections[name] = collection
        try persist()
        return stored
    }

    func update(model: ModelPlan, where condition: Where?, with changes: Record) throws -> Int {
        let name = Self.collectionName(model)
        guard var collection = collections[name] else { return 0 }
        var count = 0
        for (key, record) in collection.records where condition.map({ WhereEvaluator.matches(record, $0, model: model) }) ?? true {
            var updated = record
            for (property, value) in changes { updated[property] = value }
            collection.records[key] = updated
            count += 1
        }
        if count > 0 {
            collections[name] = collection
            try persist()
        }
        return count
    }

    func replace(model: ModelPlan, id: JSONValue, with record: Record) throws -> Bool {
        let name = Self.collectionName(model)
        let key = Self.key(id)
        guard collections[name]?.records[key] != nil else { return false }
        collections[name]!.records[key] = record
        try persist()
        return true
    }

    func delete(model: ModelPlan, where condition: Where?) throws -> Int {
        let name = Self.collectionName(model)
        guard var collection = collections[name] else { return 0 }
        let doomed = collection.records.filter { entry in
            condition.map { WhereEvaluator.matches(entry.value, $0, model: model) } ?? true
        }.map(\.key)
        for key in doomed { collection.records.removeValue(forKey: key) }
        if !doomed.isEmpty {
            collections[name] = collection
            try persist()
        }
        return doomed.count
    }

    /// The text key of an id: numbers without a fraction, strings as they are.
    static func key(_ id: JSONValue) -> String {
        id.stringValue ?? ValueCoercion.javaScriptString(id)
    }

    // MARK: The file

    /// Reads the file, if any. A missing file is an empty store; invalid content is an error.
    func load() throws {
        guard let file, let data = FileManager.default.contents(atPath: file) else { return }
        var diagnostics = Diagnostics()
        guard let root = JSONConfigReader.read([UInt8](data), file: file, diagnostics: &diagnostics)?.json, root.objectValue != nil
        else {
            throw LoopBackError(
                statusCode: 500,
                message: "cannot read the memory file '\(file)' of datasource '\(dataSource)': \(diagnostics.all.first.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? ""): \($0.message)" } ?? "not a JSON object")")
        }
        for (name, records) in root["models"]?.objectValue ?? [:] {
            var collection = Collection()
            for (key, value) in records.objectValue ?? [:] {
                // LoopBack writes each record as a JSON string; plain objects are read too.
                var record: Record?
                if let text = value.stringValue {
                    var ignored = Diagnostics()
                    record = JSONConfigReader.read(Array(text.utf8), file: file, diagnostics: &ignored)?.json.objectValue
                } else {
                    record = value.objectValue
                }
                if let record { collection.records[key] = record }
            }
            if let next = root["ids"]?[name]?.numberValue { collection.nextId = Int(next) }
            collection.inIdOrder = false  // records from a file may be in any order
            collections[name] = collection
        }
    }

    /// Writes the whole store in LoopBack's format: temporary file, fsync, rename.
    private func persist() throws {
        guard let file else { return }
        var ids = OrderedDictionary<String, JSONValue>()
        var models = OrderedDictionary<String, JSONValue>()
        for name in collections.keys.sorted() {
            let collection = collections[name]!
            ids[name] = .number(Double(collection.nextId))
            models[name] = .object(collection.records.mapValues { .string(JSONValue.object($0).jsonText) })
        }
        let text = JSONValue.object(["ids": .object(ids), "models": .object(models)]).prettyText + "\n"
        try AtomicFile.write(Data(text.utf8), to: file)
    }
}
