public import LBCore

/// `body-parser#text`: reads `text/plain` bodies (or the `type` given) up to `limit`.
public struct TextBodyParserMiddleware: LimitOnlyBodyParser {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "body-parser.text"), aliases: ["body-parser#text"], summary: "Text request bodies.",
        checkSettings: SettingsProblem.check(options))
    public static let defaultType = "text/plain"

    public let options: BodyParserOptions

    public init(options: BodyParserOptions) {
        self.options = options
    }
}
