import LBConfig
import LBCore

/// Finds model definition files in `_meta.sources` and mixin files in `_meta.mixins`.
///
/// Differences from LoopBack 3, all in the user's favour: two files defining one model name are
/// an error naming both (LoopBack silently kept the last), an explicitly listed source folder
/// that does not exist gets a warning, and JavaScript files next to definitions are reported as
/// not run.
enum ModelSourcesPass {
    /// Source folders the scaffolder writes, whose absence is normal.
    static let scaffoldSources: Set<String> = ["./models", "../common/models"]

    static func run(_ c: inout Compilation) {
        let meta = c.modelConfigNode?["_meta"]
        let sources = meta?["sources"]?.array ?? [ConfigNode(.string("./models"), at: .start(of: c.layout.resolve(fromServer: "model-config.json")))]
        for source in sources {
            guard let path = source.string else { continue }
            if path.hasPrefix("loopback/") { continue }  // LoopBack's own models: lbrun's built-ins
            let folder = c.layout.resolve(fromServer: path)
            guard c.layout.isDirectory(folder) else {
                if !scaffoldSources.contains(path) {
                    c.diagnostics.warning(
                        "model.source-missing", "model source folder '\(path)' does not exist (looked for '\(folder)')",
                        at: source.location, hint: "remove it from _meta.sources, or create the folder")
                }
                continue
            }
            readDefinitions(in: folder, &c)
        }
        let mixinDirs = meta?["mixins"]?.array?.compactMap(\.string) ?? ["./mixins"]
        for path in mixinDirs where !path.hasPrefix("loopback/") {
            let folder = c.layout.resolve(fromServer: path)
            guard c.layout.isDirectory(folder) else { continue }
            c.mixinDirectories.append(folder)
            readMixins(in: folder, &c)
        }
    }

    private static func readDefinitions(in folder: String, _ c: inout Compilation) {
        let names = c.layout.listing(folder).filter { !$0.hasPrefix("_") }
        for path in dataFiles(names, in: folder, &c) {
            guard let raw = readObject(path, code: "model.not-an-object", what: "a model definition", &c) else {
                c.unreadableModels.insert(Naming.upperCamel(AppPath.stem(of: path)))
                continue
            }
            var node = c.validator.validate(raw, against: "model.schema.json", diagnostics: &c.diagnostics)
            let name = node["name"]?.string ?? Naming.upperCamel(AppPath.stem(of: path))
            if node["name"] == nil {
                node = node.setting("name", to: ConfigNode(.string(name), at: node.location))
            }
            if let existing = c.definitions[name] {
                c.diagnostics.error(
                    "model.duplicate-name", "model '\(name)' is defined twice", at: node["name"]?.location ?? node.location,
                    hint: "rename one of the models or remove one file; LoopBack 3 silently kept whichever it read last",
                    notes: [.init("also defined here", at: existing.node["name"]?.location ?? existing.node.location)])
                continue
            }
            if BuiltinModels.sources[name] != nil {
                c.diagnostics.warning(
                    "model.replaces-builtin", "'\(path)' replaces lbrun's built-in model '\(name)'",
                    at: node["name"]?.location ?? node.location,
                    hint: "to extend it instead, give your model another name and \"base\": \"\(name)\"")
            }
            c.definitions[name] = ModelSource(name: name, node: node, file: path, isBuiltin: false)
        }
        for name in names where name.hasSuffix(".js") {
            let path = AppPath.join(folder, name)
            c.ignoredFiles.append(path)
            c.diagnostics.warning(
                "file.script-ignored", "'\(path)' is JavaScript model code, which lbrun does not run; remote methods and hooks it defines are not served",
                at: .start(of: path), hint: "declare what you need in the model definition (mixins, relations, scopes) instead")
        }
    }

    private static func readMixins(in folder: String, _ c: inout Compilation) {
        let names = c.layout.listing(folder).filter { !$0.hasPrefix("_") }
        let scripts = Set(names.filter { $0.hasSuffix(".js") && $0 != "index.js" }.map { AppPath.stem(of: $0) })
        for stem in scripts.sorted() {
            let path = AppPath.join(folder, stem + ".js")
            c.scriptMixins[Naming.classify(stem)] = path
            c.ignoredFiles.append(path)
        }
        // A JSON file next to a script mixin is that script's metadata, not a declarative mixin.
        let dataNames = names.filter { !scripts.contains(AppPath.stem(of: $0)) }
        for path in dataFiles(dataNames, in: folder, &c) {
            guard let raw = readObject(path, code: "mixin.not-an-object", what: "a mixin file", &c) else {
                c.unreadableMixins.insert(Naming.classify(AppPath.stem(of: path)))
                continue
            }
            // Placeholders stand for values of any type, so the schema checks the file with defaults filled in.
            _ = c.validator.validate(DeclarativeMixin.withDefaults(raw, diagnostics: &c.diagnostics), against: "mixin.schema.json", diagnostics: &c.diagnostics)
            let node = raw
            let name = node["name"]?.string ?? Naming.classify(AppPath.stem(of: path))
            if let existing = c.mixinSources[name] {
                c.diagnostics.error(
                    "mixin.duplicate-name", "mixin '\(name)' is defined twice", at: node["name"]?.location ?? node.location,
                    notes: [.init("also defined here", at: .start(of: existing.file))])
                continue
            }
            c.mixinSources[name] = MixinSource(name: name, node: node, file: path)
        }
    }

    /// Reads `path`, which must hold an object; `nil` (with a diagnostic) when it cannot be read or is not one.
    private static func readObject(_ path: String, code: String, what: String, _ c: inout Compilation) -> ConfigNode? {
        c.files.append(path)
        guard let node = ConfigFileReader.read(absolutePath: c.layout.absolute(path), displayPath: path, diagnostics: &c.diagnostics)
        else { return nil }
        guard node.isObject else {
            c.diagnostics.error(code, "\(what) must be an object, not \(node.typeName == "array" ? "an" : "a") \(node.typeName)", at: node.location)
            return nil
        }
        return node
    }

    /// The `.json`/`.yaml`/`.yml` files among `names`, reporting a base name present in two formats.
    static func dataFiles(_ names: [String], in folder: String, _ c: inout Compilation) -> [String] {
        var chosen: [String: String] = [:]
        var order: [String] = []
        for name in names {
            guard ConfigFileReader.Format(path: name) != nil else { continue }
            let stem = AppPath.stem(of: name)
            let path = AppPath.join(folder, name)
            if let first = chosen[stem] {
                c.diagnostics.error(
                    "config.duplicate-format", "'\(first)' and '\(path)' are two formats of the same file", at: .start(of: path),
                    hint: "keep one of them; lbrun reads '\(first)' only", notes: [.init("the file lbrun reads", at: .start(of: first))])
                continue
            }
            chosen[stem] = path
            order.append(path)
        }
        return order
    }
}
