import ArgumentParser
import Foundation
import LBCore
import LBPlan
import LBREST

/// `lbrun routes ./app`: every REST route the app serves, and who may call it.
struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "List the app's REST routes: verb, full path, model, method, and who may call it under the static ACLs.",
        discussion: """
            Access is decided by the models' static ACLs for anonymous callers, authenticated users, \
            the owner of an instance and each role the ACLs name. When auth is off, everyone may call \
            every route; rows of the ACL model in the database can change the answer when serving.
            """)

    /// Output formats of the route list.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @OptionGroup var app: AppOptions

    @Option(name: .long, help: "Output format: text (a table) or json.")
    var format: Format = .text

    func run() async throws {
        let plan = try app.plan()
        let auth = RouteAccess.authEnabled(plan)
        let root = plan.config.restApiRoot == "/" ? "" : plan.config.restApiRoot
        var rows: [[String]] = []
        for entry in RouteTable(plan: plan).models {
            for route in entry.routes {
                let path = root + entry.model.httpPath + (route.segments.isEmpty ? "" : route.path)
                let access = auth ? try await RouteAccess.callers(route, of: entry.model) : "everyone"
                rows.append([route.verb.uppercased(), path, entry.model.name, route.method, access])
            }
        }
        let dynamicACLs = auth && plan.model(named: "ACL")?.dataSource != nil
        switch format {
        case .json:
            let routes: [JSONValue] = rows.map { row in
                ["verb": .string(row[0]), "path": .string(row[1]), "model": .string(row[2]), "method": .string(row[3]), "access": .string(row[4])]
            }
            let document: JSONValue = ["auth": .bool(auth), "dynamicACLs": .bool(dynamicACLs), "routes": .array(routes)]
            FileHandleOutput.standardOutput(document.prettyText + "\n")
        case .text:
            FileHandleOutput.standardOutput(Self.table([["VERB", "PATH", "MODEL", "METHOD", "ACCESS"]] + rows))
            if !auth {
                FileHandleOutput.standardOutput("\nAuth is off: everyone may call every route.\n")
            } else if dynamicACLs {
                FileHandleOutput.standardOutput("\nAccess from the static ACLs; rows of the ACL model in the database may change it.\n")
            }
        }
    }

    /// Rows as left-aligned columns separated by two spaces.
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
