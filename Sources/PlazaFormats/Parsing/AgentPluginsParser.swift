import Foundation

/// The Agent Plugins specification (agent-plugins.org, 1.0.0; 1.1.0 draft): a root `plugin.json`
/// with a closed set of keys and a `$schema`, skills at `skills/*/SKILL.md`, MCP servers in a root
/// `mcp.json` of its own format, and client parts under reverse-domain directories
/// (`com.github.copilot/agents/*.agent.md`, `…/commands/`, `…/hooks/hooks.json`).
///
/// Source: agentplugins/agent-plugins-spec `spec/1.0.0.md` §4–§10 and its schemas; VS Code's
/// "Agent plugins" page for the `com.github.copilot` layout (Docs/Validation.md).
public enum AgentPlugins {
    public static let schemaPrefix = "https://agent-plugins.org/schemas/"
    public static let supportedVersions = ["1.0.0", "1.1.0"]
    /// GitHub Copilot's namespace, which VS Code, Copilot CLI and the Copilot app read.
    public static let copilotNamespace = "com.github.copilot"
    static let manifestKeys: Set<String> = ["$schema", "name", "version", "description", "author", "homepage", "repository", "license",
                                            "keywords", "extensions"]
    static let manifestKeys11: Set<String> = manifestKeys.union(["displayName", "icon"])

    /// The spec version a `plugin.json` declares through its `$schema`, nil when it is not an Agent
    /// Plugins manifest at all (no agent-plugins.org `$schema`).
    public static func declaredVersion(_ bytes: [UInt8]) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
              let schema = object["$schema"] as? String, schema.hasPrefix(schemaPrefix) else { return nil }
        return String(schema.dropFirst(schemaPrefix.count).prefix { $0 != "/" })
    }

    /// Name rule of §5.3: 1–64 of `[a-z0-9.-]`, alphanumeric at both ends, no `--` or `..`.
    static func nameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
        guard !name.isEmpty, name.count <= 64, allowed else { return "must be 1–64 characters of a-z, 0-9, '.' and '-'" }
        guard let first = name.first, let last = name.last, first.isLetter || first.isNumber, last.isLetter || last.isNumber else {
            return "must start and end with a letter or digit"
        }
        if name.contains("--") || name.contains("..") { return "must not contain '--' or '..'" }
        return nil
    }

    /// Parses a root `plugin.json` of the spec. Unknown top-level keys are reported and ignored; a
    /// missing or unsupported `$schema`, a bad name, a wrong type or an unknown `author` key makes
    /// the manifest invalid (§5.2, §8.1, §11.3).
    public static func parseManifest(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> (PluginManifest, String)? {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits),
              let object = ObjectReader(root, reporter: reporter, subject: "plugin.json") else { return nil }
        guard let schema = object.string("$schema", required: true) else { return nil }
        let version = String(schema.dropFirst(schemaPrefix.count).prefix { $0 != "/" })
        guard schema.hasPrefix(schemaPrefix), supportedVersions.contains(version),
              schema == "\(schemaPrefix)\(version)/plugin.schema.json" else {
            reporter.error("agent-plugins.schema.unsupported", "'$schema' names '\(schema)', which is not a supported Agent Plugins version",
                           at: object["$schema"], hint: "use https://agent-plugins.org/schemas/1.0.0/plugin.schema.json")
            return nil
        }
        for member in root.members ?? [] where !(version == "1.0.0" ? manifestKeys : manifestKeys11).contains(member.key) {
            reporter.warning("agent-plugins.key.unknown", "'\(member.key)' is not an Agent Plugins \(version) plugin.json key; clients ignore it",
                             at: member.value, hint: component(member.key) ? "components are found at fixed locations (skills/, mcp.json); remove the key" : nil)
        }
        guard let name = object.string("name", required: true) else { return nil }
        if let problem = nameProblem(name) {
            reporter.error("plugin.name.invalid", "the plugin name '\(name)' \(problem) (Agent Plugins §5.3)", at: object["name"])
            return nil
        }
        if let author = object["author"] {
            guard ObjectReader(author, reporter: reporter, subject: "'author'") != nil else { return nil }
            let unknown = (author.members ?? []).map(\.key).filter { !["name", "email", "url"].contains($0) }
            if !unknown.isEmpty {
                reporter.error("agent-plugins.author.invalid", "'author' may hold only name, email and url; found \(unknown.joined(separator: ", "))", at: author)
                return nil
            }
        }
        if let extensions = object["extensions"], extensions.members == nil {
            reporter.warning("type.mismatch", "'extensions' must be an object of namespaces, found \(extensions.typeName); it is ignored", at: extensions)
        }
        let fields = PluginFieldsReader(object: object)
        return (PluginManifest(metadata: fields.metadata(name: name), components: ComponentPaths()), version)
    }

    static func component(_ key: String) -> Bool {
        ["skills", "agents", "commands", "hooks", "mcpServers", "lspServers", "outputStyles"].contains(key)
    }
}
