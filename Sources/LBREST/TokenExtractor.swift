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
    /// Parameter, header and cookie names in search order (the options' names, then the defaults
    /// unless `searchDefaultTokenKeys: false`).
    let params: [String]
    let headers: [HTTPField.Name]
    let cookies: [String]

    init(options: JSONValue?) {
        let names = { (key: String) in options?[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let defaults = options?["searchDefaultTokenKeys"] != .bool(false)
        params = names("params") + (defaults ? ["access_token"] : [])
        headers = (names("headers") + (defaults ? ["X-Access-Token", "Authorization"] : [])).compactMap { HTTPField.Name($0) }
        cookies = names("cookies") + (defaults ? ["access_token", "authorization"] : [])
    }

    /// The candidate ids, best first (a Bearer value gives two: raw, then decoded).
    func candidates(_ request: Request, query: [String: JSONValue], body: JSONValue?) -> [String] {
        for name in params {
            if case .string(let id)? = body?[name], !id.isEmpty { return [id] }
            if case .string(let id)? = query[name], !id.isEmpty { return [id] }
        }
        for field in headers {
            guard let value = request.headers[field], !value.isEmpty else { continue }
            return Self.decodeHeader(value)
        }
        if let cookie = request.headers[.cookie] {
            let jar = Self.parseCookies(cookie)
            for name in cookies {
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
