import LBCore
import LBPlan
import LBTesting
import Testing

@Suite("Mixins")
struct MixinTests {
    static let auditable = """
        description: Who created a record.
        parameters:
          userField: createdBy
          required: false
        properties:
          ${userField}: { type: string, required: "${required}" }
          note: { type: string, description: "set by ${userField}; literal $${kept}" }
        hidden: [note]
        acls:
          - { principalType: ROLE, principalId: $everyone, permission: DENY, accessType: WRITE }
        """

    func plan(_ definitions: [String: String], models: [(String, String?)] = [("Note", "db")]) throws -> CompileResult {
        let app = try TemporaryApp(appWith(models: models, definitions: definitions, extra: ["common/mixins/auditable.yaml": Self.auditable]))
        return app.compile()
    }

    @Test("a declarative mixin merges its fragment with the model's options as parameters")
    func declarative() throws {
        let result = try plan([
            "note.json": #"{ "name": "Note", "mixins": { "Auditable": { "userField": "author", "required": true } }, "properties": { "title": "string" } }"#
        ])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.all)")
        let note = try #require(result.plan?.model(named: "Note"))
        #expect(note.properties.map(\.name) == ["title", "author", "note", "id"])
        #expect(note.property(named: "author")?.required == true, "a string that is exactly ${required} takes the boolean")
        #expect(note.property(named: "note")?.settings["description"] == "set by author; literal ${kept}")
        #expect(note.hidden == ["note"])
        #expect(note.acls.count == 1)
    }

    @Test("the model's own definition wins over the fragment, and defaults fill unset parameters")
    func modelWins() throws {
        let result = try plan([
            "note.json": #"{ "name": "Note", "mixins": { "Auditable": true }, "properties": { "createdBy": { "type": "number" } } }"#
        ])
        let note = try #require(result.plan?.model(named: "Note"))
        #expect(note.property(named: "createdBy")?.type == .number)
    }

    @Test("an option the mixin does not declare is an error naming the parameters")
    func unknownOption() throws {
        let result = try plan(["note.json": #"{ "name": "Note", "mixins": { "Auditable": { "userFeild": "x" } } }"#])
        let problem = try #require(result.diagnostics.errors.first)
        #expect(problem.code == "mixin.unknown-option")
        #expect(problem.hint == "did you mean 'userField'?")
    }

    @Test("TimeStamp adds its properties with their options and records its runtime behaviour")
    func timeStamp() throws {
        let result = try plan([
            "note.json": #"{ "name": "Note", "mixins": { "TimeStamp": { "createdAt": "created", "required": false } }, "properties": {} }"#
        ])
        let note = try #require(result.plan?.model(named: "Note"))
        #expect(note.property(named: "created")?.defaultFn == "now")
        #expect(note.property(named: "created")?.required == false)
        #expect(note.property(named: "updatedAt")?.type == .date)
        #expect(note.mixins.first?.options == ["createdAt": "created", "required": false])
    }

    @Test("SoftDelete adds deletedAt and the _isDeleted flag")
    func softDelete() throws {
        let note = try #require(try plan(["note.json": #"{ "name": "Note", "mixins": { "SoftDelete": true } }"#]).plan?.model(named: "Note"))
        #expect(note.property(named: "deletedAt")?.type == .date)
        #expect(note.property(named: "_isDeleted")?.defaultValue == false)
    }

    @Test("mixins apply to models with no datasource, are inherited, and false switches an inherited one off")
    func inheritance() throws {
        let result = try plan(
            [
                "base.json": #"{ "name": "Base", "mixins": { "TimeStamp": true } }"#,
                "note.json": #"{ "name": "Note", "base": "Base", "mixins": { "TimeStamp": false } }"#,
                "memo.json": #"{ "name": "Memo", "base": "Base" }"#,
            ], models: [("Note", "db"), ("Memo", nil)])
        let plan = try #require(result.plan)
        #expect(plan.model(named: "Base")?.property(named: "createdAt") != nil)
        #expect(plan.model(named: "Memo")?.property(named: "createdAt") != nil)
        #expect(plan.model(named: "Note")?.mixins.isEmpty == true)
    }

    @Test("an unknown mixin is an error with a suggestion; a JavaScript mixin says it cannot run")
    func unknown() throws {
        let app = try TemporaryApp(appWith(
            models: [("Note", "db")],
            definitions: ["note.json": #"{ "name": "Note", "mixins": { "Auditabel": true, "Counts": true } }"#],
            extra: ["common/mixins/auditable.yaml": Self.auditable, "common/mixins/counts.js": "module.exports = () => {};"]))
        let errors = app.compile().diagnostics.errors
        #expect(errors.map(\.code) == ["mixin.unknown", "mixin.script"])
        #expect(errors.first?.hint == "did you mean 'Auditable'?")
    }

    @Test("an undeclared placeholder in a mixin is an error")
    func undeclaredPlaceholder() throws {
        let app = try TemporaryApp(appWith(
            models: [("Note", "db")], definitions: ["note.json": #"{ "name": "Note", "mixins": { "Tagged": true } }"#],
            extra: ["common/mixins/tagged.json": #"{ "properties": { "${field}": "string" } }"#]))
        let errors = app.compile().diagnostics.errors
        #expect(errors.map(\.code) == ["mixin.unknown-parameter"])
        #expect(errors.first?.location?.file == "common/mixins/tagged.json")
    }
}
