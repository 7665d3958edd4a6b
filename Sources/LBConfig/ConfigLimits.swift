/// Limits that keep hostile or broken config files from exhausting memory or the stack.
public enum ConfigLimits {
    /// Largest config file read, in bytes.
    public static let maxFileBytes = 16 * 1024 * 1024
    /// Deepest nesting of arrays and objects accepted.
    public static let maxDepth = 512
    /// Most values one document may expand to (YAML aliases can multiply a small file).
    public static let maxValues = 2_000_000
}
