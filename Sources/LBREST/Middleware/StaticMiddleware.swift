import Foundation
public import HTTPTypes
public import Hummingbird
public import LBCore
public import LBPlan
public import LBRuntime
import NIOFileSystem

/// `loopback#static` and `serve-static`: files below a root folder, with serve-static's options
/// (`index`, `dotfiles`, `etag`, `lastModified`, `maxAge`, `immutable`, `redirect`, `fallsThrough`,
/// `extensions`, `acceptRanges`, `cacheControl`).
///
/// A path that climbs out of the root (`..`, also percent-encoded) is refused as `send` refuses it:
/// 403, or passed on to the next middleware when `fallsThrough` is on (the default), so it ends as
/// a 404. Unlike serve-static, a path with a NUL byte or a broken percent escape is a 400 in either
/// case: it cannot name a file.
public struct StaticMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "static"), aliases: ["loopback#static", "serve-static"], summary: "Static files from a folder.",
        checkSettings: SettingsProblem.check(Options.init))

    enum DotFiles: String {
        case allow, deny, ignore
    }

    struct Options {
        var root: String
        var index = ["index.html"]
        /// `nil`: only a final dot segment is ignored (send's default).
        var dotfiles: DotFiles?
        var redirect = true
        var fallsThrough = true
        var extensions: [String] = []
        var sender = FileSender()

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let arguments = MiddlewareArguments(params)
            guard let root = arguments[0]?.stringValue, !root.isEmpty else {
                throw SettingsProblem("the root folder is missing", hint: "write \"params\": \"$!../client\" or [\"$!../client\", {options}]")
            }
            self.root = root
            let options = try arguments.options(at: 1)
            switch options["index"] {
            case nil: break
            case .bool(false)?: index = []
            case .string(let name)?: index = [name]
            case .array(let names)? where names.allSatisfy({ $0.stringValue != nil }): index = names.compactMap(\.stringValue)
            case let other?: throw SettingsProblem("'index' must be a file name, a list of names or false, not \(other.jsonText)")
            }
            if let value = try options.string("dotfiles") {
                guard let parsed = DotFiles(rawValue: value) else { throw SettingsProblem("'dotfiles' must be allow, deny or ignore, not '\(value)'") }
                dotfiles = parsed
            }
            redirect = try options.bool("redirect", default: true)
            fallsThrough = try options.bool("fallthrough", default: true)
            switch options["extensions"] {
            case nil, .bool(false)?: break
            case .array(let names)? where names.allSatisfy({ $0.stringValue != nil }): extensions = names.compactMap(\.stringValue)
            case .string(let name)?: extensions = [name]
            case let other?: throw SettingsProblem("'extensions' must be a list of extensions or false, not \(other.jsonText)")
            }
            sender.etag = try options.bool("etag", default: true)
            sender.lastModified = try options.bool("lastModified", default: true)
            sender.acceptRanges = try options.bool("acceptRanges", default: true)
            sender.immutable = try options.bool("immutable", default: false)
            let maxAge = try options.milliseconds("maxAge", default: 0)
            sender.maxAge = try options.bool("cacheControl", default: true) ? min(maxAge, 31_536_000_000) : nil
        }
    }

    /// Why a path is not served.
    enum Refusal: Error {
        case notFound, forbidden, badRequest, directory
    }

    let options: Options
    let root: String

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
        root = context.filePath(options.root)
    }

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            if options.fallsThrough { return try await next(request) }
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD", .contentLength: "0"])
        }
        // `/docs` mounted at `/docs` is the directory itself, which redirects to `/docs/`.
        let requestPath = request.uri.path
        let below = path == "/" && !requestPath.hasSuffix("/") ? "" : path
        do {
            let file = try await locate(below)
            return options.sender.response(for: request, path: file.path, size: file.size, modified: file.modified)
        } catch .directory where options.redirect {
            let location = requestPath + "/" + (request.uri.query.map { "?" + $0 } ?? "")
            let body = "Redirecting to \(location)\n"
            return Response(
                status: .movedPermanently,
                headers: [.location: location, .contentType: "text/html; charset=UTF-8", .contentLength: String(body.utf8.count)],
                body: .init(byteBuffer: .init(string: body)))
        } catch let refusal {
            if options.fallsThrough { return try await next(request) }
            switch refusal {
            case .forbidden: throw LoopBackError(statusCode: 403, name: "ForbiddenError", message: "Forbidden")
            case .badRequest: throw LoopBackError(statusCode: 400, name: "BadRequestError", message: "Bad Request")
            default: throw LoopBackError(statusCode: 404, name: "NotFoundError", message: "Not Found")
            }
        }
    }

    /// The file a request path names: decoded, kept inside the root, dot files per `dotfiles`,
    /// index files for directories, and `extensions` tried for missing files.
    func locate(_ path: String) async throws(Refusal) -> (path: String, size: Int64, modified: Date) {
        guard let decoded = PathDecoding.decode(path) else { throw .badRequest }
        guard let segments = PathDecoding.safeSegments(decoded) else { throw .forbidden }
        if segments.contains(where: { $0.hasPrefix(".") }) {
            switch options.dotfiles {
            case .allow?: break
            case .deny?: throw .forbidden
            case .ignore?: throw .notFound
            case nil: if segments.last?.hasPrefix(".") == true { throw .notFound }
            }
        }
        let target = ([root] + segments).joined(separator: "/")
        if decoded.hasSuffix("/") || decoded.isEmpty && path.hasSuffix("/") {
            for name in options.index {
                if let file = await regularFile(target + "/" + name) { return file }
            }
            throw .notFound
        }
        if let info = await Self.info(target) {
            if info.type == .directory { throw .directory }
            if info.type == .regular { return (target, info.size, Self.date(info)) }
            throw .notFound
        }
        if (target as NSString).pathExtension.isEmpty {
            for ext in options.extensions {
                if let file = await regularFile(target + "." + ext) { return file }
            }
        }
        throw .notFound
    }

    func regularFile(_ path: String) async -> (path: String, size: Int64, modified: Date)? {
        guard let info = await Self.info(path), info.type == .regular else { return nil }
        return (path, info.size, Self.date(info))
    }

    static func info(_ path: String) async -> FileInfo? {
        try? await FileSystem.shared.info(forFileAt: FilePath(path), infoAboutSymbolicLink: false)
    }

    static func date(_ info: FileInfo) -> Date {
        let time = info.lastDataModificationTime
        return Date(timeIntervalSince1970: TimeInterval(time.seconds) + TimeInterval(time.nanoseconds) / 1e9)
    }
}
