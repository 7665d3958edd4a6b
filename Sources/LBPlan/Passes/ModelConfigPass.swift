import LBConfig
import LBCore

/// Reads the model-config entries: which models the app has, their datasource, and exposure.
enum ModelConfigPass {
    static func run(_ c: inout Compilation) {
        guard let entries = c.modelConfigNode?.object else { return }
        let dataSourceNames = c.dataSources.map(\.name)
        for (name, node) in entries where name != "_meta" {
            guard node.isObject else { continue }  // the schema check reported it
            for legacy in ["properties", "base", "plural"] {
                if let value = node[legacy] ?? node["options"]?[legacy] {
                    c.diagnostics.error(
                        "model-config.legacy-format", "model-config entry '\(name)' has '\(legacy)': this is the unsupported LoopBack 1.x format",
                        at: value.nameLocation, hint: "move the model definition into a file in common/models")
                }
            }
            guard c.definitions[name] != nil || BuiltinModels.sources[name] != nil else {
                // A definition file that failed to parse has already been reported.
                if c.unreadableModels.contains(Naming.upperCamel(name)) { continue }
                let known = Array(c.definitions.keys) + Array(BuiltinModels.sources.keys)
                c.diagnostics.error(
                    "model-config.unknown-model", "cannot configure unknown model '\(name)'", at: node.nameLocation,
                    hint: Suggestion.hint(for: name, in: known) ?? "no file in the model sources defines it, and it is not a built-in model")
                continue
            }
            var entry = ModelConfigEntry(name: name, node: node, dataSource: nil, isPublic: node["public"]?.bool ?? true)
            switch node["dataSource"] {
            case nil:
                c.diagnostics.error(
                    "model-config.missing-datasource",
                    "model '\(name)' has no 'dataSource'; LoopBack 3 exposed such models with endpoints that always fail",
                    at: node.location, hint: "set \"dataSource\" to a datasource name, or to null to keep the model unattached")
            case let reference? where reference.string != nil:
                let wanted = reference.string!
                if let match = resolveDataSource(wanted, among: dataSourceNames) {
                    entry.dataSource = match
                } else if !c.unreadableArtifacts.contains("datasources") {
                    c.diagnostics.error(
                        "model-config.unknown-datasource", "model '\(name)' refers to datasource '\(wanted)', which does not exist",
                        at: reference.location,
                        hint: Suggestion.hint(for: wanted, in: dataSourceNames)
                            ?? (dataSourceNames.isEmpty ? "no datasources are defined" : "defined datasources: \(dataSourceNames.joined(separator: ", "))"))
                }
            default:
                break  // null or false: deliberately not attached
            }
            if let options = node["options"]?.object {
                for key in ["base", "super", "relations", "acls", "dataSource"] where options[key] != nil {
                    c.diagnostics.warning(
                        "model-config.option-ignored", "'options.\(key)' cannot be reconfigured from model-config and is ignored",
                        at: options[key]!.nameLocation,
                        hint: key == "relations" || key == "acls" ? "put '\(key)' directly in the model-config entry" : nil)
                }
            }
            c.modelEntries.append(entry)
        }
    }

    /// LoopBack also finds datasources by the upper- and lower-camel forms of their names.
    static func resolveDataSource(_ name: String, among names: [String]) -> String? {
        if names.contains(name) { return name }
        return names.first { Naming.upperCamel($0) == name || Naming.lowerFirst(Naming.upperCamel($0)) == name }
    }
}
