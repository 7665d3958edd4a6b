import Foundation
import Hummingbird
import HummingbirdTesting
import LBCore
import LBREST
import LBRunKit
import LBRuntime
import LBTesting
import Logging
import Testing

/// Include over HTTP reads each relation with one query per nesting level, whatever the number of
/// parents, also with a per-parent `limit` (rest-api.md §3.9 and §7 item 4: no N+1). Counted from
/// the SQLite connector's statement trace (`sqlite: SELECT …` at trace level), so SQLite only.
@Suite("Relations: include query count (SQLite)")
struct RelationQueryCountTests {
    /// `withServer` on SQLite whose runtime logs every statement to `counter`.
    func withCountingServer(_ files: [String: String], _ body: @Sendable (Client, StatementCounter) async throws -> Void) async throws {
        var app = files
        app["server/datasources.json"] = TestConnector.sqlite.dataSource
        let directory = try TemporaryApp(app)
        let counter = StatementCounter()
        let (plan, _) = try LBRun.compile(appDirectory: directory.path, environment: "production", variables: [:], dataSources: [])
        let traced = Logger(label: "count", factory: { _ in counter.handler })
        let runtime = try await RuntimeApp.provision(plan, appDirectory: directory.path, connectors: Builtins.connectors, logger: traced)
        let logger = Logger(label: "test")
        let server = try HTTPServer(runtime: runtime, modules: Builtins.middleware, logger: logger)
        let application = Application(
            responder: server.pipeline, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        do {
            try await application.test(.live) { live in try await Client.connected(to: live) { try await body($0, counter) } }
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
    }

    /// 30 customers with 3 orders each; every order has one shipment.
    func seed(_ client: Client) async throws {
        let customers = (1...30).map { #"{"name":"c\#($0)","age":\#($0)}"# }
        #expect(try await client.post("/api/Customers", "[" + customers.joined(separator: ",") + "]").status == 200)
        var orders: [String] = []
        for k in 1...30 { for step in [0, 100, 200] { orders.append(#"{"description":"o","total":\#(k + step),"customerId":\#(k)}"#) } }
        #expect(try await client.post("/api/Orders", "[" + orders.joined(separator: ",") + "]").status == 200)
        let shipments = (1...90).map { #"{"carrier":"UPS","orderId":\#($0)}"# }
        #expect(try await client.post("/api/Shipments", "[" + shipments.joined(separator: ",") + "]").status == 200)
    }

    @Test("find with a two-level include: one SELECT per level for 30 parents")
    func twoLevels() async throws {
        try await withCountingServer(shopApp()) { client, counter in
            try await seed(client)
            var reply: Reply?
            let selects = try await counter.count {
                reply = try await client.get("/api/Customers", filter: #"{"include":{"orders":"shipments"}}"#)
            }
            #expect(selects == 3)  // customers, orders, shipments
            let rows = reply?.json?.arrayValue ?? []
            #expect(rows.count == 30)
            #expect(rows.allSatisfy { $0["orders"]?.arrayValue?.count == 3 })
            #expect(rows.allSatisfy { $0["orders"]?.arrayValue?.allSatisfy { $0["shipments"]?.arrayValue?.count == 1 } == true })
        }
    }

    @Test("A limit in the include scope is per parent and still one SELECT for all parents")
    func limitPerParent() async throws {
        try await withCountingServer(shopApp()) { client, counter in
            try await seed(client)
            var reply: Reply?
            let selects = try await counter.count {
                reply = try await client.get("/api/Customers", filter: #"{"include":{"relation":"orders","scope":{"order":"total DESC","limit":2}}}"#)
            }
            #expect(selects == 2)
            let totals = reply?.json?.arrayValue?.map { $0["orders"]?.arrayValue?.compactMap { $0["total"]?.numberValue.map { Int($0) } } ?? [] }
            #expect(totals == (1...30).map { [$0 + 200, $0 + 100] })
        }
    }

    @Test("belongsTo and through includes: one SELECT per relation (two for the through rows and targets)")
    func belongsToAndThrough() async throws {
        try await withCountingServer(shopApp()) { client, counter in
            try await seed(client)
            let belongsTo = try await counter.count {
                let reply = try await client.get("/api/Shipments", filter: #"{"include":{"order":"customer"}}"#)
                #expect(reply.json?.arrayValue?.allSatisfy { $0["order"]?["customer"]?["name"] != nil } == true)
            }
            #expect(belongsTo == 3)  // shipments, orders, customers
            let physicians = (1...20).map { #"{"name":"dr \#($0)"}"# }
            #expect(try await client.post("/api/Physicians", "[" + physicians.joined(separator: ",") + "]").status == 200)
            #expect(try await client.post("/api/Patients", #"[{"name":"a"},{"name":"b"}]"#).status == 200)
            let links = (1...20).flatMap { [#"{"physicianId":\#($0),"patientId":1}"#, #"{"physicianId":\#($0),"patientId":2}"#] }
            #expect(try await client.post("/api/Appointments", "[" + links.joined(separator: ",") + "]").status == 200)
            let through = try await counter.count {
                let reply = try await client.get("/api/Physicians", filter: #"{"include":"patients"}"#)
                #expect(reply.json?.arrayValue?.allSatisfy { $0["patients"]?.arrayValue?.count == 2 } == true)
            }
            #expect(through == 3)  // physicians, appointments, patients
        }
    }

    @Test("A relation GET with include: the parent, the list, and one SELECT for the included relation")
    func relationGet() async throws {
        try await withCountingServer(shopApp()) { client, counter in
            try await seed(client)
            let selects = try await counter.count {
                let reply = try await client.get("/api/Customers/1/orders", filter: #"{"include":["shipments","customer"]}"#)
                #expect(reply.json?.arrayValue?.count == 3)
            }
            #expect(selects <= 4)  // customer 1, its orders, shipments, customers
        }
    }
}
