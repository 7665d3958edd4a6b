import Foundation
import HTTPTypes
import Hummingbird
import LBCore

/// Finds the access token id a request carries (auth-and-acl.md §2.1), in LoopBack 3's order:
/// the `access_token` parameter (path, body, query), then the `X-Access-Token` and
/// `Authorization` headers, then the `access_token` and `authorization` cookies.
///
/// Differs from LoopBack 3: `Authorization: Bearer <id>` is tried as the raw id first and then
/// base64-decoded (LoopBack only decoded, so RFC 6750 clients failed); cookies are read without a
/// cookie secret (a signed `s:<id>.<signature>` cookie gives its id).
struct TokenExtractor {
    /// Extra names from the `loopback#token` middleware's options, searched before the defaults.
    var params: [String] = []
    var headers: [String] = []
    var cookies: [String] = []
    /// `searchDefaultTokenKeys: false` searches only the extra names.
    var searchDefaults = true

    init(options: JSONValue?) {
        params = options?["params"]?.arrayValue?.compactMap(\.stringValue) ?? []
        headers = options?["headers"]?.arrayValue?.compactMap(\.stringValue) ?? []
        cookies = options?["cookies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        searchDefaults = options?["searchDefaultTokenKeys"] != .bool(false)
    }

    /// The candidate ids, best first (a Bearer value gives two: raw, then decoded).
    func candidates(_ request: Request, query: [String: JSONValue], body: JSONValue?) -> [String] {
        for name in params + (searchDefaults ? ["access_token"] : []) {
            for value in [body?[name], query[name]] {
                if case .string(let id)? = value, !id.isEmpty { return [id] }
            }
        }
        for name in headers + (searchDefaults ? ["X-Access-Token", "Authorization"] : []) {
            guard let field = HTTPField.Name(name), let value = request.headers[field], !value.isEmpty else { continue }
            return Self.decodeHeader(value)
        }
        if let cookie = request.headers[.cookie] {
            let jar = Self.parseCookies(cookie)
            for name in cookies + (searchDefaults ? ["access_token", "authorization"] : []) {
                if let value = jar[name], !value.isEmpty { return [Self.unsign(value)] }
            }
        }
        return []
    }

    /// `Bearer x` → x, then x base64-decoded; `Basic b64(user:pass)` → the longer part; else the value.
    static func decodeHeader(_ value: String) -> [String] {
        if value.hasPrefix("Bearer ") {
            let raw = String(value.dropFirst(7))
            if let data = Data(base64Encoded: raw), let decoded = String(data: data, encoding: .utf8), !decoded.isEmpty, decoded != raw {
                return [raw, decoded]
            }
            return [raw]
        }
        if value.lowercased().hasPrefix("basic ") {
            let encoded = String(value.dropFirst(6))
            guard let data = Data(base64Encoded: encoded), let decoded = String(data: data, encoding: .utf8) else { return [value] }
            let parts = decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return [parts.count == 2 && parts[1].count > parts[0].count ? parts[1] : parts[0]]
        }
        return [value]
    }

    static func parseCookies(_ header: String) -> [String: String] {
        var jar: [String: String] = [:]
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, jar[parts[0]] == nil else { continue }
            jar[parts[0]] = parts[1].removingPercentEncoding ?? parts[1]
        }
        return jar
    }

    /// The value of a cookie-parser signed cookie (`s:<value>.<signature>`), or the value itself.
    static func unsign(_ value: String) -> String {
        guard value.hasPrefix("s:"), let dot = value.lastIndex(of: ".") else { return value }
        return String(value[value.index(value.startIndex, offsetBy: 2)..<dot])
    }
}
