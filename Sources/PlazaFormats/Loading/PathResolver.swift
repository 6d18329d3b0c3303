/// Resolves paths inside a snapshot, following symlinks, and tells when one leads outside.
///
/// Built once per snapshot from its entry list; answers "what is at this path" and "what is in
/// this directory" without further I/O.
public struct PathResolver: Sendable {
    public enum Resolution: Equatable, Sendable {
        case file(String)
        case directory(String)
        case missing
        /// A symlink on the way (at `link`) points outside the snapshot, or is absolute.
        case escapes(link: String, target: String)
        /// Too many symlinks in a row (a loop).
        case loop(link: String)
    }

    private var kinds: [String: SnapshotEntry.Kind] = [:]
    private var children: [String: [String]] = [:]

    public init(_ entries: [SnapshotEntry]) {
        var childSets: [String: Set<String>] = [:]
        for entry in entries {
            kinds[entry.path] = entry.kind
            var path = Substring(entry.path)
            var reachedKnownAncestor = false
            while let slash = path.lastIndex(of: "/") {
                let parent = String(path[..<slash])
                let (inserted, _) = childSets[parent, default: []].insert(String(path[path.index(after: slash)...]))
                path = Substring(parent)
                if !inserted { reachedKnownAncestor = true; break }
            }
            if !reachedKnownAncestor { childSets["", default: []].insert(String(path)) }
        }
        children = childSets.mapValues { $0.sorted() }
    }

    /// Whether a path (unresolved) is a directory in the snapshot.
    public func isDirectory(_ path: String) -> Bool { path.isEmpty || children[path] != nil }

    /// Names directly inside a directory (resolved path), sorted.
    public func contents(of directory: String) -> [String] { children[directory] ?? [] }

    /// The entry kind at an exact path, without following symlinks.
    public func kind(at path: String) -> SnapshotEntry.Kind? { kinds[path] }

    /// Resolves every symlink along `path` (already normalised, relative to the root).
    public func resolve(_ path: String) -> Resolution {
        var pending = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var hops = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            let candidate = (resolved + [component]).joined(separator: "/")
            guard case .symlink(let target) = kinds[candidate] else {
                resolved.append(component)
                continue
            }
            hops += 1
            guard hops <= 40 else { return .loop(link: candidate) }
            guard !target.hasPrefix("/"), let joined = RelativePath.join(resolved.joined(separator: "/"), target) else {
                return .escapes(link: candidate, target: target)
            }
            resolved = []
            pending = joined.split(separator: "/").map(String.init) + pending
        }
        let final = resolved.joined(separator: "/")
        if isDirectory(final) { return .directory(final) }
        switch kinds[final] {
        case .file?, .executable?: return .file(final)
        default: return .missing
        }
    }
}
