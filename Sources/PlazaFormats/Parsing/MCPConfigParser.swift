/// Parses MCP server definitions: `.mcp.json` nested (`{"mcpServers": {…}}`) or flat (`{"name": {…}}`),
/// or an inline `mcpServers` object.
///
/// Literal credentials in headers, environment values or arguments are errors; the message names
/// the field and the kind of secret, never the value.
public enum MCPConfigParser {
    static let serverKeys: Set<String> = ["type", "command", "args", "env", "url", "headers", "cwd", "timeout", "oauth", "headersHelper", "description", "disabled"]

    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> [MCPServerDefinition] {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits) else { return [] }
        return parse(root, file: file, reporter: reporter)
    }

    public static func parse(_ root: Node, file: String, reporter: FileReporter) -> [MCPServerDefinition] {
        guard let object = ObjectReader(root, reporter: reporter, subject: "the MCP configuration") else { return [] }
        let servers: Node
        if let nested = object["mcpServers"] {
            object.warnUnknownKeys(["mcpServers"])
            servers = nested
        } else {
            servers = root
        }
        guard let members = servers.members else {
            reporter.error("type.mismatch", "'mcpServers' must be an object of servers, found \(servers.typeName)", at: servers)
            return []
        }
        return members.compactMap { parseServer(name: $0.key, node: $0.value, file: file, reporter: reporter) }
    }

    private static func parseServer(name: String, node: Node, file: String, reporter: FileReporter) -> MCPServerDefinition? {
        let subject = "MCP server '\(name)'"
        guard let reader = ObjectReader(node, reporter: reporter, subject: subject) else { return nil }
        reader.warnUnknownKeys(serverKeys)
        if NameRules.problem(withIdentifier: name) != nil {
            reporter.error("mcp.name.invalid", "\(subject): the name must not contain spaces, slashes or control characters", at: node)
            return nil
        }
        let type = reader.string("type")
        let transport: MCPServerDefinition.Transport
        switch type {
        case nil, "stdio": transport = reader["url"] != nil && reader["command"] == nil ? .http : .stdio
        case "http", "streamable-http": transport = .http
        case "sse": transport = .sse
        case "ws", "websocket": transport = .ws
        default:
            reporter.error("mcp.type.unknown", "\(subject): unknown type '\(type!)'", at: reader["type"], hint: "use stdio, http, sse or ws")
            return nil
        }
        var server = MCPServerDefinition(name: name, transport: transport, path: file)
        var secrets: [String] = []
        var clean = true
        if transport == .stdio {
            guard let command = reader.string("command", required: true) else { return nil }
            server.command = command
            server.args = reader.stringList("args") ?? []
            for (index, argument) in server.args.enumerated() {
                clean = scan(argument, key: nil, field: "args[\(index)]", subject: subject, node: reader["args"]?.elements?[safe: index], reporter: reporter) && clean
                secrets += SecretScanner.references(in: argument)
            }
        } else {
            guard let url = reader.string("url", required: true) else { return nil }
            server.url = url
            server.headersHelper = reader["headersHelper"]?.string
            clean = scan(url, key: nil, field: "url", subject: subject, node: reader["url"], reporter: reporter) && clean
            secrets += SecretScanner.references(in: url)
        }
        for (field, keys) in [("env", \MCPServerDefinition.envKeys), ("headers", \MCPServerDefinition.headerKeys)] {
            guard let map = reader.object(field)?.members else { continue }
            server[keyPath: keys] = map.map(\.key)
            for member in map {
                guard let value = member.value.scalarText else { continue }
                clean = scan(value, key: member.key, field: "\(field).\(member.key)", subject: subject, node: member.value, reporter: reporter) && clean
                secrets += SecretScanner.references(in: value)
            }
        }
        guard clean else { return nil }
        var seen: Set<String> = []
        server.requiredSecrets = secrets.filter { !SecretScanner.builtInVariables.contains($0) && seen.insert($0).inserted }
        return server
    }

    private static func scan(_ value: String, key: String?, field: String, subject: String, node: Node?, reporter: FileReporter) -> Bool {
        guard let kind = SecretScanner.literalSecretKind(in: value, key: key) else { return true }
        let variable = (key ?? "TOKEN").uppercased().replacingOccurrences(of: "-", with: "_")
        reporter.error("mcp.secret.literal", "\(subject): \(field) holds a literal secret (\(kind)); the value is not shown",
                       at: node, hint: "reference a variable instead, e.g. \"${env:\(variable)}\", and rotate the exposed secret")
        return false
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
