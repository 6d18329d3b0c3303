import Foundation

extension AgentPlugins {
    static let stdioKeys: Set<String> = ["type", "command", "args", "env", "cwd"]
    static let remoteKeys: Set<String> = ["type", "url", "headers"]

    /// Parses the spec's root `mcp.json` (§7.2): exactly `$schema` (the plugin's spec version) and
    /// `mcpServers`; every server has a `type` (`stdio`, `streamable-http` or `sse`) and matches
    /// that variant exactly. A top-level problem disables the file (nothing is loaded from it); a
    /// bad server is reported and skipped, the rest load.
    public static func parseMCP(_ bytes: [UInt8], file: String, version: String, log: DiagnosticLog,
                                limits: ParseLimits = .default) -> [MCPServerDefinition] {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits),
              let object = ObjectReader(root, reporter: reporter, subject: "mcp.json") else { return [] }
        let expected = "\(schemaPrefix)\(version)/mcp.schema.json"
        guard let schema = object.string("$schema", required: true) else { return [] }
        guard schema == expected else {
            reporter.error("agent-plugins.schema.mismatch", "'$schema' is '\(schema)'; this plugin's mcp.json must name \(expected); no MCP server is loaded",
                           at: object["$schema"], hint: "a Claude-style .mcp.json (no $schema, types optional) belongs in .mcp.json, not mcp.json")
            return []
        }
        let unknown = (root.members ?? []).map(\.key).filter { $0 != "$schema" && $0 != "mcpServers" }
        if !unknown.isEmpty {
            reporter.error("agent-plugins.mcp.shape", "mcp.json may hold only $schema and mcpServers; found \(unknown.joined(separator: ", ")); no MCP server is loaded",
                           at: root)
            return []
        }
        guard let servers = object["mcpServers"] else { object.missing("mcpServers"); return [] }
        guard let members = servers.members else {
            reporter.error("type.mismatch", "'mcpServers' must be an object of servers, found \(servers.typeName); no MCP server is loaded", at: servers)
            return []
        }
        let rejected = Set(members.filter { !validServer($0.key, $0.value, reporter: reporter) }.map(\.key))
        // The remaining servers go through the common checks (names, literal secrets).
        return MCPConfigParser.parse(servers, file: file, reporter: reporter).filter { !rejected.contains($0.name) }
    }

    private static func validServer(_ name: String, _ node: Node, reporter: FileReporter) -> Bool {
        let subject = "MCP server '\(name)'"
        guard let reader = ObjectReader(node, reporter: reporter, subject: subject) else { return false }
        func refuse(_ message: String, at field: Node? = nil, hint: String? = nil) -> Bool {
            reporter.error("agent-plugins.mcp.server", "\(subject): \(message); it is skipped", at: field ?? node, hint: hint)
            return false
        }
        guard let type = reader["type"]?.string else {
            return refuse("'type' is required (stdio, streamable-http or sse)", hint: "Claude-style servers without a type belong in .mcp.json")
        }
        let keys = Set((node.members ?? []).map(\.key))
        switch type {
        case "stdio":
            if let extra = keys.subtracting(stdioKeys).sorted().first { return refuse("'\(extra)' is not a stdio server key", at: node[extra]) }
            guard let command = reader["command"]?.string else { return refuse("'command' is required") }
            if command.isEmpty || command.contains(where: \.isWhitespace) || command.contains("${") {
                return refuse("'command' must be one program (a bare name or ./path), not a shell string or a placeholder", at: reader["command"])
            }
            if let cwd = reader["cwd"]?.string, !(cwd.hasPrefix("./") || cwd.hasPrefix("${PLUGIN_ROOT}") || cwd.hasPrefix("${PLUGIN_DATA}")) {
                return refuse("'cwd' must start with ./, ${PLUGIN_ROOT} or ${PLUGIN_DATA}", at: reader["cwd"])
            }
            if let env = reader["env"]?.members, let reserved = env.first(where: { $0.key == "PLUGIN_ROOT" || $0.key == "PLUGIN_DATA" }) {
                return refuse("'env' must not set \(reserved.key)", at: reserved.value)
            }
        case "streamable-http", "sse":
            if let extra = keys.subtracting(remoteKeys).sorted().first { return refuse("'\(extra)' is not a \(type) server key", at: node[extra]) }
            guard let text = reader["url"]?.string else { return refuse("'url' is required") }
            guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
                  let host = url.host, !host.isEmpty, url.user == nil, url.password == nil, url.fragment == nil, !text.contains("${") else {
                return refuse("'url' must be an absolute http(s) URL without user info, fragment or placeholders", at: reader["url"])
            }
            let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
            if scheme == "http", !loopback { return refuse("'url' must use https unless the host is localhost or a loopback address", at: reader["url"]) }
            if let headers = reader["headers"]?.members, let templated = headers.first(where: { $0.value.string?.contains("${") == true }) {
                return refuse("header '\(templated.key)' holds a placeholder, which the spec does not expand", at: templated.value)
            }
        default:
            return refuse("unknown type '\(type)'", at: reader["type"], hint: "use stdio, streamable-http or sse (the spec spells HTTP 'streamable-http')")
        }
        return true
    }
}
