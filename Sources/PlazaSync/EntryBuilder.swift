import Crypto
import Foundation
import PlazaCatalog
import PlazaFormats

/// Turns a loaded plugin into catalog entries: the plugin itself and each component.
struct EntryBuilder {
    let marketplace: String
    let commit: String
    /// URL of the repository the plugin was read from (its mirror serves the plugin's files).
    let repository: String

    func entries(for plugin: LoadedPlugin, pluginDigest: String) -> [CatalogEntry] {
        let metadata = plugin.metadata
        let hasMCP = !plugin.mcpServers.isEmpty, hasHooks = !plugin.hooks.isEmpty, runsCommands = plugin.runsCommands
        let tags = metadata.keywords + metadata.tags
        func entry(_ kind: EntryKind, _ name: String, _ description: String, path: String, body: String = "",
                   details: [String: String] = [:], digestOf content: String) -> CatalogEntry {
            CatalogEntry(kind: kind, name: name, description: description, marketplace: marketplace, plugin: metadata.name,
                         path: path, commit: commit, digest: Self.sha256(content), category: metadata.category, tags: tags,
                         version: metadata.version, hasMCP: hasMCP, hasHooks: hasHooks, runsCommands: runsCommands, details: details, body: body)
        }
        var pluginDetails = ["source": plugin.source.summary, "sourceKind": plugin.source.kind, "repository": repository]
        if let author = metadata.author?.name { pluginDetails["author"] = author }
        if let homepage = metadata.homepage { pluginDetails["homepage"] = homepage }
        if let license = metadata.license { pluginDetails["license"] = license }
        if !metadata.requires.isEmpty { pluginDetails["dependencies"] = metadata.requires.map(\.description).joined(separator: "; ") }
        // Claude Code 2.1 keys a reviewer needs to see (shown, never acted on).
        if let displayName = metadata.displayName { pluginDetails["displayName"] = displayName }
        if let enabled = metadata.defaultEnabled { pluginDetails["defaultEnabled"] = enabled ? "true" : "false" }
        if !metadata.engines.isEmpty { pluginDetails["engines"] = metadata.engines.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
        for (key, values) in [("themes", metadata.themes), ("workflows", metadata.workflows), ("binaries", metadata.binaries), ("settings", metadata.settingsKeys)]
            where !values.isEmpty { pluginDetails[key] = values.joined(separator: ", ") }
        if !metadata.networkHosts.isEmpty { pluginDetails["networkHosts"] = metadata.networkHosts.joined(separator: ", ") }
        if !metadata.userConfig.isEmpty {
            pluginDetails["userConfig"] = metadata.userConfig.map { option in
                let flags = [option.sensitive ? "sensitive" : nil, option.required ? "required" : nil].compactMap { $0 }
                return option.name + (flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))")
            }.joined(separator: "; ")
            let sensitive = metadata.userConfig.filter(\.sensitive).map(\.name)
            if !sensitive.isEmpty { pluginDetails["sensitiveConfig"] = sensitive.joined(separator: ", ") }
        }
        pluginDetails["components"] = "\(plugin.skills.count) skills, \(plugin.agents.count) agents, \(plugin.commands.count) commands, \(plugin.hooks.count) hooks, \(plugin.mcpServers.count) MCP servers"
            + [(plugin.outputStyles.count, "output styles"), (plugin.lspServers.count, "LSP servers"), (plugin.monitors.count, "monitors"), (plugin.channels.count, "channels")]
            .filter { $0.0 > 0 }.map { ", \($0.0) \($0.1)" }.joined()
        // What a client runs on the user's machine when the plugin is installed (Plaza runs none of it).
        if runsCommands { pluginDetails["runsCommands"] = plugin.localCommands.joined(separator: "; ") }
        if let helper = plugin.headersHelper { pluginDetails["headersHelper"] = helper }
        var result = [CatalogEntry(kind: .plugin, name: metadata.name, description: metadata.description ?? "", marketplace: marketplace,
                                   plugin: metadata.name, path: plugin.root ?? "", commit: commit, digest: pluginDigest,
                                   category: metadata.category, tags: tags, version: metadata.version, hasMCP: hasMCP,
                                   hasHooks: hasHooks, runsCommands: runsCommands, details: pluginDetails,
                                   body: (plugin.skills.map(\.name) + plugin.agents.map(\.name) + plugin.mcpServers.map(\.name)
                                          + plugin.outputStyles.map(\.name) + plugin.lspServers.map(\.name) + plugin.monitors.map(\.name)).joined(separator: " "))]
        for skill in plugin.skills {
            var details = ["format": skill.format.rawValue]
            if !skill.allowedTools.isEmpty { details["allowedTools"] = skill.allowedTools.joined(separator: " ") }
            if let license = skill.license { details["license"] = license }
            result.append(entry(.skill, skill.name, skill.description, path: skill.path, body: skill.body, details: details,
                                digestOf: skill.name + "\n" + skill.description + "\n" + skill.body))
        }
        for agent in plugin.agents {
            var details = ["format": agent.format.rawValue]
            if !agent.tools.isEmpty { details["tools"] = agent.tools.joined(separator: ", ") }
            if let model = agent.model { details["model"] = model }
            result.append(entry(.agent, agent.name, agent.description, path: agent.path, body: agent.body, details: details,
                                digestOf: agent.name + "\n" + agent.description + "\n" + agent.body))
        }
        for command in plugin.commands {
            result.append(entry(.command, command.name, command.description ?? "", path: command.path, body: command.body,
                                details: command.argumentHint.map { ["argumentHint": $0] } ?? [:], digestOf: command.body))
        }
        for hook in plugin.hooks {
            let name = hook.event + (hook.matcher.map { ":\($0)" } ?? "")
            result.append(entry(.hook, name, "\(hook.type) hook on \(hook.event): \(hook.target)", path: hook.path,
                                details: ["event": hook.event, "type": hook.type, "target": hook.target, "matcher": hook.matcher ?? "*"],
                                digestOf: "\(hook.event)|\(hook.matcher ?? "")|\(hook.type)|\(hook.target)"))
        }
        for server in plugin.mcpServers {
            var details = ["transport": server.transport.rawValue]
            if let command = server.command { details["command"] = ([command] + server.args).joined(separator: " ") }
            if let url = server.url { details["url"] = url }
            if !server.requiredSecrets.isEmpty { details["requiredSecrets"] = server.requiredSecrets.joined(separator: ",") }
            let description = server.url.map { "\(server.transport.rawValue) MCP server at \($0)" }
                ?? "stdio MCP server: \(server.command ?? "")"
            result.append(entry(.mcpServer, server.name, description, path: server.path, details: details,
                                digestOf: details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")))
        }
        for component in clientComponents(of: plugin) {
            result.append(entry(component.kind, component.name, component.description, path: component.path, body: component.body,
                                details: component.details, digestOf: component.digestSource))
        }
        return result
    }

    /// The entry of a plugin that could not be read, with the reason. Its entry alone can show that
    /// it runs commands (a `command` source, a `headersHelper`); otherwise that is unknown.
    func unavailable(_ entry: PluginEntry, reason: String) -> CatalogEntry {
        var details = ["source": entry.source.summary, "sourceKind": entry.source.kind]
        var known = LoadedPlugin(metadata: entry.metadata, source: entry.source, status: .external, root: nil)
        known.headersHelper = entry.headersHelper
        if known.runsCommands { details["runsCommands"] = known.localCommands.joined(separator: "; ") }
        if let helper = entry.headersHelper { details["headersHelper"] = helper }
        return CatalogEntry(kind: .plugin, name: entry.name, description: entry.metadata.description ?? "", marketplace: marketplace,
                            plugin: entry.name, path: "", commit: commit, digest: "", category: entry.metadata.category,
                            tags: entry.metadata.keywords + entry.metadata.tags, version: entry.metadata.version, status: .unavailable,
                            unavailableReason: reason, runsCommands: known.runsCommands ? true : nil, details: details)
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
