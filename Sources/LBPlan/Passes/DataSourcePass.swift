import LBConfig
import LBCore
import OrderedCollections

/// Resolves each datasource's connector through the module catalog.
enum DataSourcePass {
    static func run(_ c: inout Compilation) {
        guard let entries = c.dataSourcesNode?.object else { return }
        for (name, node) in entries {
            guard node.isObject else { continue }  // the schema check reported it
            let connectorNode = node["connector"] ?? node["adapter"]
            // LoopBack uses the datasource's own name when `connector` is missing.
            let connectorName = connectorNode?.string ?? name
            if let defaultForType = node["defaultForType"] {
                c.diagnostics.error(
                    "datasource.removed-option", "option 'defaultForType' is no longer supported", at: defaultForType.nameLocation,
                    hint: "attach models to this datasource in model-config instead")
            }
            if let declared = node["name"]?.string, declared != name {
                c.diagnostics.warning(
                    "datasource.name-mismatch", "datasource '\(name)' says its name is '\(declared)'; lbrun uses '\(name)'",
                    at: node["name"]!.location, hint: "make them the same, or remove 'name'")
            }
            let module = c.options.catalog.resolve(connectorName, as: .connector)
            if module == nil {
                report(unknown: connectorName, datasource: name, at: connectorNode?.location ?? node.nameLocation, &c)
            }
            var settings = node.json.objectValue ?? [:]
            settings.removeValue(forKey: "connector")
            settings.removeValue(forKey: "adapter")
            c.dataSources.append(DataSourcePlan(
                name: name, connector: module?.id, connectorName: connectorName, settings: .object(settings),
                origin: node.nameLocation))
        }
    }

    private static func report(unknown connector: String, datasource: String, at location: SourceLocation, _ c: inout Compilation) {
        let short = KnownLoopBackModules.shortConnectorName(connector)
        if KnownLoopBackModules.foreignConnectors.contains(short.lowercased()) {
            c.diagnostics.warning(
                "datasource.unsupported-connector",
                "connector '\(connector)' of datasource '\(datasource)' is a LoopBack 3 connector that lbrun does not ship; serving will fail unless the datasource is re-pointed",
                at: location, hint: "serve with --datasource \(datasource)=memory or --datasource \(datasource)=sqlite:./\(datasource).db")
            return
        }
        let names = c.options.catalog.names(of: .connector)
        c.diagnostics.error(
            "datasource.unknown-connector", "unknown connector '\(connector)' in datasource '\(datasource)'", at: location,
            hint: Suggestion.hint(for: connector, in: names) ?? "lbrun ships: \(c.options.catalog.modules.filter { $0.id.kind == .connector }.map(\.id.name).joined(separator: ", "))")
    }
}
