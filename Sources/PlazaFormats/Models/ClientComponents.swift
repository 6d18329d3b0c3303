/// A language server a plugin ships (`.lsp.json`, or `lspServers` in plugin.json or the entry).
///
/// Claude Code starts `command` on the user's machine for files with the listed extensions.
public struct LSPServerDefinition: Sendable, Hashable, Codable {
    public var name: String
    /// The program Claude Code starts (a name found on PATH, or an absolute path).
    public var command: String
    public var args: [String] = []
    /// File extension (`.go`) → LSP language id (`go`).
    public var extensionToLanguage: [String: String] = [:]
    /// `stdio` (the default) or `socket`.
    public var transport: String = "stdio"
    /// Names of environment variables set for the server (values are not kept).
    public var envKeys: [String] = []
    public var path: String

    public init(name: String, command: String, path: String) {
        self.name = name
        self.command = command
        self.path = path
    }

    /// The languages the server answers for, sorted and without repeats.
    public var languages: [String] { Array(Set(extensionToLanguage.values)).sorted() }
}

/// An output style: a markdown file whose body replaces (or, with `keep-coding-instructions`,
/// joins) Claude Code's coding instructions in the system prompt. Users pick it in `/config`.
public struct OutputStyleDefinition: Sendable, Hashable, Codable {
    /// Frontmatter `name`, else the file name without `.md`. Claude Code lists it as `plugin:name`.
    public var name: String
    /// Frontmatter `description`, else the body's first line (a heading's text), as Claude Code does.
    public var description: String
    /// Frontmatter `keep-coding-instructions`: the default coding instructions stay in the prompt.
    public var keepCodingInstructions: Bool
    public var path: String
    /// The prompt text (the markdown body).
    public var body: String

    public init(name: String, description: String, keepCodingInstructions: Bool = false, path: String, body: String) {
        self.name = name
        self.description = description
        self.keepCodingInstructions = keepCodingInstructions
        self.path = path
        self.body = body
    }
}

/// A monitor: a shell command Claude Code runs in the background for the whole session, unsandboxed
/// (the trust of a hook); each line it prints reaches the model as a notification.
public struct MonitorDefinition: Sendable, Hashable, Codable {
    public var name: String
    /// The shell command line, as written (`${CLAUDE_PLUGIN_ROOT}` and the like are expanded by the client).
    public var command: String
    public var description: String
    /// `always` (armed at session start) or `on-skill-invoke:<skill>`.
    public var when: String
    /// The file that declares it (`monitors/monitors.json`, or plugin.json for inline monitors).
    public var path: String

    public init(name: String, command: String, description: String, when: String = "always", path: String) {
        self.name = name
        self.command = command
        self.description = description
        self.when = when
        self.path = path
    }
}

/// A channel: one of the plugin's MCP servers declared as a message channel, whose notifications
/// (messages from outside, such as a chat system) Claude Code pushes into the session.
public struct ChannelDefinition: Sendable, Hashable, Codable {
    /// The MCP server (a key of the plugin's `mcpServers`) the channel binds to; the channel's name.
    public var server: String
    public var displayName: String?
    /// The options a user is asked for when enabling the channel.
    public var userConfigKeys: [String] = []
    public var path: String

    public init(server: String, displayName: String? = nil, userConfigKeys: [String] = [], path: String) {
        self.server = server
        self.displayName = displayName
        self.userConfigKeys = userConfigKeys
        self.path = path
    }
}
