import LBPlan

/// LoopBack names for database names: table `order_items` → model `OrderItem` (file
/// `order-item`), column `customer_id` → property `customerId`.
public enum DiscoveryNaming {
    /// The model name of `table`: its words capitalised, the last one singular.
    public static func model(_ table: String) -> String {
        var words = Naming.words(of: table).map(normalised)
        guard let last = words.popLast() else { return table }
        words.append(Inflection.singularize(last))
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The property name of `column`: its words in lower camel case.
    public static func property(_ column: String) -> String {
        let words = Naming.words(of: column).map(normalised)
        guard let first = words.first else { return column }
        return first.lowercased() + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The file name of model `name`, without extension: `OrderItem` → `order-item`.
    public static func fileName(_ model: String) -> String {
        Naming.words(of: model).map { $0.lowercased() }.joined(separator: "-")
    }

    /// `candidate`, or `candidate2`, `candidate3`, … whichever `taken` does not hold.
    static func unique(_ candidate: String, in taken: Set<String>) -> String {
        guard taken.contains(candidate) else { return candidate }
        var number = 2
        while taken.contains("\(candidate)\(number)") { number += 1 }
        return "\(candidate)\(number)"
    }

    /// A word in upper case (`ID`, `ORDER`) is lower-cased; others keep their case after the first letter.
    private static func normalised(_ word: String) -> String {
        word == word.uppercased() ? word.lowercased() : word.prefix(1).lowercased() + word.dropFirst()
    }
}
