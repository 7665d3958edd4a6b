/// The name transforms LoopBack uses to derive model names, mixin names and foreign keys.
public enum Naming {
    /// loopback-boot's model name from a file name: `order-item` → `OrderItem`, `car` → `Car`.
    /// Words split at non-alphanumerics, lower→upper changes and letter/digit boundaries.
    public static func upperCamel(_ text: String) -> String {
        words(of: text).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }

    /// loopback-boot's default mixin name normalisation ("classify"): `time-stamp` → `TimeStamp`,
    /// `timeStamp` → `TimeStamp`, `myHTTPMixin` → `MyHttpmixin` (capital runs stay one word).
    public static func classify(_ text: String) -> String {
        var spaced = ""
        for character in text {
            if character.isUppercase, !spaced.isEmpty, !(spaced.last?.isUppercase ?? false) {
                spaced.append(" ")
            }
            spaced.append(character.isLetter || character.isNumber ? character : " ")
        }
        return spaced.split(separator: " ").map { word in
            word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }.joined()
    }

    /// The word with its first letter lower-cased, as inflection's `camelize(x, true)` leaves
    /// a single word: `OrderItem` → `orderItem`.
    public static func lowerFirst(_ text: String) -> String {
        text.prefix(1).lowercased() + text.dropFirst()
    }

    /// inflection's `camelize(name + "_" + suffix, true)`: `OrderItem`, `id` → `orderItemId`.
    public static func camelize(_ name: String, suffix: String) -> String {
        lowerFirst(name) + suffix.prefix(1).uppercased() + suffix.dropFirst()
    }

    /// The words of `text`, split at non-alphanumerics, lower→upper changes and letter/digit
    /// boundaries: `order_items` → `order`, `items`; `customerID` → `customer`, `ID`.
    public static func words(of text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previous = nil
                continue
            }
            if let previous, !current.isEmpty {
                let caseChange = previous.isLowercase && character.isUppercase
                let digitChange = previous.isNumber != character.isNumber
                if caseChange || digitChange {
                    words.append(current)
                    current = ""
                }
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
