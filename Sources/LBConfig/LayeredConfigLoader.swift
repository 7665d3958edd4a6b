public import LBCore
import Foundation

/// Finds and merges the layers of one config artifact: `S.*`, then `S.local.*`, then `S.<env>.*`.
///
/// At each layer exactly one of `S.json`, `S.yaml`, `S.yml` may exist (two is an error naming
/// both); a `.js` layer cannot run and is reported. Unlike LoopBack 3, overlays still apply when
/// the master file is missing (they merge over an empty object) and a warning says so.
public struct LayeredConfigLoader {
    /// How overlays of this artifact merge: loopback-boot's generic rules or the middleware rules.
    public enum MergeRules: Sendable {
        case generic
        case middleware
    }

    /// The merged artifact, if any layer exists, and the files it came from (master first).
    public struct Result: Sendable {
        public var node: ConfigNode?
        public var files: [String]
        /// True when some layer could not be read; checks that depend on its content should stay quiet.
        public var incomplete: Bool
    }

    /// The app directory that display paths are relative to.
    public let appDirectory: String
    public let environment: String

    public init(appDirectory: String, environment: String) {
        self.appDirectory = appDirectory
        self.environment = environment
    }

    /// Loads artifact `stem` from `directory` (relative to the app directory; `""` for the app directory itself).
    public func load(stem: String, in directory: String, rules: MergeRules, diagnostics: inout Diagnostics) -> Result {
        // With the environment named `local`, `S.local.*` is one layer, not two.
        let layers = environment == "local" ? [stem, "\(stem).local"] : [stem, "\(stem).local", "\(stem).\(environment)"]
        var merged: ConfigNode?
        var files: [String] = []
        var masterMissingReported = false
        var incomplete = false
        for (level, layer) in layers.enumerated() {
            reportScriptLayer(layer, in: directory, diagnostics: &diagnostics)
            guard let path = layerFile(layer, in: directory, diagnostics: &diagnostics) else { continue }
            if level == 0 { masterMissingReported = true }  // the master exists, even if it turns out broken
            guard let node = ConfigFileReader.read(absolutePath: absolute(path), displayPath: path, diagnostics: &diagnostics) else {
                files.append(path)
                incomplete = true
                continue
            }
            files.append(path)
            guard node.isObject else {
                diagnostics.error(
                    "config.not-an-object", "the top level of '\(path)' must be an object, not \(node.typeName == "array" ? "an" : "a") \(node.typeName)",
                    at: node.location, hint: "write the settings as key: value pairs")
                incomplete = true
                continue
            }
            if level > 0, merged == nil, !masterMissingReported {
                masterMissingReported = true
                diagnostics.warning(
                    "config.overlay-without-master",
                    "'\(path)' is an overlay but there is no \(stem).json, \(stem).yaml or \(stem).yml; lbrun applies it over an empty \(stem)",
                    at: .start(of: path), hint: "LoopBack 3 ignores overlays without a master file; add the master file to make the app portable")
            }
            if let base = merged {
                switch rules {
                case .generic: merged = OverlayMerger.merge(base, node, diagnostics: &diagnostics)
                case .middleware: merged = OverlayMerger.mergeMiddleware(base, node, diagnostics: &diagnostics)
                }
            } else {
                merged = node
            }
        }
        return Result(node: merged, files: files, incomplete: incomplete)
    }

    /// The single data file of one layer, reporting two formats of the same layer.
    private func layerFile(_ layer: String, in directory: String, diagnostics: inout Diagnostics) -> String? {
        let candidates = ConfigFileReader.Format.allCases
            .map { AppPath.join(directory, "\(layer).\($0.rawValue)") }
            .filter { isFile(absolute($0)) }
        guard let first = candidates.first else { return nil }
        if candidates.count > 1 {
            diagnostics.error(
                "config.duplicate-format",
                "'\(first)' and '\(candidates[1])' are two formats of the same file",
                at: .start(of: candidates[1]), hint: "keep one of them; lbrun reads '\(first)' only",
                notes: [.init("the file lbrun reads", at: .start(of: first))])
        }
        return first
    }

    private func reportScriptLayer(_ layer: String, in directory: String, diagnostics: inout Diagnostics) {
        let script = AppPath.join(directory, "\(layer).js")
        guard isFile(absolute(script)) else { return }
        diagnostics.warning(
            "file.script-ignored", "'\(script)' is JavaScript, which lbrun does not run; its settings are ignored",
            at: .start(of: script), hint: "write the same settings as \(layer).json or \(layer).yaml")
    }

    func absolute(_ relative: String) -> String { AppPath.join(appDirectory, relative) }

    func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
