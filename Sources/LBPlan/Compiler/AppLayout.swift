import Foundation
import LBConfig
public import LBCore

/// Where an app's files are: the app directory as the user named it, and its config folder.
///
/// LoopBack 3's app root is the `server/` folder; lbrun accepts the project folder that holds
/// `server/`, or a flat folder that holds `config.json` and friends itself.
public struct AppLayout: Sendable {
    /// The directory as given on the command line; diagnostics paths are relative to it.
    public let directory: String
    /// `server`, or `""` for a flat layout.
    public let serverDirectory: String

    /// The artifact stems that identify a config folder.
    static let stems = ["config", "datasources", "model-config", "middleware", "component-config"]

    /// Finds the config folder of `directory`, or records why there is none.
    public static func locate(_ directory: String, diagnostics: inout Diagnostics) -> AppLayout? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.error(
                "app.not-found", "'\(directory)' is not a directory", at: nil,
                hint: "pass the folder that contains server/config.json")
            return nil
        }
        for candidate in ["server", ""] where holdsConfig(AppPath.join(directory, candidate)) {
            return AppLayout(directory: directory, serverDirectory: candidate)
        }
        diagnostics.error(
            "app.not-found", "no LoopBack app in '\(directory)': found neither server/config.json nor config.json (or their .yaml forms)",
            at: nil, hint: "pass the folder that contains server/, or the server folder itself")
        return nil
    }

    static func holdsConfig(_ folder: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return names.contains { name in
            stems.contains { stem in ConfigFileReader.Format.allCases.contains { name == "\(stem).\($0.rawValue)" } }
        }
    }

    /// The on-disk path of an app-relative path.
    public func absolute(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : AppPath.join(directory, relative)
    }

    /// An app-relative path for `path` written in a file of the config folder (`../common/models`).
    public func resolve(fromServer path: String) -> String {
        path.hasPrefix("/") ? path : AppPath.normalize(AppPath.join(serverDirectory, path))
    }

    /// The names in an app-relative folder, sorted; empty when it does not exist.
    public func listing(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: absolute(folder).isEmpty ? "." : absolute(folder))) ?? []).sorted()
    }

    public func isDirectory(_ relative: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolute(relative), isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func isFile(_ relative: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolute(relative), isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
