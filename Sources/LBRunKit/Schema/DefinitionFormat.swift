public import ArgumentParser
import LBConfig
public import LBCore

/// The format `discover` and `introspect` write model definitions in.
public enum DefinitionFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    case json
    case yaml

    /// The file extension, without the dot.
    public var fileExtension: String { rawValue }

    /// `value` as file text, ending with a newline.
    public func text(_ value: JSONValue) throws -> String {
        switch self {
        case .json: value.prettyText + "\n"
        case .yaml: try YAMLWriter.text(value)
        }
    }
}
