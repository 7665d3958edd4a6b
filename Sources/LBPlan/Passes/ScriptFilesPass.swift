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
        case "root.js": return "the scaffolded root.js only mounts the status reply on /"
        case "authentication.js": return "the scaffolded authentication.js only calls app.enableAuth()"
        default: return "whatever it sets up must be expressed in config files to take effect"
        }
    }
}
