import PlazaCatalog
import PlazaFormats

/// Entries for output styles, LSP servers, monitors and channels.
extension EntryBuilder {
    /// One component, before the plugin-wide fields are added.
    struct Component {
        var kind: EntryKind
        var name: String
        var description: String
        var path: String
        var body = ""
        var details: [String: String]

        /// What the entry's digest is computed over: everything a reviewer would call its content.
        var digestSource: String {
            ([kind.rawValue, name, description, body] + details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: "\n")
        }
    }

    func clientComponents(of plugin: LoadedPlugin) -> [Component] {
        var result: [Component] = []
        for style in plugin.outputStyles {
            result.append(Component(kind: .outputStyle, name: style.name, description: style.description, path: style.path, body: style.body,
                                    details: ["outputStyle": "\(plugin.name):\(style.name)",
                                              "keepCodingInstructions": style.keepCodingInstructions ? "true" : "false"]))
        }
        for server in plugin.lspServers {
            let command = ([server.command] + server.args).joined(separator: " ")
            var details = ["command": command, "languages": server.languages.joined(separator: ", "),
                           "extensions": server.extensionToLanguage.keys.sorted().joined(separator: " "), "transport": server.transport,
                           "runsOn": "the user's machine"]
            if !server.envKeys.isEmpty { details["env"] = server.envKeys.sorted().joined(separator: ", ") }
            result.append(Component(kind: .lspServer, name: server.name,
                                    description: "Language server for \(server.languages.joined(separator: ", ")) (\(details["extensions"] ?? "")): \(command)",
                                    path: server.path, body: command, details: details))
        }
        for monitor in plugin.monitors {
            result.append(Component(kind: .monitor, name: monitor.name, description: monitor.description, path: monitor.path, body: monitor.command,
                                    details: ["command": monitor.command, "when": monitor.when, "runsOn": "the user's machine"]))
        }
        for channel in plugin.channels {
            var details = ["server": channel.server]
            if let displayName = channel.displayName { details["displayName"] = displayName }
            if !channel.userConfigKeys.isEmpty { details["userConfig"] = channel.userConfigKeys.joined(separator: ", ") }
            result.append(Component(kind: .channel, name: channel.server,
                                    description: "Message channel" + (channel.displayName.map { " '\($0)'" } ?? "") + ": MCP server '\(channel.server)' pushes messages into the session",
                                    path: channel.path, details: details))
        }
        return result
    }
}
