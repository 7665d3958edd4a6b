import LBConfig
import LBCore

/// Reports JavaScript that a LoopBack 3 app would run at boot and lbrun does not: boot scripts.
enum ScriptFilesPass {
    static func run(_ c: inout Compilation) {
        let bootDirectory = AppPath.join(c.serverDirectory, "boot")
        guard c.layout.isDirectory(bootDirectory) else { return }
        var folders = [bootDirectory]
        let environmentFolder = AppPath.join(bootDirectory, c.options.environment)
        if c.layout.isDirectory(environmentFolder) { folders.append(environmentFolder) }
        for folder in folders {
            for name in c.layout.listing(folder) where name.hasSuffix(".js") && !name.hasPrefix("_") {
                let path = AppPath.join(folder, name)
                c.ignoredFiles.append(path)
                c.diagnostics.warning(
                    "file.script-ignored", "boot script '\(path)' is JavaScript, which lbrun does not run", at: .start(of: path),
                    hint: hint(for: name))
            }
        }
    }

    /// What replaces the common scaffolded boot scripts.
    static func hint(for name: String) -> String {
        switch name {
        case "root.js": return "lbrun serves the status reply on / itself"
        case "authentication.js": return "lbrun enables authentication from config; see docs/CONFIG.md"
        default: return "seed data and setup belong in declarative config; see docs/CONFIG.md"
        }
    }
}
