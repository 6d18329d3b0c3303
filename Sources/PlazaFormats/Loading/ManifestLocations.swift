/// Where clients look for manifests, first match first (Azure SRE Agent documents this order).
public enum ManifestLocations {
    public static let marketplace = [
        "marketplace.json", ".plugin/marketplace.json", ".github/plugin/marketplace.json", ".claude-plugin/marketplace.json",
        Codex.marketplacePath,
    ]
    public static let plugin = [
        ".claude-plugin/plugin.json", ".plugin/plugin.json", ".github/plugin/plugin.json", "plugin.json", Codex.pluginManifest,
    ]

    /// The first of `candidates` (relative to `directory`) that the snapshot holds as a file.
    static func first(_ candidates: [String], in directory: String, resolver: PathResolver) -> [String] {
        candidates.compactMap { candidate in
            let path = directory.isEmpty ? candidate : directory + "/" + candidate
            if case .file = resolver.resolve(path) { return path }
            return nil
        }
    }
}
