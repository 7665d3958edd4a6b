public import LBCore

/// `body-parser#raw`: reads `application/octet-stream` bodies (or the `type` given) up to `limit`.
public struct RawBodyParserMiddleware: LimitOnlyBodyParser {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "body-parser.raw"), aliases: ["body-parser#raw"], summary: "Raw request bodies.",
        checkSettings: SettingsProblem.check(options))
    public static let defaultType = "application/octet-stream"

    public let options: BodyParserOptions

    public init(options: BodyParserOptions) {
        self.options = options
    }
}
