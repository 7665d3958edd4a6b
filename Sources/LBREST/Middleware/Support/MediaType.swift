/// Media type checks shared by the middleware and the request body reader: compressibility,
/// JSON bodies, body-parser's `type` option, and the content type of files by extension.
enum MediaType {
    /// The media type of a `Content-Type` value, without parameters, lower-cased.
    static func essence(_ contentType: String) -> String {
        String(contentType.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Whether a `Content-Type` has `json` in it (`application/json`, `application/vnd.api+json`),
    /// as the request body reader decides to parse JSON. Compared by bytes: the generic substring
    /// searches cost more than parsing a small body.
    static func mentionsJSON(_ contentType: String) -> Bool {
        let bytes = Array(contentType.utf8)
        let word = Array("json".utf8)
        guard bytes.count >= word.count else { return false }
        return (0...(bytes.count - word.count)).contains { bytes[$0..<$0 + word.count].elementsEqual(word) }
    }

    /// Whether responses of this type are worth compressing (the `compressible` package's rule).
    static func isCompressible(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        if contentType.hasPrefix("application/json") || contentType.hasPrefix("text/") { return true }
        let type = essence(contentType)
        return type.hasPrefix("text/") || type.hasSuffix("+json") || type.hasSuffix("+xml") || [
            "application/json", "application/javascript", "application/x-javascript", "application/xml", "application/ld+json",
            "image/svg+xml", "image/x-icon", "application/x-www-form-urlencoded", "application/graphql", "font/ttf", "font/otf",
            "application/wasm", "application/manifest+json",
        ].contains(type)
    }

    /// Whether `type` matches the pattern of body-parser's `type` option: a full type
    /// (`application/json`), a wildcard (`*/*`, `text/*`, `*/*+json`, `+json`) or an extension (`json`).
    static func matches(_ type: String, pattern raw: String) -> Bool {
        let pattern = raw.lowercased()
        if pattern.hasPrefix("+") { return type.hasSuffix(pattern) }
        guard pattern.contains("/") else { return type == forExtension(pattern) }
        let want = pattern.split(separator: "/", maxSplits: 1).map(String.init)
        let have = type.split(separator: "/", maxSplits: 1).map(String.init)
        guard want.count == 2, have.count == 2 else { return false }
        let typeMatches = want[0] == "*" || want[0] == have[0]
        if want[1].hasPrefix("*+") { return typeMatches && have[1].hasSuffix(want[1].dropFirst()) }
        return typeMatches && (want[1] == "*" || want[1] == have[1])
    }

    /// The `Content-Type` for a file extension (with a UTF-8 charset for text), as `send` picks it.
    static func forFile(extension ext: String) -> String {
        let type = forExtension(ext.lowercased()) ?? "application/octet-stream"
        let textual = type.hasPrefix("text/") || ["application/javascript", "application/json", "image/svg+xml", "application/xml"].contains(type)
        return textual ? type + "; charset=UTF-8" : type
    }

    static func forExtension(_ ext: String) -> String? {
        types[ext]
    }

    static let types: [String: String] = [
        "html": "text/html", "htm": "text/html", "css": "text/css", "js": "application/javascript", "mjs": "application/javascript",
        "json": "application/json", "map": "application/json", "txt": "text/plain", "md": "text/markdown", "csv": "text/csv",
        "xml": "application/xml", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "gif": "image/gif", "webp": "image/webp", "ico": "image/x-icon", "avif": "image/avif", "bmp": "image/bmp",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf", "eot": "application/vnd.ms-fontobject",
        "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip", "tar": "application/x-tar",
        "wasm": "application/wasm", "mp4": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg", "ogg": "audio/ogg",
        "wav": "audio/wav", "webmanifest": "application/manifest+json", "yaml": "text/yaml", "yml": "text/yaml",
        "urlencoded": "application/x-www-form-urlencoded", "text": "text/plain", "bin": "application/octet-stream",
    ]
}
