import Foundation
public import Hummingbird
public import LBCore
import LBOpenAPI
public import LBPlan
public import LBREST
import NIOCore

/// `loopback-component-explorer`: the API's OpenAPI 3.1 and Swagger 2.0 documents and an offline
/// explorer page, below `mountPath` (boot-and-config.md §10.2).
///
/// Routes: `GET <mountPath>/openapi.json`, `GET <mountPath>/<resourcePath>` (Swagger 2.0),
/// `GET <mountPath>/config.json` (`{url, openapi, auth}` for the page), `GET <mountPath>` (301 to
/// `<mountPath>/`) and `GET <mountPath>/` (the page, or `index.html` of `uiDirs`); other files
/// come from `uiDirs`. The documents are built once, when the component is created; it reads the
/// app's `package.json` then.
public struct ExplorerComponent: ComponentModule {
    public static let info = ModuleInfo(
        id: ModuleID(.component, "explorer"), aliases: ["loopback-component-explorer"],
        summary: "API explorer page with OpenAPI and Swagger documents.")

    public let options: ExplorerOptions
    let openAPI: [UInt8]
    let swagger: [UInt8]
    let config: [UInt8]

    public var paths: [String] { [options.mountPath] }

    public init(plan: ComponentPlan, context: MiddlewareContext) throws {
        let directory = context.app.appDirectory
        options = ExplorerOptions(plan.options, appDirectory: directory)
        let settings = DocumentSettings(plan: context.app.plan, options: plan.options, package: PackageManifest.read(appDirectory: directory))
        let documents = APIDocuments(plan: context.app.plan, settings: settings)
        openAPI = documents.openAPI.jsonBytes
        swagger = documents.swagger.jsonBytes
        config = JSONValue.object([
            "url": .string(options.resourcePath), "openapi": "openapi.json",
            "auth": ["in": .string(options.auth.in), "name": .string(options.auth.name)],
        ]).jsonBytes
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request) }
        switch path {
        case "/openapi.json": return Self.reply(openAPI, type: "application/json; charset=utf-8")
        case "/" + options.resourcePath: return Self.reply(swagger, type: "application/json; charset=utf-8")
        case "/config.json": return Self.reply(config, type: "application/json; charset=utf-8")
        default: break
        }
        guard options.swaggerUI else { return try await next(request) }
        if path == "/" {
            guard request.uri.path.hasSuffix("/") else {
                let query = request.uri.query.map { "?" + $0 } ?? ""
                return Response(status: .movedPermanently, headers: [.location: request.uri.path + "/" + query])
            }
            if let page = file("index.html") { return Self.reply(page, type: "text/html; charset=utf-8") }
            return Self.reply(Array(ExplorerPage.html.utf8), type: "text/html; charset=utf-8")
        }
        if let bytes = file(String(path.dropFirst())) { return Self.reply(bytes, type: Self.contentType(of: path)) }
        return try await next(request)
    }

    /// The file at `relative` in the first of `uiDirs` that has it; never outside those folders.
    func file(_ relative: String) -> [UInt8]? {
        let parts = relative.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        for dir in options.uiDirs {
            let path = dir + "/" + parts.joined(separator: "/")
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            return Array(data)
        }
        return nil
    }

    static func reply(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The media type of a UI file, by extension.
    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "application/javascript; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}
