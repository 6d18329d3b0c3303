/// A plugin as read from a snapshot: its metadata and every component found.
public struct LoadedPlugin: Sendable {
    public enum Status: String, Sendable, Codable {
        /// Read from the snapshot.
        case loaded
        /// Its source is another repository, package or archive, not read here.
        case external
        /// Unusable (its directory is missing, escapes the marketplace, or its plugin.json is invalid).
        case failed
    }

    public var metadata: PluginMetadata
    public var source: PluginSource
    public var status: Status
    /// Plugin root from the snapshot root ("" for the root itself); nil unless loaded.
    public var root: String?
    public var strict: Bool
    public var hasManifest = false
    public var skills: [Skill] = []
    public var agents: [AgentDefinition] = []
    public var commands: [CommandDefinition] = []
    public var hooks: [HookDefinition] = []
    public var mcpServers: [MCPServerDefinition] = []
    public var lspServers: [LSPServerDefinition] = []
    public var outputStyles: [OutputStyleDefinition] = []
    public var monitors: [MonitorDefinition] = []
    public var channels: [ChannelDefinition] = []
    /// The marketplace entry's `headersHelper`: a command the client runs before downloading the
    /// plugin's archive. Never run by Plaza.
    public var headersHelper: String?

    public var name: String { metadata.name }

    public init(metadata: PluginMetadata, source: PluginSource, status: Status, root: String?, strict: Bool = true) {
        self.metadata = metadata
        self.source = source
        self.status = status
        self.root = root
        self.strict = strict
    }
}

/// Counts of what a validation found.
public struct ValidationSummary: Sendable, Codable, Equatable {
    public var plugins = 0
    public var pluginsLoaded = 0
    public var pluginsExternal = 0
    public var pluginsFailed = 0
    public var skills = 0
    public var agents = 0
    public var commands = 0
    public var hooks = 0
    public var mcpServers = 0
    public var lspServers = 0
    public var outputStyles = 0
    public var monitors = 0
    public var channels = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0

    public init() {}
}

/// The outcome of reading a marketplace (or a single plugin) from a snapshot.
public struct ValidationReport: Sendable {
    public enum Kind: String, Sendable, Codable { case marketplace, plugin }

    public var kind: Kind
    /// Path of marketplace.json or plugin.json from the root; nil when none was found.
    public var manifestPath: String?
    public var marketplace: MarketplaceManifest?
    public var plugins: [LoadedPlugin]
    public var diagnostics: [Diagnostic]
    public var strict: Bool

    /// Passed: no errors (in strict mode, warnings count as errors).
    public var passed: Bool { !diagnostics.contains { $0.severity == .error } }

    public var summary: ValidationSummary {
        var summary = ValidationSummary()
        let rejected = marketplace?.rejectedEntries.count ?? 0
        summary.plugins = plugins.count + rejected
        summary.pluginsFailed = rejected
        for plugin in plugins {
            switch plugin.status {
            case .loaded: summary.pluginsLoaded += 1
            case .external: summary.pluginsExternal += 1
            case .failed: summary.pluginsFailed += 1
            }
            summary.skills += plugin.skills.count
            summary.agents += plugin.agents.count
            summary.commands += plugin.commands.count
            summary.hooks += plugin.hooks.count
            summary.mcpServers += plugin.mcpServers.count
            summary.lspServers += plugin.lspServers.count
            summary.outputStyles += plugin.outputStyles.count
            summary.monitors += plugin.monitors.count
            summary.channels += plugin.channels.count
        }
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .error: summary.errors += 1
            case .warning: summary.warnings += 1
            case .info: summary.infos += 1
            }
        }
        return summary
    }
}
