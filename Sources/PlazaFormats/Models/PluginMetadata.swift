/// Descriptive fields shared by marketplace plugin entries and plugin.json.
public struct PluginMetadata: Sendable, Hashable, Codable {
    public var name: String
    public var displayName: String?
    public var description: String?
    public var version: String?
    public var author: Person?
    public var homepage: String?
    public var repository: String?
    public var license: String?
    public var keywords: [String] = []
    public var category: String?
    public var tags: [String] = []
    public var dependencies: [String] = []
    /// `dependencies` and `optionalDependencies` with their marketplace and version range.
    public var requires: [PluginDependency] = []
    /// Claude Code 2.1: whether the plugin is enabled when installed (nil: the client's default).
    public var defaultEnabled: Bool?
    /// Claude Code 2.1 `network.hosts`: hosts the plugin declares it reaches.
    public var networkHosts: [String] = []
    /// Claude Code 2.1 `userConfig`: options asked for at install.
    public var userConfig: [UserConfigOption] = []
    /// Claude Code 2.1 `engines`: client version ranges, by client (`claude-code: ">=2.1.0"`).
    public var engines: [String: String] = [:]
    /// Claude Code 2.1 `themes`, `workflows` and `binaries`: the paths as declared (shown, never run).
    public var themes: [String] = []
    public var workflows: [String] = []
    public var binaries: [String] = []
    /// Claude Code 2.1 `settings`: the settings keys the plugin sets when enabled.
    public var settingsKeys: [String] = []

    public init(name: String) { self.name = name }

    /// Fills every field this one lacks from `fallback` (plugin.json wins over the marketplace entry).
    func filling(from fallback: PluginMetadata) -> PluginMetadata {
        var merged = self
        merged.displayName = displayName ?? fallback.displayName
        if merged.engines.isEmpty { merged.engines = fallback.engines }
        if merged.themes.isEmpty { merged.themes = fallback.themes }
        if merged.workflows.isEmpty { merged.workflows = fallback.workflows }
        if merged.binaries.isEmpty { merged.binaries = fallback.binaries }
        if merged.settingsKeys.isEmpty { merged.settingsKeys = fallback.settingsKeys }
        merged.description = description ?? fallback.description
        merged.version = version ?? fallback.version
        merged.author = author ?? fallback.author
        merged.homepage = homepage ?? fallback.homepage
        merged.repository = repository ?? fallback.repository
        merged.license = license ?? fallback.license
        merged.keywords = keywords.isEmpty ? fallback.keywords : keywords
        merged.category = category ?? fallback.category
        merged.tags = tags.isEmpty ? fallback.tags : tags
        merged.dependencies = dependencies.isEmpty ? fallback.dependencies : dependencies
        merged.requires = requires.isEmpty ? fallback.requires : requires
        merged.defaultEnabled = defaultEnabled ?? fallback.defaultEnabled
        merged.networkHosts = networkHosts.isEmpty ? fallback.networkHosts : networkHosts
        merged.userConfig = userConfig.isEmpty ? fallback.userConfig : userConfig
        return merged
    }
}

/// One `userConfig` option of a plugin (Claude Code 2.1): shown in the catalog so a reviewer knows
/// what a user is asked for, and which values are secrets (`sensitive`).
public struct UserConfigOption: Sendable, Hashable, Codable {
    public var name: String
    public var type: String?
    public var title: String?
    public var description: String?
    public var sensitive: Bool
    public var required: Bool

    public init(name: String, type: String? = nil, title: String? = nil, description: String? = nil, sensitive: Bool = false, required: Bool = false) {
        self.name = name
        self.type = type
        self.title = title
        self.description = description
        self.sensitive = sensitive
        self.required = required
    }
}

/// A plugin another plugin depends on (Claude Code: `"name"`, `"name@marketplace"` or
/// `{"name", "version", "marketplace"}`); a version is a semver range resolved against the
/// dependency's `{name}--v{version}` tags.
public struct PluginDependency: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var marketplace: String?
    public var version: String?
    public var optional: Bool

    public init(name: String, marketplace: String? = nil, version: String? = nil, optional: Bool = false) {
        self.name = name
        self.marketplace = marketplace
        self.version = version
        self.optional = optional
    }

    /// `name[@marketplace] [range] [(optional)]`.
    public var description: String {
        name + (marketplace.map { "@\($0)" } ?? "") + (version.map { " \($0)" } ?? "") + (optional ? " (optional)" : "")
    }
}
