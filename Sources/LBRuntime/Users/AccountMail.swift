import Foundation
public import LBCore
import LBPlan

/// The emails of the account flows, sent through the app's mail connector (the datasource the
/// `Email` model is attached to):
///
/// * verification (`POST /Users/:id/verify`), from the user model's `verifyOptions` as in
///   LoopBack 3 (`from`, `to`, `subject`, `text`, `redirect`, `protocol`, `host`, `port`,
///   `restApiRoot`); the link is `…/Users/confirm?uid=…&redirect=…&token=…`;
/// * password reset (`POST /Users/reset`) — LoopBack 3 only emitted an event, so lbrun sends one
///   when the user model sets `resetPasswordEmail` (`from`, `subject`, `text`, `url`), `{{token}}`,
///   `{{userId}}`, `{{email}}` and `{{url}}` being replaced in `text` and `url`.
public struct AccountMail: Sendable {
    let app: RuntimeApp
    let accounts: UserAccounts

    public init(app: RuntimeApp, accounts: UserAccounts) {
        self.app = app
        self.accounts = accounts
    }

    var settings: JSONValue { accounts.users.model.settings }

    /// Sends the verification email to user `id` with a new verification token.
    public func verify(_ id: JSONValue) async throws {
        guard let user = try await accounts.users.storedRecord(id) else {
            throw LoopBackError.notFound("could not find a model with id \(accounts.users.display(id))", code: "MODEL_NOT_FOUND")
        }
        let mailer = try app.mailConnector()
        let options = settings["verifyOptions"]
        let (token, _) = try await accounts.newVerificationToken(for: id)
        let userId = user[accounts.users.model.idName ?? "id"] ?? id
        let redirect = options?["redirect"]?.stringValue ?? "/"
        let link = baseURL(options) + "\(options?["restApiRoot"]?.stringValue ?? app.plan.config.restApiRoot)"
            + "\(accounts.users.model.httpPath)/confirm?uid=\(Self.encode(ValueCoercion.javaScriptString(userId)))"
            + "&redirect=\(Self.encode(redirect))&token=\(token)"
        let to = options?["to"]?.stringValue ?? user["email"]?.stringValue ?? ""
        let text = options?["text"]?.stringValue.map { $0.replacingOccurrences(of: "{href}", with: link) }
            ?? "Please verify your email by opening this link in a web browser:\n\t\(link)"
        _ = try await mailer.send(MailMessage(
            from: options?["from"]?.stringValue ?? "noreply@example.com", to: [to],
            subject: options?["subject"]?.stringValue ?? "Thanks for Registering", text: text))
    }

    /// Sends the reset email for `token` to `user`, when the model sets `resetPasswordEmail`.
    public func reset(token: Record, user: Record) async throws {
        guard let template = settings["resetPasswordEmail"]?.objectValue else { return }
        let mailer = try app.mailConnector()
        var values: [String: String] = [
            "token": token["id"]?.stringValue ?? "", "userId": token["userId"].map(ValueCoercion.javaScriptString) ?? "",
            "email": user["email"]?.stringValue ?? "",
        ]
        values["url"] = Self.fill(template["url"]?.stringValue ?? "\(baseURL(nil))/reset-password?access_token={{token}}", values)
        let text = Self.fill(template["text"]?.stringValue ?? "Click the link to reset your password: {{url}}", values)
        _ = try await mailer.send(MailMessage(
            from: template["from"]?.stringValue ?? "noreply@example.com", to: [values["email"] ?? ""],
            subject: template["subject"]?.stringValue ?? "Password reset", text: text))
    }

    /// `protocol://host[:port]`, from the options, else the app's host and port (`localhost:3000`).
    func baseURL(_ options: JSONValue?) -> String {
        let scheme = options?["protocol"]?.stringValue ?? "http"
        let configHost = app.plan.config.host.flatMap { ["0.0.0.0", "::", ""].contains($0) ? nil : $0 }
        let host = options?["host"]?.stringValue ?? configHost ?? "localhost"
        let port = options?["port"].map(ValueCoercion.javaScriptString) ?? ValueCoercion.javaScriptString(app.plan.config.port)
        let shownPort = ["80", "443", "", "null", "undefined"].contains(port) ? "" : ":\(port)"
        return "\(scheme)://\(host)\(shownPort)"
    }

    static func fill(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { text, pair in text.replacingOccurrences(of: "{{\(pair.key)}}", with: pair.value) }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
