import Foundation
public import LBCore

/// The options of `loopback-component-explorer` the component itself uses (boot-and-config.md §10.2);
/// the document options (`basePath`, `apiInfo`, `version`, `host`, `protocol`) go to `DocumentSettings`.
public struct ExplorerOptions: Sendable {
    /// Where the page and the documents are served, without a trailing `/` (`/explorer`).
    public var mountPath: String
    /// Path of the Swagger 2.0 document below `mountPath` (`swagger.json`).
    public var resourcePath: String
    /// `false` serves only the documents, no page.
    public var swaggerUI: Bool
    /// Folders whose files override the page's, absolute.
    public var uiDirs: [String]
    /// Where the page sends the access token: `in` (`header` or `query`) and `name`.
    public var auth: (in: String, name: String)

    /// Reads `options`, resolving relative `uiDirs` against `appDirectory`.
    public init(_ options: JSONValue, appDirectory: String) {
        var mount = options["mountPath"]?.stringValue ?? "/explorer"
        if !mount.hasPrefix("/") { mount = "/" + mount }
        while mount.count > 1, mount.hasSuffix("/") { mount.removeLast() }
        mountPath = mount
        var resource = options["resourcePath"]?.stringValue ?? "swagger.json"
        while resource.hasPrefix("/") { resource.removeFirst() }
        resourcePath = resource.isEmpty ? "swagger.json" : resource
        swaggerUI = options["swaggerUI"]?.boolValue ?? true
        let dirs = options["uiDirs"].map { $0.arrayValue ?? [$0] } ?? []
        uiDirs = dirs.compactMap(\.stringValue).map { dir in
            dir.hasPrefix("/") ? dir : URL(fileURLWithPath: appDirectory).appendingPathComponent(dir).standardizedFileURL.path
        }
        let place = options["auth"]?["in"]?.stringValue == "query" ? "query" : "header"
        auth = (place, options["auth"]?["name"]?.stringValue ?? (place == "query" ? "access_token" : "Authorization"))
    }
}
