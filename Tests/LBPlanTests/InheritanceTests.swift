import LBCore
import LBPlan
import LBTesting
import Testing

@Suite("Model inheritance")
struct InheritanceTests {
    /// models.md §7.7: Animal and Bird.
    static let animal = #"""
        { "name": "Animal", "base": "PersistedModel", "plural": "Animals",
          "hidden": ["secret"], "mixins": {"TimeStamp": true},
          "properties": { "name": {"type": "string", "required": true}, "secret": "string", "legs": "number" },
          "relations": { "owner": {"type": "belongsTo", "model": "Person"} },
          "acls": [ {"principalType": "ROLE", "principalId": "$everyone", "permission": "DENY"} ] }
        """#
    static let bird = #"""
        { "name": "Bird", "base": "Animal",
          "hidden": ["ring"],
          "properties": { "name": {"type": "string"}, "legs": null, "ring": "string", "wingspan": "number" },
          "relations": { "owner": {"type": "belongsTo", "model": "Person", "foreignKey": "keeperId"} },
          "acls": [ {"principalType": "ROLE", "principalId": "$authenticated", "permission": "ALLOW", "accessType": "READ"} ] }
        """#
    static let person = #"{ "name": "Person", "properties": { "name": "string" } }"#

    func birdPlan() throws -> (ModelPlan, CompileResult) {
        let app = try TemporaryApp(appWith(
            models: [("Bird", "db"), ("Person", "db")],
            definitions: ["animal.json": Self.animal, "bird.json": Self.bird, "person.json": Self.person]))
        let result = app.compile()
        return (try #require(result.plan?.model(named: "Bird")), result)
    }

    @Test("the worked example of models.md resolves as documented")
    func workedExample() throws {
        let (bird, result) = try birdPlan()
        #expect(!result.diagnostics.hasErrors)
        #expect(bird.properties.map(\.name) == ["name", "ring", "wingspan", "secret", "createdAt", "updatedAt", "id", "keeperId"])
        #expect(bird.property(named: "name")?.required == false, "a redefined property replaces the base definition wholesale")
        #expect(bird.hidden == ["secret", "ring"])
        #expect(bird.relations.map(\.foreignKey) == ["keeperId"])
        #expect(bird.acls.map(\.principalId) == ["$everyone", "$authenticated"])
        #expect(bird.mixins.map(\.name) == ["TimeStamp"])
        #expect(bird.ancestors == ["Animal", "PersistedModel", "Model"])
    }

    @Test("plural and http.path are not inherited, so a child gets its own URL")
    func pluralNotInherited() throws {
        let (bird, _) = try birdPlan()
        #expect(bird.plural == "Birds")
        #expect(bird.httpPath == "/Birds")
    }

    @Test("a custom base is built without being listed in model-config, but is not attached or public")
    func customBaseIsBuilt() throws {
        let (_, result) = try birdPlan()
        let animal = try #require(result.plan?.model(named: "Animal"))
        #expect(animal.dataSource == nil)
        #expect(!animal.isPublic)
        let names = try #require(result.plan?.models.map(\.name))
        #expect(try #require(names.firstIndex(of: "Animal")) < (try #require(names.firstIndex(of: "Bird"))))
    }

    @Test("excludeBaseProperties and a child id drop inherited properties")
    func removals() throws {
        let app = try TemporaryApp(appWith(
            models: [("Child", "db")],
            definitions: [
                "base.json": #"{ "name": "Base", "properties": { "code": {"type": "string", "id": true}, "a": "string", "b": "string" } }"#,
                "child.json": #"{ "name": "Child", "base": "Base", "excludeBaseProperties": ["a"], "properties": { "key": {"type": "number", "id": true} } }"#,
            ]))
        let child = try #require(app.compile().plan?.model(named: "Child"))
        #expect(child.properties.map(\.name) == ["key", "b"])
        #expect(child.idProperties == ["key"])
        #expect(child.forceId == false)
    }

    @Test("idInjection false leaves a model without an id; a generated id turns forceId on")
    func idInjection() throws {
        let app = try TemporaryApp(appWith(
            models: [("Plain", "db"), ("Note", "db")],
            definitions: [
                "plain.json": #"{ "name": "Plain", "idInjection": false, "properties": { "a": "string" } }"#,
                "note.json": #"{ "name": "Note", "properties": { "a": "string" } }"#,
            ]))
        let plan = try #require(app.compile().plan)
        #expect(plan.model(named: "Plain")?.idProperties == [])
        #expect(plan.model(named: "Note")?.idProperties == ["id"])
        #expect(plan.model(named: "Note")?.forceId == true)
        #expect(plan.model(named: "Note")?.property(named: "id")?.generated == true)
    }

    @Test("a model based on User inherits its 13 ACLs before its own, and its hidden fields")
    func userBase() throws {
        let app = try TemporaryApp(appWith(
            models: [("Customer", "db"), ("AccessToken", "db")],
            definitions: ["customer.json": #"{ "name": "Customer", "base": "User", "acls": [{"principalType": "ROLE", "principalId": "$owner", "permission": "ALLOW"}] }"#]))
        let customer = try #require(app.compile().plan?.model(named: "Customer"))
        #expect(customer.acls.count == 14)
        #expect(customer.acls.first?.permission == "DENY")
        #expect(customer.acls.last?.principalId == "$owner")
        #expect(customer.hidden == ["password", "verificationToken"])
        #expect(customer.isA("User"))
        #expect(customer.relation(named: "accessTokens")?.foreignKey == "userId")
    }

    @Test("configureModelMerge: true replaces the default scope instead of merging it")
    func recommendedPolicy() throws {
        let definitions = [
            "base.json": #"{ "name": "Base", "scope": { "where": { "a": 1 }, "order": "a" }, "properties": {} }"#,
            "legacy.json": #"{ "name": "Legacy", "base": "Base", "scope": { "where": { "b": 2 } }, "properties": {} }"#,
            "modern.json": #"{ "name": "Modern", "base": "Base", "configureModelMerge": true, "scope": { "where": { "b": 2 } }, "properties": {} }"#,
        ]
        let app = try TemporaryApp(appWith(models: [("Legacy", "db"), ("Modern", "db")], definitions: definitions))
        let plan = try #require(app.compile().plan)
        #expect(plan.model(named: "Legacy")?.scope == ["where": ["a": 1, "b": 2], "order": "a"])
        #expect(plan.model(named: "Modern")?.scope == ["where": ["b": 2]])
    }

    @Test("a relation set to null removes the inherited relation")
    func relationRemoval() throws {
        let app = try TemporaryApp(appWith(
            models: [("Child", "db"), ("Other", "db")],
            definitions: [
                "base.json": #"{ "name": "Base", "relations": { "other": { "type": "belongsTo", "model": "Other" } } }"#,
                "child.json": #"{ "name": "Child", "base": "Base", "relations": { "other": null } }"#,
                "other.json": #"{ "name": "Other" }"#,
            ]))
        let child = try #require(app.compile().plan?.model(named: "Child"))
        #expect(child.relations.isEmpty)
    }

    @Test("model-config relations, acls and options apply to that model only, not to its children")
    func modelConfigOverrides() throws {
        let files = appWith(
            models: [], definitions: ["my-user.json": #"{ "name": "myUser", "base": "User" }"#, "post.json": #"{ "name": "Post" }"#])
            .merging([
                "server/model-config.json": #"""
                    { "_meta": { "sources": ["../common/models"] },
                      "User": { "dataSource": "db", "options": { "aclErrorStatus": 403 },
                                "relations": { "posts": { "model": "Post", "type": "hasMany", "foreignKey": "userId" } },
                                "acls": [ { "permission": "ALLOW", "principalType": "ROLE", "principalId": "$owner", "property": "findById" } ] },
                      "myUser": { "dataSource": "db" }, "Post": { "dataSource": "db" }, "AccessToken": { "dataSource": "db" } }
                    """#
            ]) { $1 }
        let app = try TemporaryApp(files)
        let plan = try #require(app.compile().plan)
        let user = try #require(plan.model(named: "User"))
        #expect(user.relation(named: "posts")?.foreignKey == "userId")
        #expect(user.acls.count == 13, "an entry with the same property and principal replaces the built-in one")
        #expect(user.settings["aclErrorStatus"] == 403)
        #expect(plan.model(named: "myUser")?.relation(named: "posts") == nil)
    }

    @Test("YAML and JSON definitions mix, and `super` and top-level settings behave like `base` and `options`")
    func yamlAndOptions() throws {
        let app = try TemporaryApp(appWith(
            models: [("Note", "db")],
            definitions: ["note.yaml": "name: Note\nsuper: Model\nstrict: true\noptions:\n  strict: filter\n  replaceOnPUT: false\ndescription: no\nproperties:\n  answer: string\n"]))
        let result = app.compile()
        let note = try #require(result.plan?.model(named: "Note"))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.all)")
        #expect(note.base == "Model")
        #expect(note.strict == .filter, "options.strict wins over the top-level key")
        #expect(note.replaceOnPUT == false)
        #expect(note.settings["description"] == "no", "YAML 1.2: `no` is a string")
    }
}
