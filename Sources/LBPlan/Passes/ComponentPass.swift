import LBConfig
import LBCore

/// Resolves `component-config` entries to components of the catalog; falsy entries are disabled.
enum ComponentPass {
    static func run(_ c: inout Compilation) {
        guard let entries = c.componentsNode?.object else { return }
        for (reference, options) in entries where options.isTruthy {
            if reference.hasPrefix("./") || reference.hasPrefix("../") || reference.hasPrefix("/") {
                c.diagnostics.warning(
                    "component.script", "'\(reference)' is a JavaScript component, which lbrun does not run", at: options.nameLocation)
                continue
            }
            guard let module = c.options.catalog.resolve(reference, as: .component) else {
                if KnownLoopBackModules.foreignComponents.contains(reference) {
                    c.diagnostics.warning(
                        "component.unsupported", "component '\(reference)' is not shipped with lbrun and is skipped", at: options.nameLocation,
                        hint: "set it to false or null to silence this warning")
                } else {
                    c.diagnostics.error(
                        "component.unknown", "unknown component '\(reference)'", at: options.nameLocation,
                        hint: Suggestion.hint(for: reference, in: c.options.catalog.names(of: .component))
                            ?? "lbrun's components: \(c.options.catalog.names(of: .component).joined(separator: ", "))")
                }
                continue
            }
            c.components.append(ComponentPlan(
                reference: reference, module: module.id, options: options.isObject ? options.json : [:], origin: options.nameLocation))
        }
    }
}
