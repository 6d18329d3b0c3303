/// What Claude Code itself loads from a plugin, as Plaza reads it: the components that only other
/// clients read — Azure SRE Agent YAML, the Agent Plugins spec's root `mcp.json`, GitHub Copilot's
/// `com.github.copilot/` namespace — are left out. The component-parity suite compares it with
/// the real client's inventory (`claude plugin details`, `claude plugin validate --json`).
public struct ClaudeCodeInventory: Sendable, Codable, Equatable {
    /// Skills and commands, by name: the client lists both as skills.
    public var skills: [String]
    public var agents: [String]
    /// The hook events the plugin hooks, once each.
    public var hookEvents: [String]
    /// MCP servers the client starts from their configuration.
    public var mcpServers: [String]
    /// MCP servers packaged as `.mcpb`/`.dxt` bundles: the client's validator lists them, its
    /// installed inventory resolves them only at run time.
    public var packagedMCPServers: [String]
    public var lspServers: [String]
    public var outputStyles: [String]
    public var monitors: [String]
}

extension LoadedPlugin {
    /// Paths only another client reads.
    static func otherClientsOnly(_ path: String) -> Bool {
        path.split(separator: "/").contains("com.github.copilot") || path == "mcp.json" || path.hasSuffix("/mcp.json")
    }

    static func packaged(_ server: MCPServerDefinition) -> Bool {
        [".mcpb", ".dxt"].contains { server.path.hasSuffix($0) || (server.command ?? "").hasSuffix($0) }
    }

    /// The components Claude Code loads from this plugin (see ``ClaudeCodeInventory``).
    public var claudeCodeInventory: ClaudeCodeInventory {
        let skills = self.skills.filter { $0.format == .markdown && !Self.otherClientsOnly($0.path) }.map(\.name)
        let commands = self.commands.filter { !Self.otherClientsOnly($0.path) }.map(\.name)
        return ClaudeCodeInventory(
            skills: (skills + commands).sorted(),
            agents: agents.filter { $0.format == .markdown && !Self.otherClientsOnly($0.path) }.map(\.name).sorted(),
            hookEvents: Array(Set(hooks.filter { !Self.otherClientsOnly($0.path) }.map(\.event))).sorted(),
            mcpServers: mcpServers.filter { !Self.otherClientsOnly($0.path) && !Self.packaged($0) }.map(\.name).sorted(),
            packagedMCPServers: mcpServers.filter { !Self.otherClientsOnly($0.path) && Self.packaged($0) }.map(\.name).sorted(),
            lspServers: lspServers.map(\.name).sorted(),
            outputStyles: outputStyles.map(\.name).sorted(),
            monitors: monitors.map(\.name).sorted())
    }
}
