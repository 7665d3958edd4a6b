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

    func records(of model: ModelPlan) -> [Record] {
        collections[Self.collectionName(model)].map { Array($0.records.values) } ?? []
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
