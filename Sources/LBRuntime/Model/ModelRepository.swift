public import LBCore
public import LBPlan

/// One model's data operations with LoopBack 3's semantics on top of a connector (rest-api.md §2):
/// defaults, coercion, `forceId`, `strict`, validation, the default scope on reads and writes,
/// and rendering (hidden properties, property order). The REST layer and the Swift API both
/// call this; errors are `LoopBackError`s with LoopBack's statuses and messages.
public struct ModelRepository: Sendable {
    public let model: ModelPlan
    public let connector: any Connector
    let builder: RecordBuilder
    let renderer: RecordRenderer
    /// The model's default scope, parsed once.
    let scope: Filter?
    let timeStamp: TimeStampBehavior?
    let softDelete: SoftDeleteBehavior?
    /// Password hashing and email rules of User-based models.
    let users: UserBehavior?
    /// Key generation of Application-based models.
    let applications: ApplicationBehavior?
    /// The other models of the app, for relations and `include`.
    public let directory: ModelDirectory

    /// Creates the repository; fails when the model's default scope is not a valid filter.
    public init(model: ModelPlan, connector: any Connector, directory: ModelDirectory = ModelDirectory()) throws {
        self.model = model
        self.connector = connector
        self.directory = directory
        self.builder = RecordBuilder(model: model)
        self.renderer = RecordRenderer(model: model)
        self.scope = try model.scope.map { try FilterParser.parseScope($0, for: model) }
        self.timeStamp = TimeStampBehavior(model)
        self.softDelete = SoftDeleteBehavior(model)
        self.users = UserBehavior(model)
        self.applications = ApplicationBehavior(model)
    }

    // MARK: Reads

    /// `find`: every record matching `filter` merged with the default scope.
    public func find(_ filter: Filter = Filter()) async throws -> [Record] {
        try await load(filter).map(\.output)
    }

    /// The records matching `filter` merged with the default scope, each as stored (with at least
    /// the keys its includes join on) and as rendered: `fields` applied, included relations
    /// attached under their names. `nested` renders them for inclusion in another result.
    func load(_ filter: Filter, nested: Bool = false, depth: Int = 0) async throws -> [LoadedRecord] {
        var merged = ScopeMerger.merge(request: filter, scope: scope)
        merged.where = Where.conjunction(merged.where, softDelete?.notDeleted)
        let includes = try merged.include.compactMap { try IncludeLoader(item: $0, source: self, depth: depth) }
        guard !includes.isEmpty else {
            return try await connector.find(model, merged).map {
                LoadedRecord(stored: $0, output: renderer.render($0, nested: nested, fields: merged.fields))
            }
        }
        var query = merged
        query.fields = FieldProjector.widen(merged.fields, with: includes.flatMap(\.parentKeys))
        let stored = try await connector.find(model, query)
        var loaded = stored.map {
            LoadedRecord(stored: $0, output: FieldProjector.project(renderer.render($0, nested: nested, fields: merged.fields), merged.fields))
        }
        for include in includes {
            let values = try await include.load(for: stored)
            for (index, value) in values.enumerated() {
                if let value { loaded[index].output[include.name] = value }
            }
        }
        return loaded
    }

    /// `findOne`: the first record matching `filter`, or `nil`.
    public func findOne(_ filter: Filter = Filter()) async throws -> Record? {
        var limited = filter
        limited.limit = 1
        return try await find(limited).first
    }

    /// `findById`: the record with `id`, honouring only `fields` and `include` of `filter`.
    public func findById(_ id: JSONValue, filter: Filter = Filter()) async throws -> Record? {
        let lookup = Filter(where: model.idWhere(coercedId(id)), fields: filter.fields, limit: 1, include: filter.include)
        return try await find(lookup).first
    }

    /// `count` of the records matching `where` and the default scope.
    public func count(_ where: Where? = nil) async throws -> Int {
        try await connector.count(model, where: scopedWhere(`where`))
    }

    /// `exists`: whether a record with `id` is visible through the default scope.
    public func exists(_ id: JSONValue) async throws -> Bool {
        try await count(model.idWhere(coercedId(id))) > 0
    }

    // MARK: Writes

    /// `create`: validates and stores a new record; returns it as rendered.
    public func create(_ body: Record) async throws -> Record {
        let data = try await users?.prepare(body, creating: true) ?? applications?.prepare(body, creating: true) ?? body
        var failures = ValidationFailures(model: model.name)
        if model.forceId, let idName = model.idName, let id = data[idName], id != .null {
            failures.add(idName, code: "absence", message: "can't be set", value: id)
        }
        var unknown: [String] = []
        var record = builder.build(stampedForCreate(withScopeValues(data)), for: .create, unknown: &unknown)
        builder.validate(record, unknown: unknown, failures: &failures)
        EmbeddedValidation.check(record, model: model, directory: directory, failures: &failures)
        try await users?.validate(record, id: nil, in: self, failures: &failures)
        if let error = failures.error { throw error }
        if model.forceId, let idName = model.idName { record.removeValue(forKey: idName) }
        return renderer.render(try await connector.create(model, record))
    }

    /// `prototype.patchAttributes` (`PATCH /:id`): merges `data` into the record with `id`.
    public func patchAttributes(id: JSONValue, _ data: Record) async throws -> Record {
        guard let stored = try await storedRecord(id) else {
            throw LoopBackError.notFound("could not find a model with id \(display(id))", code: "MODEL_NOT_FOUND")
        }
        return try await patch(stored, id: id, with: data)
    }

    /// `replaceById` (`PUT /:id`, `POST /:id/replace`): the record becomes exactly `data`.
    public func replaceById(id: JSONValue, _ data: Record) async throws -> Record {
        // LoopBack compares the body's id with `!==`: the string "1" differs from the path's 1.
        if let idName = model.idName, let bodyId = data[idName], bodyId != .null, bodyId != id {
            throw LoopBackError.badRequest("id property (\(idName)) cannot be updated from \(display(id)) to \(display(bodyId))")
        }
        guard try await storedRecord(id) != nil else {
            throw LoopBackError.notFound("Could not replace. Object with id \(display(id)) does not exist!")
        }
        return try await replace(id: id, with: data)
    }

    /// `patchOrCreate` (`PATCH /`): create without an id; with one, patch it (404 under `forceId`)
    /// or, with `forceId: false`, insert it when missing.
    public func patchOrCreate(_ data: Record) async throws -> Record {
        guard let idName = model.idName, let id = data[idName], id != .null else { return try await create(data) }
        if let stored = try await storedRecord(id) {
            return try await patch(stored, id: id, with: data, validate: validatesUpserts)
        }
        if model.forceId {
            throw LoopBackError.notFound("Could not update attributes. Object with id \(display(id)) does not exist!")
        }
        return try await createKeepingId(data)
    }

    /// `replaceOrCreate` (`PUT /`, `POST /replaceOrCreate`): create without an id; with one,
    /// replace it (404 under `forceId`) or, with `forceId: false`, insert it when missing.
    public func replaceOrCreate(_ data: Record) async throws -> Record {
        guard let idName = model.idName, let id = data[idName], id != .null else { return try await create(data) }
        if try await storedRecord(id) != nil { return try await replace(id: id, with: data) }
        if model.forceId {
            throw LoopBackError.notFound("Could not replace. Object with id \(display(id)) does not exist!")
        }
        return try await createKeepingId(data)
    }

    /// `upsertWithWhere`: updates the single record matching `where`, or creates one from `data`.
    /// As in LoopBack 3, the body alone is validated as a complete instance.
    public func upsertWithWhere(_ where: Where?, _ data: Record) async throws -> Record {
        guard !data.isEmpty else { throw LoopBackError.badRequest("data object cannot be empty!") }
        var failures = ValidationFailures(model: model.name)
        var unknown: [String] = []
        let candidate = builder.build(stampedForCreate(data), for: .create, unknown: &unknown)
        builder.validate(candidate, unknown: unknown, failures: &failures)
        if let error = failures.error { throw error }
        let matches = try await connector.find(model, Filter(where: scopedWhere(`where`), limit: 2))
        switch matches.count {
        case 0: return try await create(data)
        case 1:
            guard let idName = model.idName, let id = matches[0][idName] else { return try await create(data) }
            return try await patch(matches[0], id: id, with: data)
        default:
            throw LoopBackError.badRequest("There are multiple instances found.Upsert Operation will not be performed!")
        }
    }

    /// `updateAll` (`POST /update`): sets `data` on every record matching `where`; returns the count.
    public func updateAll(_ where: Where?, _ body: Record) async throws -> Int {
        let data = try await users?.prepare(body, creating: false) ?? body
        var failures = ValidationFailures(model: model.name)
        var changes = builder.build(stampedForUpdate(withScopeValues(data)), for: .update, failures: &failures)
        builder.validateDates(changes, failures: &failures)
        if let error = failures.error { throw error }
        if let idName = model.idName { changes.removeValue(forKey: idName) }
        return try await connector.update(model, where: scopedWhere(`where`), with: changes)
    }

    /// `deleteById`: deletes the record with `id`; returns 0 or 1 (404 with `strictDelete`).
    public func deleteById(_ id: JSONValue) async throws -> Int {
        let deleted = try await remove(where: scopedWhere(model.idWhere(coercedId(id))))
        if deleted == 0, model.settings["strictDelete"]?.isTruthy == true {
            throw LoopBackError.notFound("No instance with id \(display(id)) found for \(model.name)", code: "NOT_FOUND")
        }
        return deleted
    }

    /// `destroyAll`: deletes every record matching `where`; returns the count.
    public func deleteAll(_ where: Where? = nil) async throws -> Int {
        try await remove(where: scopedWhere(`where`))
    }

    /// Deletes matching records, or with `SoftDelete` marks the ones not yet deleted.
    func remove(where condition: Where?) async throws -> Int {
        guard let softDelete else { return try await connector.delete(model, where: condition) }
        return try await connector.update(model, where: condition, with: softDelete.deletion)
    }

    // MARK: Helpers

    /// The stored (unrendered) record with `id`, through the default scope.
    func storedRecord(_ id: JSONValue) async throws -> Record? {
        try await connector.find(model, Filter(where: scopedWhere(model.idWhere(coercedId(id))), limit: 1)).first
    }

    func patch(_ stored: Record, id: JSONValue, with body: Record, validate: Bool = true) async throws -> Record {
        var data = try await users?.prepare(body, creating: false) ?? body
        if let users, users.verificationRequired, let email = data["email"], email != stored["email"] { data["emailVerified"] = false }
        if let idName = model.idName, let bodyId = data[idName], bodyId != .null, !sameId(bodyId, id) {
            throw LoopBackError.badRequest("id cannot be updated from \(display(id)) to \(display(bodyId)) when forceId is set to true")
        }
        var failures = ValidationFailures(model: model.name)
        var unknown: [String] = []
        var changes = builder.build(stampedForUpdate(data), for: .update, unknown: &unknown)
        if let idName = model.idName { changes.removeValue(forKey: idName) }
        var merged = stored
        for (key, value) in changes { merged[key] = value }
        if validate {
            builder.validate(merged, unknown: unknown, failures: &failures)
            EmbeddedValidation.check(merged, model: model, directory: directory, failures: &failures)
            try await users?.validate(merged, id: stored[model.idName ?? "id"] ?? id, in: self, failures: &failures)
        } else {
            builder.validateDates(changes, failures: &failures)
        }
        if let error = failures.error { throw error }
        if !changes.isEmpty {
            _ = try await connector.update(model, where: model.idWhere(stored[model.idName!] ?? id), with: changes)
        }
        return renderer.render(merged)
    }

    func replace(id: JSONValue, with body: Record) async throws -> Record {
        let data = try await users?.prepare(body, creating: false) ?? applications?.prepare(body, creating: false) ?? body
        var failures = ValidationFailures(model: model.name)
        var unknown: [String] = []
        var record = builder.build(stampedForCreate(withScopeValues(data)), for: .create, unknown: &unknown)
        if let idName = model.idName { record[idName] = coercedId(id) }
        builder.validate(record, unknown: unknown, failures: &failures)
        EmbeddedValidation.check(record, model: model, directory: directory, failures: &failures)
        try await users?.validate(record, id: coercedId(id), in: self, failures: &failures)
        if let error = failures.error { throw error }
        guard try await connector.replace(model, id: coercedId(id), with: record) else {
            throw LoopBackError.notFound("Could not replace. Object with id \(display(id)) does not exist!")
        }
        return renderer.render(record)
    }

    /// Create that keeps the client's id even under `forceId` (upserts with `forceId: false`).
    func createKeepingId(_ body: Record) async throws -> Record {
        let data = try await users?.prepare(body, creating: true) ?? applications?.prepare(body, creating: true) ?? body
        var failures = ValidationFailures(model: model.name)
        var unknown: [String] = []
        let record = builder.build(stampedForCreate(withScopeValues(data)), for: .create, unknown: &unknown)
        if validatesUpserts { builder.validate(record, unknown: unknown, failures: &failures) }
        try await users?.validate(record, id: nil, in: self, failures: &failures)
        if let error = failures.error { throw error }
        return renderer.render(try await connector.create(model, record))
    }

    /// `validateUpsert`: true validates, false does not; unset validates too (LoopBack only logged).
    var validatesUpserts: Bool { model.settings["validateUpsert"] != .bool(false) }

    /// `where` AND the default scope's where (AND, with `SoftDelete`, not deleted).
    func scopedWhere(_ where: Where?) -> Where? {
        Where.conjunction(Where.conjunction(`where`, scope?.where), softDelete?.notDeleted)
    }

    func stampedForCreate(_ data: Record) -> Record {
        timeStamp?.stampCreate(data) ?? data
    }

    func stampedForUpdate(_ data: Record) -> Record {
        timeStamp?.stampUpdate(data) ?? data
    }

    /// `data` with the equality conditions of the default scope forced onto it.
    func withScopeValues(_ data: Record) -> Record {
        var result = data
        for (key, value) in ScopeMerger.scopeValues(of: scope?.where) where model.property(named: key) != nil { result[key] = value }
        return result
    }

    /// `id` coerced to the type of the model's id property.
    public func coercedId(_ id: JSONValue) -> JSONValue {
        guard let idName = model.idName, let property = model.property(named: idName) else { return id }
        return ValueCoercion.coerce(id, to: property.type)
    }

    func sameId(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        coercedId(lhs) == coercedId(rhs)
    }

    /// An id as JavaScript's string conversion shows it in messages.
    func display(_ id: JSONValue) -> String {
        ValueCoercion.javaScriptString(id)
    }
}
