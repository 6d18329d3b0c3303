import Crypto
import Foundation
import PlazaFormats

/// What an update would change, for a person to review before moving a pin: files, components,
/// and — called out separately, because they run code or reach the network — hooks, MCP servers,
/// LSP servers, monitors, channels, the entry's `headersHelper` or `command` source, and newly
/// required secrets.
public struct ReviewDiff: Codable, Sendable, Equatable {
    /// Added, changed and removed names of one kind of thing.
    public struct Changes: Codable, Sendable, Equatable {
        public var added: [String] = []
        public var changed: [String] = []
        public var removed: [String] = []

        public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

        public init() {}

        /// Compares two name → fingerprint maps.
        init(old: [String: String], new: [String: String]) {
            added = new.keys.filter { old[$0] == nil }.sorted()
            removed = old.keys.filter { new[$0] == nil }.sorted()
            changed = new.keys.filter { old[$0] != nil && old[$0] != new[$0] }.sorted()
        }
    }

    public var fromCommit: String
    public var toCommit: String
    public var fromDigest: String
    public var toDigest: String
    public var files: Changes
    public var skills: Changes
    public var agents: Changes
    public var commands: Changes
    /// Hooks run commands on the agent's host: any change here needs a careful look.
    public var hooks: Changes
    /// MCP servers start processes or reach the network.
    public var mcpServers: Changes
    /// Plugins it depends on (`dependencies`, `optionalDependencies`): an added one is more code
    /// the update pins; a changed range may move a dependency.
    public var dependencies: Changes = Changes()
    /// Output styles (they change the system prompt, not what runs).
    public var outputStyles: Changes = Changes()
    /// LSP servers: programs the client starts on the user's machine.
    public var lspServers: Changes = Changes()
    /// Monitors: shell commands the client runs in the background for the whole session.
    public var monitors: Changes = Changes()
    /// Channels: MCP servers that push outside messages into the session.
    public var channels: Changes = Changes()
    /// The marketplace entry's commands: `headersHelper` (run before the archive is downloaded)
    /// and a `command` source (run to produce the plugin). Plaza never runs either.
    public var entryCommands: Changes = Changes()
    /// Each program the candidate makes clients run that the pinned version did not (a new or
    /// changed command hook, monitor, LSP server, stdio MCP server, headersHelper or command
    /// source), as the candidate writes it: what the reviewer reads before approving.
    public var newCommands: [String] = []
    /// Secrets the new version's MCP servers need that the pinned one did not.
    public var newRequiredSecrets: [String]
    /// True when anything that runs code, reaches the network or needs secrets changes (hooks, MCP
    /// servers, LSP servers, monitors, channels, entry commands, required secrets) or a dependency
    /// is added: what a reviewer must not miss.
    public var needsSecurityReview: Bool

    /// Nothing to review: the same files and the same definition (an entry-only change, such as a
    /// new `headersHelper`, leaves the files alone but is not empty).
    public var isEmpty: Bool {
        fromDigest == toDigest && newCommands.isEmpty
            && [skills, agents, commands, hooks, mcpServers, dependencies, outputStyles, lspServers, monitors, channels, entryCommands].allSatisfy(\.isEmpty)
    }

    /// Compares the pinned content and definition with a candidate's.
    public init(from old: (commit: String, content: PluginContent, plugin: LoadedPlugin?),
                to new: (commit: String, content: PluginContent, plugin: LoadedPlugin?), skill: String? = nil) {
        fromCommit = old.commit
        toCommit = new.commit
        fromDigest = old.content.digest
        toDigest = new.content.digest
        files = Changes(old: Self.fileFingerprints(old.content), new: Self.fileFingerprints(new.content))
        let before = old.plugin.map(Self.components) ?? Components()
        let after = new.plugin.map(Self.components) ?? Components()
        skills = Changes(old: before.skills, new: after.skills)
        agents = Changes(old: before.agents, new: after.agents)
        commands = Changes(old: before.commands, new: after.commands)
        hooks = Changes(old: before.hooks, new: after.hooks)
        mcpServers = Changes(old: before.mcpServers, new: after.mcpServers)
        dependencies = Changes(old: before.dependencies, new: after.dependencies)
        outputStyles = Changes(old: before.outputStyles, new: after.outputStyles)
        lspServers = Changes(old: before.lspServers, new: after.lspServers)
        monitors = Changes(old: before.monitors, new: after.monitors)
        channels = Changes(old: before.channels, new: after.channels)
        entryCommands = Changes(old: before.entryCommands, new: after.entryCommands)
        newCommands = after.commandLines.filter { !before.commandLines.contains($0) }
        newRequiredSecrets = after.secrets.subtracting(before.secrets).sorted()
        if let skill {
            // A single installed skill carries no hooks, agents, servers or commands of its own.
            skills = Changes(old: before.skills.filter { $0.key == skill }, new: after.skills.filter { $0.key == skill })
            (agents, commands, hooks, mcpServers, newRequiredSecrets) = (Changes(), Changes(), Changes(), Changes(), [])
            (dependencies, outputStyles, lspServers, monitors, channels, entryCommands) = (Changes(), Changes(), Changes(), Changes(), Changes(), Changes())
            newCommands = []
        }
        needsSecurityReview = !hooks.isEmpty || !mcpServers.isEmpty || !newRequiredSecrets.isEmpty || !dependencies.added.isEmpty
            || !lspServers.isEmpty || !monitors.isEmpty || !channels.isEmpty || !entryCommands.isEmpty
    }

    struct Components {
        var skills: [String: String] = [:]
        var agents: [String: String] = [:]
        var commands: [String: String] = [:]
        var hooks: [String: String] = [:]
        var mcpServers: [String: String] = [:]
        var dependencies: [String: String] = [:]
        var outputStyles: [String: String] = [:]
        var lspServers: [String: String] = [:]
        var monitors: [String: String] = [:]
        var channels: [String: String] = [:]
        var entryCommands: [String: String] = [:]
        var commandLines: [String] = []
        var secrets: Set<String> = []
    }

    static func components(_ plugin: LoadedPlugin) -> Components {
        var result = Components()
        for skill in plugin.skills { result.skills[skill.name] = fingerprint(skill.description, skill.body, skill.allowedTools.joined(separator: " ")) }
        for agent in plugin.agents { result.agents[agent.name] = fingerprint(agent.description, agent.body, agent.tools.joined(separator: ","), agent.model ?? "") }
        for command in plugin.commands { result.commands[command.name] = fingerprint(command.description ?? "", command.body, command.argumentHint ?? "") }
        for hook in plugin.hooks {
            result.hooks["\(hook.event)" + (hook.matcher.map { ":\($0)" } ?? "") + " (\(hook.type))"] = fingerprint(hook.target)
        }
        for dependency in plugin.metadata.requires {
            result.dependencies[dependency.name + (dependency.marketplace.map { "@\($0)" } ?? "")] = fingerprint(dependency.version ?? "*", dependency.optional ? "optional" : "")
        }
        for server in plugin.mcpServers {
            result.mcpServers[server.name] = fingerprint(server.transport.rawValue, server.command ?? "", server.args.joined(separator: "\u{1}"),
                                                         server.url ?? "", server.envKeys.sorted().joined(separator: ","),
                                                         server.headerKeys.sorted().joined(separator: ","), server.headersHelper ?? "")
            result.secrets.formUnion(server.requiredSecrets)
        }
        for style in plugin.outputStyles { result.outputStyles[style.name] = fingerprint(style.description, style.body, style.keepCodingInstructions ? "keep" : "") }
        for server in plugin.lspServers {
            result.lspServers[server.name] = fingerprint(server.command, server.args.joined(separator: "\u{1}"), server.transport,
                                                         server.extensionToLanguage.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                                                         server.envKeys.sorted().joined(separator: ","))
        }
        for monitor in plugin.monitors { result.monitors[monitor.name] = fingerprint(monitor.command, monitor.when, monitor.description) }
        for channel in plugin.channels {
            result.channels[channel.server] = fingerprint(channel.displayName ?? "", channel.userConfigKeys.joined(separator: ","))
        }
        if let helper = plugin.headersHelper { result.entryCommands["headersHelper"] = fingerprint(helper) }
        if case .command(let command) = plugin.source { result.entryCommands["command source"] = fingerprint(command) }
        result.commandLines = plugin.localCommands
        return result
    }

    static func fileFingerprints(_ content: PluginContent) -> [String: String] {
        Dictionary(content.files.map { ($0.path, PluginContent.hex(SHA256.hash(data: $0.bytes)) + ($0.executable ? "+x" : "")) },
                   uniquingKeysWith: { a, _ in a })
    }

    static func fingerprint(_ parts: String...) -> String {
        PluginContent.hex(SHA256.hash(data: Data(parts.joined(separator: "\u{0}").utf8)))
    }
}
