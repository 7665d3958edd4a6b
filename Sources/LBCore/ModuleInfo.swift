/// The kinds of pluggable modules lbrun has. The kind is the namespace of a `ModuleID`.
public enum ModuleKind: String, Sendable, Codable, CaseIterable {
    case connector
    case middleware
    case component

    /// How config files refer to a module of this kind, for messages.
    public var noun: String { rawValue }
}

/// A namespaced module identifier such as `connector.postgresql` or `middleware.cors`.
///
/// Config files name modules without the namespace (the position in the config gives it:
/// `"connector": "postgresql"`), or by a LoopBack 3 alias (`loopback-connector-postgresql`).
public struct ModuleID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let kind: ModuleKind
    /// The name inside the namespace, lowercase and dotted (`helmet.frameguard`).
    public let name: String

    public init(_ kind: ModuleKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind.rawValue).\(name)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let dot = text.firstIndex(of: "."), let kind = ModuleKind(rawValue: String(text[..<dot])) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad module id \(text)"))
        }
        self.init(kind, String(text[text.index(after: dot)...]))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: ModuleID, rhs: ModuleID) -> Bool { lhs.description < rhs.description }
}

/// What the compiler needs to know about a module: its id, the names users may write for it,
/// a one-line summary, and how to check its settings. Runtime modules declare it as `static let info`.
public struct ModuleInfo: Sendable, Hashable {
    public let id: ModuleID
    /// Other names accepted in config files, usually LoopBack 3 package or `module#export` names.
    public let aliases: [String]
    public let summary: String
    /// Checks the module's settings (a middleware entry's `params`, a component's options) without
    /// creating it, so `lbrun validate` reports bad values at their line.
    public let checkSettings: SettingsCheck?

    public init(id: ModuleID, aliases: [String] = [], summary: String, checkSettings: SettingsCheck? = nil) {
        self.id = id
        self.aliases = aliases
        self.summary = summary
        self.checkSettings = checkSettings
    }

    /// Every name that resolves to this module: the bare name first, then the aliases.
    public var names: [String] { [id.name] + aliases.filter { $0 != id.name } }

    public static func == (lhs: ModuleInfo, rhs: ModuleInfo) -> Bool {
        lhs.id == rhs.id && lhs.aliases == rhs.aliases && lhs.summary == rhs.summary
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(aliases)
    }
}

/// Checks a module's settings; returns the problem, or `nil` when they are usable.
public typealias SettingsCheck = @Sendable (JSONValue?) -> SettingsProblem?

/// A setting of a module that cannot be used, with the way to fix it.
public struct SettingsProblem: Error, Sendable, Equatable {
    public let message: String
    public let hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// A `SettingsCheck` from a throwing parser of the settings.
    public static func check<T>(_ parse: @escaping @Sendable (JSONValue?) throws(SettingsProblem) -> T) -> SettingsCheck {
        { settings in
            do throws(SettingsProblem) {
                _ = try parse(settings)
                return nil
            } catch {
                return error
            }
        }
    }
}

/// The set of modules an lbrun binary ships, looked up by the names config files use.
public struct ModuleCatalog: Sendable {
    public let modules: [ModuleInfo]
    private let byName: [ModuleKind: [String: ModuleInfo]]

    /// Builds the catalog. Two modules claiming one name within a kind is a programming error.
    public init(_ modules: [ModuleInfo]) {
        self.modules = modules
        var index: [ModuleKind: [String: ModuleInfo]] = [:]
        for module in modules {
            for name in module.names {
                let key = name.lowercased()
                precondition(index[module.id.kind]?[key] == nil, "module name \(name) registered twice")
                index[module.id.kind, default: [:]][key] = module
            }
        }
        self.byName = index
    }

    /// The module of `kind` that `name` refers to (case-insensitive), if lbrun ships one.
    public func resolve(_ name: String, as kind: ModuleKind) -> ModuleInfo? {
        byName[kind]?[name.lowercased()]
    }

    /// Every name config files may use for modules of `kind`, for suggestions.
    public func names(of kind: ModuleKind) -> [String] {
        modules.filter { $0.id.kind == kind }.flatMap(\.names)
    }
}
