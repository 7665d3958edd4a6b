public import LBCore
import Yams

/// Writes JSON values as YAML 1.2 text, keys in their stored order; strings that YAML would read
/// as another type (`"true"`, `"1.0"`, `"null"`) are quoted.
public enum YAMLWriter {
    public static func text(_ value: JSONValue) throws -> String {
        try Yams.serialize(node: node(value), width: -1, allowUnicode: true, sortKeys: false)
    }

    private static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: Node("null", Tag(.null))
        case .bool(let flag): Node(flag ? "true" : "false", Tag(.bool))
        case .number(let number): Node(JSONValue.numberText(number), Tag(.float))
        case .string(let text): .scalar(text.represented())
        case .array(let items): Node(items.map(node), Tag(.seq))
        case .object(let fields): Node(fields.map { (Node.scalar($0.key.represented()), node($0.value)) }, Tag(.map))
        }
    }
}
