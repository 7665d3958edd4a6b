import LBCore
import LBPlan

/// What the built-in `Application` model (and models based on it) does on every full save
/// (auth-and-acl.md §4): a missing id becomes 32 hex characters, and the five client keys
/// (`clientKey`, `javaScriptKey`, `restApiKey`, `windowsKey`, `masterKey`) are regenerated as 40
/// hex characters each, from the system's cryptographic random source.
struct ApplicationBehavior: Sendable {
    static let keys = ["clientKey", "javaScriptKey", "restApiKey", "windowsKey", "masterKey"]

    init?(_ model: ModelPlan) {
        guard model.isA("Application") else { return nil }
    }

    /// `data` with its keys regenerated (and an id when `creating` without one).
    func prepare(_ data: Record, creating: Bool) -> Record {
        var result = data
        if creating, result["id"] == nil || result["id"] == .null { result["id"] = .string(Self.hex(16)) }
        for key in Self.keys { result[key] = .string(Self.hex(20)) }
        return result
    }

    /// `count` random bytes as lower-case hex.
    static func hex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<count).flatMap { _ -> [Character] in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
        })
    }
}
