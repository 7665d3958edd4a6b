import CompressNIO
public import HTTPTypes
public import Hummingbird
public import LBCore
public import LBPlan

/// `compression`: gzip or deflate for compressible responses of at least `threshold` bytes
/// (default 1kb) when the client accepts it, with the `compression` package's rules: `Vary:
/// Accept-Encoding` on compressible responses, gzip preferred, nothing for `HEAD`, already encoded
/// bodies, or `Cache-Control: no-transform`.
public struct CompressionMiddleware: ResponseDecorator {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "compression"), aliases: ["compression"], summary: "gzip/deflate response compression.",
        checkSettings: SettingsProblem.check(Options.init))

    struct Options {
        var threshold = 1024
        var configuration = ZlibConfiguration()

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let options = try MiddlewareArguments(params).options(at: 0)
            threshold = try options.bytes("threshold", default: threshold)
            let level = try options.int("level", default: -1, in: -1...9)
            let memoryLevel = try options.int("memLevel", default: 8, in: 1...9)
            let windowBits = try options.int("windowBits", default: 15, in: 9...15)
            configuration = ZlibConfiguration(windowSize: Int32(windowBits), compressionLevel: Int32(level), memoryLevel: Int32(memoryLevel))
        }
    }

    let options: Options

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
    }

    public func decorate(_ response: inout Response, for request: Request) {
        guard MediaType.isCompressible(response.headers.firstValue(.contentType)),
            !(response.headers.firstValue(.cacheControl)?.lowercased().contains("no-transform") ?? false)
        else { return }
        response.headers.addVary("Accept-Encoding")
        let length = response.body.contentLength ?? response.headers.firstValue(.contentLength).flatMap(Int.init)
        if let length, length < options.threshold { return }
        if let encoding = response.headers.firstValue(.contentEncoding), encoding.lowercased() != "identity" { return }
        guard request.method != .head, let algorithm = Self.negotiate(request.headers[.acceptEncoding]) else { return }
        response.headers[.contentEncoding] = algorithm == .gzip ? "gzip" : "deflate"
        response.headers[.contentLength] = nil
        response.body = response.body.compressed(algorithm, options.configuration)
    }

    /// gzip when the client accepts it, else deflate (zlib format, as HTTP's `deflate` means), else nothing.
    static func negotiate(_ header: String?) -> ZlibAlgorithm? {
        guard let header else { return nil }
        var quality: [String: Double] = [:]
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = pieces.first, !name.isEmpty else { continue }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            quality[name] = q
        }
        func accepts(_ name: String) -> Bool { (quality[name] ?? quality["*"] ?? 0) > 0 }
        if accepts("gzip") { return .gzip }
        if accepts("deflate") { return .zlib }
        return nil
    }
}
