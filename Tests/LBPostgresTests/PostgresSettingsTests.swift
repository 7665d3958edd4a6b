import LBCore
@testable import LBPlan
import Testing

@testable import LBPostgres

/// The datasource settings of the `postgresql` connector.
@Suite struct PostgresSettingsTests {
    func settings(_ json: [String: JSONValue]) throws -> PostgresSettings {
        var members: [String: JSONValue] = ["connector": "postgresql"]
        for (key, value) in json { members[key] = value }
        let plan = DataSourcePlan(
            name: "db", connector: nil, connectorName: "postgresql", settings: .object(.init(uniqueKeysWithValues: members.sorted { $0.key < $1.key })),
            origin: SourceLocation(file: "datasources.json", line: 1, column: 1))
        return try PostgresSettings(plan)
    }

    @Test func urlGivesEverySetting() throws {
        let s = try settings(["url": "postgres://ann:p%40ss@db.example.com:6543/shop?sslmode=require"])
        #expect(s.host == "db.example.com")
        #expect(s.port == 6543)
        #expect(s.user == "ann")
        #expect(s.password == "p@ss")
        #expect(s.database == "shop")
        #expect(s.sslMode == "require")
        #expect(s.address == "db.example.com:6543/shop")
    }

    @Test func separateSettingsOverrideTheURL() throws {
        let s = try settings(["url": "postgres://ann@h/shop", "port": "7000", "username": "bob", "schema": "app", "max": 3, "ssl": true])
        #expect(s.port == 7000)
        #expect(s.user == "bob")
        #expect(s.schema == "app")
        #expect(s.poolSize == 3)
        #expect(s.sslMode == "require")
        #expect(s.failFast == false)
    }

    @Test func badSettingsNameTheSetting() {
        #expect(throws: (any Error).self) { try settings(["url": "mysql://x/y"]) }
        #expect(throws: (any Error).self) { try settings(["sslmode": "sometimes"]) }
        #expect(throws: (any Error).self) { try settings(["max": 0]) }
        #expect(throws: (any Error).self) { try settings(["failFast": "maybe"]) }
    }
}
