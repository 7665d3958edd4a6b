/// Path arithmetic on `/`-separated paths relative to the app directory, without touching the disk.
public enum AppPath {
    /// Joins components with `/`, skipping empty ones; an absolute component restarts the path.
    public static func join(_ parts: String...) -> String {
        join(parts)
    }

    /// Joins components with `/`, skipping empty ones; an absolute component restarts the path.
    public static func join(_ parts: [String]) -> String {
        var result = ""
        for part in parts where !part.isEmpty {
            if part.hasPrefix("/") || result.isEmpty {
                result = part
            } else {
                result += (result.hasSuffix("/") ? "" : "/") + part
            }
        }
        return result
    }

    /// Removes `.` segments and resolves `..` against earlier segments. Leading `..` that cannot be
    /// resolved are kept, so a path may point outside the app directory.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == "..", let last = segments.last, last != ".." {
                segments.removeLast()
            } else if segment == "..", absolute {
                continue
            } else {
                segments.append(segment)
            }
        }
        let joined = segments.joined(separator: "/")
        return absolute ? "/" + joined : joined
    }

    /// The directory part of `path` (`""` for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    public static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The file name without its last extension.
    public static func stem(of path: String) -> String {
        let name = fileName(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
