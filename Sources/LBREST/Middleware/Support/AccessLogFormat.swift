import Foundation
public import HTTPTypes
public import Hummingbird

/// A morgan format: a named format (`combined`, `common`, `dev`, `short`, `tiny`) or a string of
/// `:token` and `:token[argument]` pieces, rendered for one request and its response.
struct AccessLogFormat: Sendable {
    enum Piece: Sendable, Equatable {
        case text(String)
        case token(String, String?)
    }

    static let named: [String: String] = [
        "combined": #":remote-addr - :remote-user [:date[clf]] ":method :url HTTP/:http-version" :status :res[content-length] ":referrer" ":user-agent""#,
        "common": #":remote-addr - :remote-user [:date[clf]] ":method :url HTTP/:http-version" :status :res[content-length]"#,
        "default": #":remote-addr - :remote-user [:date] ":method :url HTTP/:http-version" :status :res[content-length] ":referrer" ":user-agent""#,
        "short": ":remote-addr :remote-user :method :url HTTP/:http-version :status :res[content-length] - :response-time ms",
        "tiny": ":method :url :status :res[content-length] - :response-time ms",
        "dev": ":method :url :status :response-time ms - :res[content-length]",
    ]

    static let tokens: Set<String> = [
        "method", "url", "status", "response-time", "total-time", "date", "referrer", "remote-addr", "remote-user", "http-version",
        "user-agent", "req", "res",
    ]

    let pieces: [Piece]
    /// morgan's `dev` format: colours the status by class, with ANSI escapes.
    let isDev: Bool

    /// Parses `format`; returns the unknown token name when there is one.
    init(_ format: String) throws(UnknownToken) {
        isDev = format == "dev"
        let text = Self.named[format] ?? format
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let after = text.index(after: index)
            guard character == ":", after < text.endIndex, text[after].isLetter else {
                literal.append(character)
                index = after
                continue
            }
            var end = after
            while end < text.endIndex, text[end].isLetter || text[end].isNumber || text[end] == "-" || text[end] == "_" { end = text.index(after: end) }
            let name = String(text[after..<end])
            var argument: String?
            if end < text.endIndex, text[end] == "[", let close = text[end...].firstIndex(of: "]") {
                argument = String(text[text.index(after: end)..<close])
                end = text.index(after: close)
            }
            guard Self.tokens.contains(name) else { throw UnknownToken(name: name) }
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
            pieces.append(.token(name, argument))
            index = end
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        self.pieces = pieces
    }

    struct UnknownToken: Error {
        let name: String
    }

    /// One log line. `response` is `nil` for `immediate` lines; `elapsed` is in seconds.
    func line(request: Request, response: Response?, client: String?, started: Date, elapsed: Double) -> String {
        var line = isDev ? "\u{1B}[0m" : ""
        for piece in pieces {
            switch piece {
            case .text(let text): line += text
            case .token(let name, let argument):
                var value = self.value(name, argument, request: request, response: response, client: client, started: started, elapsed: elapsed)
                if isDev, name == "status", let code = response?.status.code {
                    let color = code >= 500 ? 31 : code >= 400 ? 33 : code >= 300 ? 36 : code >= 200 ? 32 : 0
                    value = "\u{1B}[\(color)m\(value)\u{1B}[0m"
                }
                line += value
            }
        }
        return isDev ? line + "\u{1B}[0m" : line
    }

    func value(
        _ name: String, _ argument: String?, request: Request, response: Response?, client: String?, started: Date, elapsed: Double
    ) -> String {
        switch name {
        case "method": return request.method.rawValue
        case "url": return request.uri.description
        case "status": return response.map { String($0.status.code) } ?? "-"
        case "response-time", "total-time":
            guard response != nil else { return "-" }
            return String(format: "%.\(argument.flatMap(Int.init) ?? 3)f", elapsed * 1000)
        case "date": return Self.date(started, argument ?? "web")
        case "referrer": return header(request.headers, "Referer") ?? header(request.headers, "Referrer") ?? "-"
        case "remote-addr": return header(request.headers, "X-Forwarded-For").flatMap { $0.split(separator: ",").first.map(String.init) } ?? client ?? "-"
        case "remote-user": return Self.basicUser(request.headers[.authorization]) ?? "-"
        case "http-version": return "1.1"
        case "user-agent": return request.headers[.userAgent] ?? "-"
        case "req": return argument.flatMap { header(request.headers, $0) } ?? "-"
        case "res":
            guard let response, let argument else { return "-" }
            if argument.lowercased() == "content-length", let length = response.body.contentLength { return String(length) }
            return header(response.headers, argument) ?? "-"
        default: return "-"
        }
    }

    func header(_ fields: HTTPFields, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { fields[$0] }
    }

    /// The user name of `Authorization: Basic …`.
    static func basicUser(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return String(text[..<colon])
    }

    /// `:date[clf]` (`10/Oct/2000:13:55:36 +0000`), `:date[iso]`, or `:date[web]` (an HTTP date).
    static func date(_ date: Date, _ format: String) -> String {
        switch format {
        case "iso": return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        case "clf":
            let web = HTTPDate.format(date).split(separator: " ")
            guard web.count == 6 else { return HTTPDate.format(date) }
            return "\(web[1])/\(web[2])/\(web[3]):\(web[4]) +0000"
        default: return HTTPDate.format(date)
        }
    }
}
