import Foundation
public import LBCore

/// The app's `package.json`, where the document's default title, description and version come from.
public enum PackageManifest {
    /// The parsed `package.json` of the app directory, or `nil` when there is none or it is not JSON.
    public static func read(appDirectory: String) -> JSONValue? {
        let url = URL(fileURLWithPath: appDirectory).appendingPathComponent("package.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }
}
