/// Component locations a marketplace entry or plugin.json declares in addition to the defaults.
///
/// Paths are normalised relative to the plugin root. Inline definitions (`hooks` or `mcpServers`
/// given as objects) are kept as nodes and read by the plugin loader.
public struct ComponentPaths: Sendable {
    public var skills: [String] = []
    public var commands: [String] = []
    public var agents: [String] = []
    public var hooks: [String] = []
    public var mcpServers: [String] = []
    public var lspServers: [String] = []
    public var inlineHooks: [Node] = []
    public var inlineMCPServers: [Node] = []
    public var inlineLSPServers: [Node] = []

    public init() {}

    /// Adds `other`'s declarations after this one's.
    mutating func merge(_ other: ComponentPaths) {
        skills += other.skills
        commands += other.commands
        agents += other.agents
        hooks += other.hooks
        mcpServers += other.mcpServers
        lspServers += other.lspServers
        inlineHooks += other.inlineHooks
        inlineMCPServers += other.inlineMCPServers
        inlineLSPServers += other.inlineLSPServers
    }
}
