/// What kind of thing a catalog entry is.
public enum EntryKind: String, Codable, Sendable, CaseIterable {
    case plugin, skill, agent, command, hook
    case mcpServer = "mcp-server"
    /// A markdown output style (`output-styles/*.md`) a user selects in Claude Code.
    case outputStyle = "output-style"
    /// A language server Claude Code starts on the user's machine.
    case lspServer = "lsp-server"
    /// A background command Claude Code runs on the user's machine for the whole session.
    case monitor
    /// An MCP server declared as a message channel (messages pushed into the session).
    case channel

    /// Accepts singular and plural spellings (`skills`, `mcp`, `mcp-servers`, `lsp`, `output-styles`).
    public init?(loose text: String) {
        let lowered = text.lowercased()
        if let kind = EntryKind(rawValue: lowered) { self = kind; return }
        switch lowered {
        case "plugins": self = .plugin
        case "skills": self = .skill
        case "agents", "subagent", "subagents": self = .agent
        case "commands": self = .command
        case "hooks": self = .hook
        case "mcp", "mcp-servers", "mcpserver", "mcp_server", "server", "servers": self = .mcpServer
        case "output-styles", "outputstyle", "outputstyles", "output_style", "style", "styles": self = .outputStyle
        case "lsp", "lsp-servers", "lspserver", "lspservers", "lsp_server", "language-server", "language-servers": self = .lspServer
        case "monitors": self = .monitor
        case "channels": self = .channel
        default: return nil
        }
    }
}

/// Whether a plugin's content could be read.
public enum EntryStatus: String, Codable, Sendable { case available, unavailable }

/// One searchable thing in the catalog: a plugin or one of its components, read at a commit.
public struct CatalogEntry: Codable, Sendable, Equatable {
    public var kind: EntryKind
    public var name: String
    public var description: String
    public var marketplace: String
    public var plugin: String
    /// Path of the defining file or directory inside the repository it was read from.
    public var path: String
    /// The commit the entry was read at (the external source's commit for external plugins).
    public var commit: String
    /// sha256 of the entry's content (for plugins: over every file of the plugin).
    public var digest: String
    public var category: String?
    public var tags: [String]
    public var version: String?
    public var status: EntryStatus
    public var unavailableReason: String?
    /// The plugin ships MCP servers / hooks (for filtering).
    public var hasMCP: Bool
    public var hasHooks: Bool
    /// The plugin makes clients run programs on the user's machine (command hooks, monitors, LSP
    /// servers, stdio MCP servers, an entry `headersHelper`); nil for entries indexed before Plaza knew.
    public var runsCommands: Bool?
    /// Kind-specific details shown by `show` (transport, required secrets, tools, hook event, …).
    public var details: [String: String]
    /// Full text indexed for search (skill instructions, agent prompt). Not returned in lists.
    public var body: String

    public init(kind: EntryKind, name: String, description: String, marketplace: String, plugin: String, path: String,
                commit: String, digest: String, category: String? = nil, tags: [String] = [], version: String? = nil,
                status: EntryStatus = .available, unavailableReason: String? = nil, hasMCP: Bool = false,
                hasHooks: Bool = false, runsCommands: Bool? = nil, details: [String: String] = [:], body: String = "") {
        self.kind = kind
        self.name = name
        self.description = description
        self.marketplace = marketplace
        self.plugin = plugin
        self.path = path
        self.commit = commit
        self.digest = digest
        self.category = category
        self.tags = tags
        self.version = version
        self.status = status
        self.unavailableReason = unavailableReason
        self.hasMCP = hasMCP
        self.hasHooks = hasHooks
        self.runsCommands = runsCommands
        self.details = details
        self.body = body
    }

    /// `plugin@marketplace`, the way clients name an installable plugin.
    public var pluginReference: String { "\(plugin)@\(marketplace)" }

    /// How to install what this entry belongs to.
    public var installHint: String {
        kind == .skill ? "plaza install \(pluginReference) --skill \(name)" : "plaza install \(pluginReference)"
    }
}

/// What the incremental sync remembers about each plugin between syncs.
public struct IndexedPlugin: Codable, Sendable, Equatable {
    public var name: String
    /// Plugin root inside the marketplace repository ("" for the root); nil for external sources.
    public var root: String?
    /// Hash of the marketplace entry as written; a change means the plugin must be re-read.
    public var entryFingerprint: String
    public var commit: String

    public init(name: String, root: String?, entryFingerprint: String, commit: String) {
        self.name = name
        self.root = root
        self.entryFingerprint = entryFingerprint
        self.commit = commit
    }
}
