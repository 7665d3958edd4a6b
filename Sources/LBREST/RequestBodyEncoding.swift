import LBRuntime

/// The encoding check every JSON and urlencoded request body passes before it is parsed.
///
/// body-parser decodes invalid UTF-8 into U+FFFD replacement characters, so LoopBack 3 stores
/// text the client never sent; lbrun refuses such a body with a 400 and writes nothing.
enum RequestBodyEncoding {
    /// Throws a 400 `BadRequestError` (body-parser's `type`: `encoding.invalid`) unless `bytes`
    /// are well-formed UTF-8.
    static func checkUTF8(_ bytes: some Collection<UInt8>) throws {
        guard String(validating: bytes, as: UTF8.self) == nil else { return }
        var error = LoopBackError(statusCode: 400, name: "BadRequestError", message: "request body is not valid UTF-8")
        error.properties["type"] = "encoding.invalid"
        throw error
    }
}
