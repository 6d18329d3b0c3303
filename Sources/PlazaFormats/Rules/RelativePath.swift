/// A path inside a plugin or marketplace, checked and normalised.
///
/// Sources and component paths must be relative (`./skills/x`), use `/`, and never climb out with
/// `..`. Symlinks are checked separately, against the snapshot (see ``PathResolver``).
public enum RelativePath {
    public enum Problem: Equatable, Sendable {
        case empty, absolute, backslash, parentTraversal, controlCharacter, missingDotSlash, url

        public var message: String {
            switch self {
            case .empty: return "is empty"
            case .absolute: return "is an absolute path"
            case .backslash: return "contains a backslash"
            case .parentTraversal: return "contains '..', which could reach outside the plugin"
            case .controlCharacter: return "contains a control character"
            case .missingDotSlash: return "does not start with './'"
            case .url: return "is a URL, not a relative path"
            }
        }

        /// Security problems are always errors; style problems are warnings.
        public var isSecurity: Bool { self != .missingDotSlash && self != .empty }
    }

    /// Checks a relative path as written; `requireDotSlash` asks for the `./` prefix clients require.
    public static func problems(_ path: String, requireDotSlash: Bool = true) -> [Problem] {
        guard !path.isEmpty else { return [.empty] }
        var problems: [Problem] = []
        if path.contains("://") { return [.url] }
        if path.hasPrefix("/") || path.hasPrefix("~") || (path.count >= 2 && path.dropFirst().first == ":") { problems.append(.absolute) }
        if path.contains("\\") { problems.append(.backslash) }
        if path.split(separator: "/").contains("..") { problems.append(.parentTraversal) }
        if path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { problems.append(.controlCharacter) }
        if requireDotSlash, problems.isEmpty, !path.hasPrefix("./"), path != "." { problems.append(.missingDotSlash) }
        return problems
    }

    /// Joins `base` (a normalised directory, "" for the root) with a relative path; nil if it escapes.
    public static func join(_ base: String, _ relative: String) -> String? {
        normalise(base.isEmpty ? relative : base + "/" + relative)
    }

    /// Removes `.` components and resolves `..`; nil when the path climbs above the root.
    public static func normalise(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// Whether `path` is `directory` or inside it (both normalised; "" is the root).
    public static func isInside(_ path: String, _ directory: String) -> Bool {
        directory.isEmpty || path == directory || path.hasPrefix(directory + "/")
    }
}
