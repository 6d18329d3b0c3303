extension LoadedPlugin {
    /// Everything of the plugin that makes a client run a program on the user's machine, one line
    /// each, for reviewers and install policy: command hooks, monitors, LSP servers, stdio MCP
    /// servers (packaged ones included), the entry's `headersHelper` and a `command` source.
    /// Plaza itself runs none of them.
    public var localCommands: [String] {
        var lines: [String] = []
        for hook in hooks where hook.type == "command" {
            lines.append("hook \(hook.event)\(hook.matcher.map { ":\($0)" } ?? ""): \(hook.target)")
        }
        lines += monitors.map { "monitor \($0.name): \($0.command)" }
        lines += lspServers.map { "LSP server \($0.name): \(([$0.command] + $0.args).joined(separator: " "))" }
        for server in mcpServers where server.transport == .stdio {
            lines.append("MCP server \(server.name): \(([server.command ?? ""] + server.args).joined(separator: " "))")
        }
        for server in mcpServers {
            if let helper = server.headersHelper { lines.append("MCP server \(server.name) headersHelper: \(helper)") }
        }
        if let headersHelper { lines.append("headersHelper: \(headersHelper)") }
        if case .command(let command) = source { lines.append("command source: \(command)") }
        return lines
    }

    /// Whether installing the plugin lets a client run programs on the user's machine (see ``localCommands``).
    public var runsCommands: Bool { !localCommands.isEmpty }
}
