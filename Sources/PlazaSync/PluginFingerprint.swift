import PlazaSources

/// The catalog's fingerprint of a plugin's files at a commit: SHA-256 over `path NUL blob-id` lines,
/// without reading any blob. The indexer stores it as the plugin entry's digest; installations
/// compare it with a pin's to tell whether the marketplace head has something newer, so both must
/// compute it here.
public enum PluginFingerprint {
    /// - Parameter relativePaths: paths relative to `root` (plugins inside the marketplace
    ///   repository) or as in the repository (external sources).
    public static func of(_ snapshot: GitCommitSnapshot, root: String, relativePaths: Bool) -> String {
        let drop = relativePaths && !root.isEmpty ? root.count + 1 : 0
        return EntryBuilder.sha256(snapshot.blobIDs(under: root).map { "\($0.path.dropFirst(drop))\u{0}\($0.id.hex)" }.joined(separator: "\n"))
    }
}
