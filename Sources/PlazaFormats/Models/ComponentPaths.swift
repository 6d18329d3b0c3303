/// Component locations a marketplace entry or plugin.json declares in addition to the defaults.
///
/// Paths are normalised relative to the plugin root. Inline definitions (`hooks` or `mcpServers`
/// given as objects) are kept as nodes and read by the plugin loader.
public struct ComponentPaths: Sendable {
    /// How `monitors` (or `experimental.monitors`, which wins) is declared.
    public enum Monitors: Sendable {
        /// A JSON file holding the monitors array.
        case path(String)
        /// The monitors array itself.
        case inline(InlineDeclaration)
    }

    /// A value written inline in plugin.json or a marketplace entry, with that file's path.
    public struct InlineDeclaration: Sendable {
        public let node: Node
        public let file: String
    }

    public var skills: [String] = []
    public var commands: [String] = []
    public var agents: [String] = []
    public var hooks: [String] = []
    public var mcpServers: [String] = []
    public var lspServers: [String] = []
    /// Output-style directories or `.md` files.
    public var outputStyles: [String] = []
    /// plugin.json declares `outputStyles`: Claude Code then skips the default `output-styles/`
    /// folder (an entry's `outputStyles` only adds to it).
    public var outputStylesReplaceDefault = false
    /// plugin.json declares `agents` / `commands`: Claude Code 2.1.332 then loads only those, not
    /// the default `agents/` / `commands/` folders (checked with `claude plugin validate`'s
    /// `provides`; declared `skills` add to `skills/`).
    public var agentsReplaceDefault = false
    public var commandsReplaceDefault = false
    /// Nil: not declared, so `monitors/monitors.json` is read when present.
    public var monitors: Monitors?
    /// The `channels` array, read once the plugin's MCP servers are known.
    public var channels: InlineDeclaration?
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
        outputStyles += other.outputStyles
        outputStylesReplaceDefault = outputStylesReplaceDefault || other.outputStylesReplaceDefault
        agentsReplaceDefault = agentsReplaceDefault || other.agentsReplaceDefault
        commandsReplaceDefault = commandsReplaceDefault || other.commandsReplaceDefault
        monitors = other.monitors ?? monitors
        channels = other.channels ?? channels
        inlineHooks += other.inlineHooks
        inlineMCPServers += other.inlineMCPServers
        inlineLSPServers += other.inlineLSPServers
    }
}
