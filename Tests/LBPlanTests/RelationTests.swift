import LBCore
import LBPlan
import LBTesting
import Testing

@Suite("Relations and their keys")
struct RelationTests {
    func compileApp(_ definitions: [String: String], models: [(String, String?)]) throws -> CompileResult {
        let app = try TemporaryApp(appWith(models: models, definitions: definitions))
        return app.compile()
    }

    @Test("belongsTo, hasMany and hasOne take LoopBack's default foreign keys and add them to the right model")
    func defaults() throws {
        let result = try compileApp(
            [
                "customer.json": #"{ "name": "Customer", "relations": { "orders": { "type": "hasMany", "model": "OrderItem", "foreignKey": "" }, "profile": { "type": "hasOne", "model": "Profile" } } }"#,
                "order-item.json": #"{ "name": "OrderItem", "relations": { "buyer": { "type": "belongsTo", "model": "Customer" } } }"#,
                "profile.json": #"{ "name": "Profile" }"#,
            ], models: [("Customer", "db"), ("OrderItem", "db"), ("Profile", "db")])
        let plan = try #require(result.plan)
        #expect(plan.model(named: "Customer")?.relation(named: "orders")?.foreignKey == "customerId")
        #expect(plan.model(named: "OrderItem")?.relation(named: "buyer")?.foreignKey == "buyerId")
        #expect(plan.model(named: "OrderItem")?.properties.map(\.name) == ["id", "customerId", "buyerId"], "models' relations resolve in model-config order")
        #expect(plan.model(named: "Profile")?.property(named: "customerId")?.type == .number)
    }

    @Test("a foreign key takes the type of the target's id")
    func foreignKeyType() throws {
        let result = try compileApp(
            [
                "note.json": #"{ "name": "Note", "properties": { "id": { "type": "string", "id": true, "defaultFn": "uuidv4" } } }"#,
                "comment.json": #"{ "name": "Comment", "properties": { "noteId": "number" }, "relations": { "note": { "type": "belongsTo", "model": "Note" } } }"#,
            ], models: [("Note", "db"), ("Comment", "db")])
        let comment = try #require(result.plan?.model(named: "Comment"))
        #expect(comment.property(named: "noteId")?.type == .string)
        #expect(result.diagnostics.warnings.map(\.code) == ["relation.foreign-key-type"])
    }

    @Test("hasMany through and hasAndBelongsToMany resolve their through model and both keys")
    func through() throws {
        let result = try compileApp(
            [
                "physician.json": #"{ "name": "Physician", "relations": { "patients": { "type": "hasMany", "model": "Patient", "through": "Appointment" } } }"#,
                "patient.json": #"{ "name": "Patient", "relations": { "tags": { "type": "hasAndBelongsToMany", "model": "Tag" } } }"#,
                "appointment.json": #"{ "name": "Appointment", "properties": { "date": "date" } }"#,
                "tag.json": #"{ "name": "Tag" }"#,
            ], models: [("Physician", "db"), ("Patient", "db"), ("Appointment", "db"), ("Tag", "db")])
        let plan = try #require(result.plan)
        let patients = try #require(plan.model(named: "Physician")?.relation(named: "patients"))
        #expect(patients.through == "Appointment")
        #expect(patients.foreignKey == "physicianId")
        #expect(patients.keyThrough == "patientId")
        #expect(plan.model(named: "Appointment")?.properties.map(\.name) == ["date", "id", "physicianId", "patientId"])
        let tags = try #require(plan.model(named: "Patient")?.relation(named: "tags"))
        #expect(tags.through == "PatientTag")
        let generated = try #require(plan.model(named: "PatientTag"))
        #expect(generated.properties.map(\.name) == ["id", "patientId", "tagId"])
        #expect(generated.dataSource == "db")
        #expect(!generated.isPublic)
    }

    @Test("referencesMany, embedsOne and embedsMany store data in properties with LoopBack's default names")
    func embeds() throws {
        let result = try compileApp(
            [
                "customer.json": #"""
                    { "name": "Customer", "relations": {
                        "accounts": { "type": "referencesMany", "model": "Account" },
                        "address": { "type": "embedsOne", "model": "Address", "property": "billingAddress" },
                        "emailAddresses": { "type": "embedsMany", "model": "EmailAddress" },
                        "emailAddress": { "type": "embedsOne", "model": "EmailAddress" } } }
                    """#,
                "account.json": #"{ "name": "Account" }"#,
                "address.json": #"{ "name": "Address", "base": "Model" }"#,
                "email-address.json": #"{ "name": "EmailAddress", "base": "Model" }"#,
            ], models: [("Customer", "db"), ("Account", "db"), ("Address", nil), ("EmailAddress", nil)])
        let customer = try #require(result.plan?.model(named: "Customer"))
        #expect(customer.relation(named: "accounts")?.foreignKey == "accountIds")
        #expect(customer.property(named: "accountIds")?.type == .array(.number))
        #expect(customer.property(named: "billingAddress")?.type == .model("Address"))
        #expect(customer.property(named: "emailAddresses") == nil, "the property would share the relation's name")
        #expect(customer.property(named: "_emailAddresses")?.type == .array(.model("EmailAddress")))
        #expect(customer.property(named: "_emailAddress")?.type == .model("EmailAddress"))
        #expect(result.diagnostics.warnings.filter { $0.code == "relation.embed-renamed" }.count == 2)
    }

    @Test("a polymorphic belongsTo adds the id and discriminator properties")
    func polymorphic() throws {
        let result = try compileApp(
            ["picture.json": #"{ "name": "Picture", "relations": { "imageable": { "type": "belongsTo", "polymorphic": true } } }"#],
            models: [("Picture", "db")])
        let picture = try #require(result.plan?.model(named: "Picture"))
        let relation = try #require(picture.relation(named: "imageable"))
        #expect(relation.polymorphic?.foreignKey == "imageableId")
        #expect(relation.polymorphic?.discriminator == "imageableType")
        #expect(picture.property(named: "imageableType")?.type == .string)
    }

    @Test("relations to unknown or unattached models are dropped with a warning that says so")
    func unreachable() throws {
        let result = try compileApp(
            [
                "note.json": #"{ "name": "Note", "relations": { "author": { "type": "belongsTo", "model": "Autor" }, "draft": { "type": "hasMany", "model": "Draft" } } }"#,
                "author.json": #"{ "name": "Author" }"#,
                "draft.json": #"{ "name": "Draft" }"#,
            ], models: [("Note", "db"), ("Author", "db"), ("Draft", nil)])
        #expect(result.plan?.model(named: "Note")?.relations.isEmpty == true)
        #expect(result.diagnostics.warnings.map(\.code) == ["relation.unknown-model", "relation.unattached-model"])
        #expect(result.diagnostics.warnings.first?.hint == "did you mean 'Author'?")
    }

    @Test("a relation without a model, or a polymorphic belongsTo with one, is an error")
    func invalid() throws {
        let result = try compileApp(
            ["note.json": #"{ "name": "Note", "relations": { "owner": { "type": "hasMany" } } }"#], models: [("Note", "db")])
        #expect(result.diagnostics.errors.contains { $0.message.contains("'owner'") })
    }
}
