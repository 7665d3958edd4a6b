import Foundation
import LBCore
@testable import LBConfig

/// `file:line:col` of a location, the form diagnostics are compared in (nil stays "nil").
func at(_ location: SourceLocation?) -> String {
    location.map(\.description) ?? "nil"
}

/// Parses `json` with the JSON reader; returns the node (nil after a syntax error) and the diagnostics.
func readJSON(_ json: String, file: String = "test.json") -> (node: ConfigNode?, diagnostics: Diagnostics) {
    var diagnostics = Diagnostics()
    let node = JSONConfigReader.read(Array(json.utf8), file: file, diagnostics: &diagnostics)
    return (node, diagnostics)
}

/// Parses `yaml` with the YAML reader; returns the node (nil after an error) and the diagnostics.
func readYAML(_ yaml: String, file: String = "test.yaml") -> (node: ConfigNode?, diagnostics: Diagnostics) {
    var diagnostics = Diagnostics()
    let node = YAMLConfigReader.read(yaml, file: file, diagnostics: &diagnostics)
    return (node, diagnostics)
}

/// A node tree from a small JSON document that must be valid (test input, not the thing under test).
func parse(_ json: String, file: String) -> ConfigNode {
    var diagnostics = Diagnostics()
    guard let node = JSONConfigReader.read(Array(json.utf8), file: file, diagnostics: &diagnostics), diagnostics.isEmpty else {
        preconditionFailure("test input \(file) is not valid JSON: \(diagnostics.all.map(\.message))")
    }
    return node
}

/// Walks `path` (object keys, or array indexes written as numbers) down from `node`.
func member(_ node: ConfigNode?, _ path: Any...) -> ConfigNode? {
    var current = node
    for step in path {
        if let index = step as? Int {
            guard let items = current?.array, items.indices.contains(index) else { return nil }
            current = items[index]
        } else if let key = step as? String {
            current = current?[key]
        } else {
            return nil
        }
    }
    return current
}

/// A temporary directory removed when the value goes out of scope.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "lbconfig-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `relative` (creating folders), returning the absolute path.
    @discardableResult
    func write(_ relative: String, _ contents: String) throws -> String {
        try write(relative, bytes: Array(contents.utf8))
    }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        let folder = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return full
    }
}
