/// Parses `channels` (plugin.json): `[{"server", "displayName"?, "userConfig"?}]`, each naming one
/// of the plugin's MCP servers as a message channel.
///
/// Claude Code 2.1.332 refuses a channel with another key or without a `server`; it does not check
/// that the server exists, but cannot open a channel to a server the plugin lacks (a warning here).
public enum ChannelsParser {
    static let channelKeys: Set<String> = ["server", "displayName", "userConfig"]

    /// - Parameter mcpServers: the names of the plugin's MCP servers.
    public static func parse(_ root: Node, file: String, reporter: FileReporter, mcpServers: Set<String>) -> [ChannelDefinition] {
        guard let elements = root.elements else {
            reporter.error("type.mismatch", "'channels' must be an array, found \(root.typeName)", at: root)
            return []
        }
        return elements.compactMap { parseChannel($0, file: file, reporter: reporter, mcpServers: mcpServers) }
    }

    private static func parseChannel(_ node: Node, file: String, reporter: FileReporter, mcpServers: Set<String>) -> ChannelDefinition? {
        let subject = node["server"]?.string.map { "channel '\($0)'" } ?? "a channel"
        guard let reader = ObjectReader(node, reporter: reporter, subject: subject) else { return nil }
        var valid = true
        for member in node.members ?? [] where !channelKeys.contains(member.key) {
            reporter.error("channel.key.unknown", "\(subject) has the key '\(member.key)', which Claude Code refuses", at: member.value,
                           hint: "a channel has only server, displayName and userConfig")
            valid = false
        }
        guard let server = reader.string("server", required: true), !server.isEmpty, valid else { return nil }
        var channel = ChannelDefinition(server: server, displayName: reader.string("displayName"), path: file)
        if let options = reader.object("userConfig")?.members {
            for option in options where option.value["title"]?.string == nil || option.value["description"]?.string == nil {
                reporter.error("userConfig.option.invalid", "\(subject): userConfig option '\(option.key)' needs a string title and description; Claude Code refuses the plugin",
                               at: option.value, hint: "give each option a \"title\" and a \"description\"")
                return nil
            }
            channel.userConfigKeys = options.map(\.key)
        }
        if !mcpServers.contains(server) {
            reporter.warning("channel.server.unknown", "\(subject) binds to MCP server '\(server)', which this plugin does not define; the channel cannot open",
                             at: reader["server"], hint: "name one of the plugin's mcpServers" + (mcpServers.isEmpty ? "" : ": \(mcpServers.sorted().joined(separator: ", "))"))
        }
        return channel
    }
}
