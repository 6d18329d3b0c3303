/// A skill: a directory with `SKILL.md` (or a skill defined in Azure SRE Agent YAML).
public struct Skill: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var license: String?
    public var compatibility: String?
    public var metadata: [String: String] = [:]
    public var allowedTools: [String] = []
    /// Directory of the skill from the validated root (for YAML skills, the YAML file).
    public var path: String
    /// The instructions (markdown body).
    public var body: String
    /// Where the definition came from.
    public var format: DefinitionFormat

    public init(name: String, description: String, path: String, body: String, format: DefinitionFormat) {
        self.name = name
        self.description = description
        self.path = path
        self.body = body
        self.format = format
    }
}

/// The file format a skill or agent was defined in.
public enum DefinitionFormat: String, Sendable, Hashable, Codable {
    case markdown
    case azureSREAgentConfiguration = "azure-sre-agent"
    case azureSRESkillConfiguration = "azure-sre-skill"
    case azureSRESkillExport = "azure-sre-skill-export"
}

/// A subagent: markdown with frontmatter, or an Azure SRE Agent `AgentConfiguration`.
public struct AgentDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var tools: [String] = []
    public var model: String?
    public var skills: [String] = []
    public var mcpConnectors: [String] = []
    public var path: String
    /// System prompt.
    public var body: String
    public var format: DefinitionFormat

    public init(name: String, description: String, path: String, body: String, format: DefinitionFormat) {
        self.name = name
        self.description = description
        self.path = path
        self.body = body
        self.format = format
    }
}

/// A slash command: `commands/<name>.md`.
public struct CommandDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var argumentHint: String?
    public var path: String
    public var body: String
}

/// One hook handler registered for an event.
public struct HookDefinition: Sendable, Hashable, Codable {
    public var event: String
    public var matcher: String?
    /// `command`, `prompt`, `agent`, `http` or `mcp_tool`.
    public var type: String
    /// The command line, URL, prompt or tool the hook runs, for reviewers.
    public var target: String
    public var path: String

    public init(event: String, matcher: String?, type: String, target: String, path: String) {
        self.event = event
        self.matcher = matcher
        self.type = type
        self.target = target
        self.path = path
    }
}

/// An MCP server a plugin ships.
public struct MCPServerDefinition: Sendable, Hashable, Codable {
    public enum Transport: String, Sendable, Hashable, Codable { case stdio, http, sse, ws }

    public var name: String
    public var transport: Transport
    public var command: String?
    public var args: [String] = []
    public var url: String?
    /// Names of environment variables set for a stdio server (values are not kept).
    public var envKeys: [String] = []
    /// Names of HTTP headers sent to a remote server (values are not kept).
    public var headerKeys: [String] = []
    /// Variables the installer must provide (`${env:NAME}`, `${NAME}`, `${user_config.KEY}`).
    public var requiredSecrets: [String] = []
    /// `headersHelper`: a program the client runs on the user's machine to make the request headers
    /// of a remote server. Never run by Plaza; shown to reviewers and counted by `runsCommands`.
    public var headersHelper: String?
    public var path: String
}
