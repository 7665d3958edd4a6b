import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LBConfig
import LBCore
import LBREST
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import NIOPosix
import SQLiteNIO
import Testing

/// `lbrun discover` then `lbrun serve`: an API on a database nobody wrote models for.
@Suite("discover → serve round trip")
struct DiscoverRoundTripTests {
    /// Five related tables with rows, written by another program (snake_case, plural table names,
    /// a text primary key, a foreign key without a column, two keys to one table).
    static let schema = [
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email VARCHAR(80))",
        "CREATE TABLE products (sku TEXT PRIMARY KEY, title TEXT NOT NULL, unit_price NUMERIC NOT NULL DEFAULT 0, in_stock BOOLEAN DEFAULT 1)",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), gift_for_id INTEGER REFERENCES customers(id), placed_on TEXT)",
        "CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), product_sku TEXT NOT NULL REFERENCES products, quantity INTEGER NOT NULL)",
        "CREATE TABLE reviews (id INTEGER PRIMARY KEY, product_sku TEXT REFERENCES products(sku), stars INTEGER, body TEXT)",
        "INSERT INTO customers (full_name, email) VALUES ('Ann Lee', 'ann@example.com'), ('Bob Roe', NULL)",
        "INSERT INTO products VALUES ('A1', 'Desk', 120.5, 1), ('B2', 'Lamp', 20, 0)",
        "INSERT INTO orders (customer_id, gift_for_id, placed_on) VALUES (1, 2, '2024-05-01'), (1, NULL, '2024-05-02'), (2, NULL, '2024-05-03')",
        "INSERT INTO order_items (order_id, product_sku, quantity) VALUES (1, 'A1', 1), (1, 'B2', 2), (3, 'B2', 5)",
        "INSERT INTO reviews (product_sku, stars, body) VALUES ('A1', 5, 'great')",
    ]

    static func createDatabase(at path: String) async throws {
        let db = try await SQLiteConnection.open(storage: .file(path: path))
        for statement in schema { _ = try await db.query(statement) }
        try await db.close()
    }

    @Test("five related tables: rows, relations and include are served as they are in the database")
    func roundTrip() async throws {
        let app = try TemporaryApp([
            "server/config.json": #"{ "restApiRoot": "/api" }"#,
            "server/datasources.json": #"{ "db": { "connector": "sqlite", "file": "shop.db" } }"#,
            "server/model-config.json": #"{ "_meta": { "sources": ["../common/models"] } }"#,
            "server/middleware.json": #"{ "routes": { "loopback#rest": { "paths": ["${restApiRoot}"] } }, "final:after": { "strong-error-handler": {} } }"#,
        ])
        try await Self.createDatabase(at: app.path + "/shop.db")
        let logger = Logger(label: "test")
        let (before, _) = try LBRun.compile(appDirectory: app.path, environment: "production", variables: [:], dataSources: [])
        let discovered = try await Discovery.models(of: before.dataSources[0], appDirectory: app.path, logger: logger)
        #expect(discovered.models.map(\.name) == ["Customer", "OrderItem", "Order", "Product", "Review"])
        #expect(discovered.notes.isEmpty)
        let written = try DiscoveryWriter(directory: app.path, format: .json, force: false).write(discovered.models, dataSource: "db")
        #expect(written.files.contains("common/models/order-item.json"))
        #expect(written.modelConfig == "server/model-config.json")

        let (plan, diagnostics) = try LBRun.compile(appDirectory: app.path, environment: "production", variables: [:], dataSources: [])
        #expect(diagnostics.isEmpty)
        #expect(plan.model(named: "Order")?.relations.map(\.name) == ["customer", "giftFor", "orderItems"])
        #expect(plan.model(named: "Customer")?.relations.map(\.name) == ["customerOrders", "giftForOrders"])
        let runtime = try await RuntimeApp.provision(plan, appDirectory: app.path, connectors: Builtins.connectors, logger: logger)
        let server = try HTTPServer(runtime: runtime, modules: Builtins.middleware, components: Builtins.components, logger: logger)
        let application = Application(
            responder: server.pipeline, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        do {
            try await application.test(.live) { client in
                let customers = try await Self.json(client, "/api/Customers")
                #expect(
                    customers == [
                        ["id": 1, "fullName": "Ann Lee", "email": "ann@example.com"], ["id": 2, "fullName": "Bob Roe"],
                    ])
                let product = try await Self.json(client, "/api/Products/A1")
                #expect(product == ["sku": "A1", "title": "Desk", "unitPrice": 120.5, "inStock": true])
                let filter = #"{"include":["customer",{"orderItems":"product"}],"where":{"id":1}}"#
                let orders = try await Self.json(client, "/api/Orders?filter=" + filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
                let order = orders?.arrayValue?.first
                #expect(orders?.arrayValue?.count == 1)
                #expect(order?["customer"]?["fullName"] == "Ann Lee")
                #expect(order?["orderItems"]?.arrayValue?.map { $0["product"]?["title"] } == ["Desk", "Lamp"])
                #expect(try await Self.json(client, "/api/Customers/2/giftForOrders")?.arrayValue?.map { $0["placedOn"] } == ["2024-05-01"])
                #expect(try await Self.json(client, "/api/Products/A1/reviews")?.arrayValue?.map { $0["body"] } == ["great"])
                let created = try await client.execute(
                    uri: "/api/Reviews", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"productSku": "B2", "stars": 3}"#))
                #expect(created.status == .ok)
                #expect(try await Self.json(client, "/api/Products/B2/reviews/count") == ["count": 1])
            }
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
    }

    static func json(_ client: some TestClientProtocol, _ path: String) async throws -> JSONValue? {
        let response = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
        #expect(response.status == .ok, "GET \(path): \(String(buffer: response.body))")
        var diagnostics = Diagnostics()
        return LBConfig.JSONConfigReader.read(Array(String(buffer: response.body).utf8), file: path, diagnostics: &diagnostics)?.json
    }
}
