import Foundation
import LBCore
import LBPlan
import LBPostgres
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import Testing

/// `lbrun discover` on PostgreSQL (skipped without `LBRUN_TEST_POSTGRES_URL`): what is read from
/// `pg_catalog`, and the model definitions written from it.
@Suite(.enabled(if: PostgresTestServer.url != nil, "LBRUN_TEST_POSTGRES_URL is not set"))
struct PostgresDiscoverTests {
    let url = PostgresTestServer.url ?? ""

    /// The datasource `db` on the test server, in `schema`.
    func dataSource(schema: String) -> DataSourcePlan {
        DataSourcePlan(
            name: "db", connector: PostgresConnector.info.id, connectorName: "postgresql",
            settings: ["url": .string(url), "schema": .string(schema)], origin: SourceLocation(file: "test", line: 1, column: 1))
    }

    func discover(schema: String, tables: [String]? = nil, in named: String? = nil) async throws -> [DiscoveredTable] {
        let connector = try PostgresConnector(
            dataSource: dataSource(schema: schema), context: ProvisionContext(appDirectory: NSTemporaryDirectory(), logger: Logger(label: "test")))
        do {
            let tables = try await connector.discover(schema: named, tables: tables)
            try await connector.shutdown()
            return tables
        } catch {
            try await connector.shutdown()
            throw error
        }
    }

    /// Two schemas: `things` in the first references `owners` in the second.
    func createTables() async throws -> (schema: String, other: String) {
        let schema = PostgresTestServer.freshSchema()
        let other = PostgresTestServer.freshSchema()
        try await postgresSQL(
            url,
            [
                "CREATE SCHEMA \(schema)", "CREATE SCHEMA \(other)",
                "CREATE TABLE \(other).owners (id bigserial PRIMARY KEY, name text)",
                "CREATE TABLE \(schema).pairs (a integer, b text, note text, PRIMARY KEY (b, a))",
                """
                CREATE TABLE \(schema).things (
                  id serial PRIMARY KEY,
                  serial_no integer GENERATED ALWAYS AS IDENTITY,
                  name character varying(40) NOT NULL,
                  price numeric(10,2) DEFAULT 0,
                  balance integer NOT NULL DEFAULT -1,
                  at timestamp with time zone DEFAULT now(),
                  day date,
                  tags text[],
                  doc jsonb,
                  flag boolean DEFAULT false,
                  status varchar(10) DEFAULT 'new',
                  ratio double precision,
                  code uuid,
                  span interval,
                  raw bytea,
                  owner_id bigint REFERENCES \(other).owners(id),
                  pair_b text, pair_a integer,
                  FOREIGN KEY (pair_b, pair_a) REFERENCES \(schema).pairs (b, a)
                )
                """,
                "CREATE VIEW \(schema).thing_names AS SELECT name FROM \(schema).things",
            ])
        return (schema, other)
    }

    @Test func columnsKeysAndForeignKeysAsPostgreSQLDescribesThem() async throws {
        let (schema, other) = try await createTables()
        let tables = try await discover(schema: schema)
        #expect(tables.map(\.name) == ["pairs", "things"])
        let pairs = tables[0]
        #expect(pairs.schema == schema)
        #expect(pairs.primaryKey.map(\.name) == ["b", "a"])
        #expect(pairs.columns.map(\.generated) == [false, false, false])
        let things = tables[1]
        func column(_ name: String) -> DiscoveredColumn? { things.columns.first { $0.name == name } }
        #expect(
            things.columns.map(\.name) == [
                "id", "serial_no", "name", "price", "balance", "at", "day", "tags", "doc", "flag", "status", "ratio", "code", "span", "raw",
                "owner_id", "pair_b", "pair_a",
            ])
        #expect(
            things.columns.map(\.sqlType) == [
                "integer", "integer", "character varying(40)", "numeric(10,2)", "integer", "timestamp with time zone", "date", "text[]",
                "jsonb", "boolean", "character varying(10)", "double precision", "uuid", "interval", "bytea", "bigint", "text", "integer",
            ])
        #expect(column("id") == DiscoveredColumn(name: "id", sqlType: "integer", nullable: false, defaultValue: column("id")?.defaultValue, primaryKeyPosition: 1, generated: true))
        #expect(column("id")?.defaultValue?.hasPrefix("nextval(") == true)
        #expect(column("serial_no")?.generated == true)
        #expect(column("serial_no")?.primaryKeyPosition == nil)
        #expect(column("name")?.nullable == false)
        #expect(column("price")?.nullable == true)
        #expect(column("balance")?.defaultValue == "'-1'::integer")
        #expect(column("status")?.defaultValue == "'new'::character varying")
        #expect(column("at")?.defaultValue == "now()")
        #expect(column("flag")?.generated == false)
        // The composite key to `pairs` is left out; the key to another schema names it.
        #expect(things.foreignKeys == [DiscoveredForeignKey(column: "owner_id", referencedSchema: other, referencedTable: "owners", referencedColumn: "id")])
    }

    @Test func modelDefinitionsCarryTheDatabaseNamesAndLoopBackTypes() async throws {
        let (schema, _) = try await createTables()
        let (models, notes) = try await Discovery.models(of: dataSource(schema: schema), appDirectory: NSTemporaryDirectory(), logger: Logger(label: "test"))
        #expect(models.map(\.name) == ["Pair", "Thing"])
        #expect(notes == ["things.owner_id references table 'owners', which was not discovered: no relation written"])
        let thing = models[1].definition
        #expect(thing["options"] == ["postgresql": ["schema": .string(schema), "table": "things"]])
        let properties = thing["properties"]
        let types = properties?.objectValue.map { JSONValue.object($0.mapValues { $0["type"] ?? .null }) }
        #expect(
            types == [
                "id": "number", "serialNo": "number", "name": "string", "price": "number", "balance": "number", "at": "date", "day": "date",
                "tags": ["string"], "doc": "object", "flag": "boolean", "status": "string", "ratio": "number", "code": "string", "span": "string",
                "raw": "buffer", "ownerId": "number", "pairB": "string", "pairA": "number",
            ])
        #expect(properties?["id"] == ["type": "number", "id": true, "generated": true, "postgresql": ["columnName": "id", "dataType": "integer", "nullable": "NO"]])
        #expect(
            properties?["name"] == [
                "type": "string", "required": true, "length": 40,
                "postgresql": ["columnName": "name", "dataType": "character varying(40)", "nullable": "NO"],
            ])
        #expect(properties?["balance"]?["default"] == -1)
        #expect(properties?["status"]?["default"] == "new")
        #expect(properties?["flag"]?["default"] == false)
        #expect(properties?["at"]?["defaultFn"] == "now")
        #expect(properties?["ownerId"]?["postgresql"] == ["columnName": "owner_id", "dataType": "bigint", "nullable": "YES"])
        #expect(models[0].definition["properties"]?["b"]?["id"] == 1)
        #expect(models[0].definition["properties"]?["a"]?["id"] == 2)
    }

    @Test func onlyTheTablesAskedFor() async throws {
        let (schema, other) = try await createTables()
        #expect(try await discover(schema: schema, tables: ["THINGS"]).map(\.name) == ["things"])
        // The schema argument wins over the datasource's.
        #expect(try await discover(schema: schema, in: other).map(\.name) == ["owners"])
        let missingTable = await #expect(throws: LoopBackError.self) { try await discover(schema: schema, tables: ["things", "nope"]) }
        #expect(missingTable?.message == "postgresql: schema '\(schema)' has no table named 'nope'")
        let missingSchema = await #expect(throws: LoopBackError.self) { try await discover(schema: "no_such_schema") }
        #expect(missingSchema?.message == "postgresql: the database has no schema 'no_such_schema'")
    }

    @Test func lbrunsOwnColumnsAreNotDiscovered() async throws {
        let (schema, _) = try await createTables()
        // Serving a model on `pairs` adds lbrun's columns to it.
        let pair = #"{ "name": "Pair", "postgresql": { "table": "pairs" }, "idInjection": false, "properties": { "a": { "type": "number", "id": 2 }, "b": { "type": "string", "id": 1 } } }"#
        let app = try TemporaryApp([
            "server/config.json": "{}",
            "server/datasources.json": #"{ "db": { "connector": "postgresql", "url": "\#(url)", "schema": "\#(schema)", "connectTimeout": 60000 } }"#,
            "server/model-config.json": #"{ "_meta": { "sources": ["../common/models"] }, "Pair": { "dataSource": "db" } }"#,
            "common/models/pair.json": pair,
        ])
        let booted = try await LBRun.boot(appDirectory: app.path, environment: "production", variables: [:], logger: Logger(label: "test"))
        await booted.shutdown()
        let columns = try await postgresSQL(url, ["SELECT count(*)::text FROM information_schema.columns WHERE table_schema = '\(schema)' AND table_name = 'pairs'"])
        #expect(columns == [["5"]])
        #expect(try await discover(schema: schema, tables: ["pairs"]).first?.columns.map(\.name) == ["a", "b", "note"])
    }

    @Test("discover --url: a bad URL or an unreachable server is a clear error")
    func badURLs() throws {
        let folder = try TemporaryApp([:])
        for (url, message) in [
            ("postgres:shop", "error: --url is not a postgres:// URL with a host"),
            ("postgres://:5432/shop", "error: --url is not a postgres:// URL with a host"),
            ("postgres://lbrun@127.0.0.1:1/shop", "cannot discover datasource 'db': cannot reach PostgreSQL at 127.0.0.1:1/shop"),
        ] {
            let run = try LBRunCLI.run("discover", "--url", url, "--out", folder.path)
            #expect(run.status != 0, "\(url)")
            #expect(run.stderr.contains(message), "\(url): \(run.stderr)")
        }
        let components = URLComponents(string: url)!
        let wrongDatabase = "postgres://\(components.user!)@\(components.host!):\(components.port!)/no_such_database"
        let run = try LBRunCLI.run("discover", "--url", wrongDatabase, "--out", folder.path)
        #expect(run.status == 3)
        #expect(run.stderr.contains(#"postgresql: database "no_such_database" does not exist [SQLSTATE 3D000]"#))
    }
}
