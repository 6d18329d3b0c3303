/// Symlinks whose target leaves the repository: an error wherever they are.
///
/// A plugin's components are checked where they are read (``ComponentScanner``), but any file of
/// the repository may be installed with the plugin or read by a client, so a `README.md ->
/// /etc/passwd` or `skills/x/notes.txt -> /etc/hostname` is refused too. Nothing is read through
/// such a link: snapshots list symlinks with their targets and never follow them.
enum EscapingSymlinks {
    static let code = "path.symlink-escape"

    /// Reports each symlink in `entries` whose target is absolute or climbs out of the root,
    /// unless a more precise diagnostic already names it.
    static func report(_ entries: [SnapshotEntry], resolver: PathResolver, log: DiagnosticLog) {
        let reported = Set(log.diagnostics.filter { $0.code == code }.map(\.file))
        for entry in entries where !reported.contains(entry.path) {
            guard case .symlink(let target) = entry.kind,
                  case .escapes(let link, _) = resolver.resolve(entry.path), link == entry.path else { continue }
            log.add(Diagnostic(.error, code: code, file: entry.path,
                               message: "symlink points to '\(target)', outside the repository; it is not read, and clients must not install it",
                               hint: "replace the symlink with the file itself, or remove it"))
        }
    }
}
