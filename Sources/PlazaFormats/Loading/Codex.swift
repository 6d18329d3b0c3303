/// OpenAI Codex's plugin layout: `.agents/plugins/marketplace.json` (entries with `local`, `url` or
/// `git-subdir` sources and a `policy`) and `.codex-plugin/plugin.json` (with an `interface` and
/// `apps`). Source: openai/codex `codex-rs/core-plugins/src/marketplace.rs`, `manifest.rs`
/// (Docs/Validation.md, "Other layouts").
public enum Codex {
    public static let marketplacePath = ".agents/plugins/marketplace.json"
    public static let pluginManifest = ".codex-plugin/plugin.json"
    static let marketplaceKeys: Set<String> = ["interface"]
    static let entryKeys: Set<String> = ["policy"]
    static let manifestKeys: Set<String> = ["interface", "apps"]

    static func isMarketplace(_ file: String) -> Bool { file == marketplacePath || file.hasSuffix("/" + marketplacePath) }
    static func isManifest(_ file: String) -> Bool { file == pluginManifest || file.hasSuffix("/" + pluginManifest) }
}
