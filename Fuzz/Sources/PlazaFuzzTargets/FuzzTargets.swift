import Foundation
import PlazaFormats
import PlazaRegistry

/// What each fuzzer does with one input. Nothing here may crash, hang or allocate without bound,
/// whatever the bytes: a parser answers with a value, a diagnostic or a ``ParseError``.
public enum FuzzTargets {
    /// The positioned JSON parser; a parsed tree is also walked for pointers and lookups.
    public static func json(_ bytes: [UInt8]) {
        guard let node = try? JSONParser.parse(bytes) else { return }
        walk(node)
    }

    /// Markdown with YAML frontmatter (skills, agents, commands, output styles) and Azure SRE Agent YAML.
    public static func yaml(_ bytes: [UInt8]) {
        let log = DiagnosticLog()
        _ = SkillParser.parse(bytes, file: "skills/fuzz/SKILL.md", directory: "skills/fuzz", log: log)
        _ = AgentParser.parse(bytes, file: "agents/fuzz.md", log: log)
        _ = CommandParser.parse(bytes, file: "commands/fuzz.md", log: log)
        _ = OutputStyleParser.parse(bytes, file: "output-styles/fuzz.md", plugin: "fuzz", log: log)
        if SREDefinitionParser.looksLikeDefinition(bytes) {
            _ = SREDefinitionParser.parse(bytes, file: "sre/fuzz.yaml", log: log)
        }
        if let text = try? TextDecoding.decode(bytes), let node = try? YAMLReader.parse(text) { walk(node) }
    }

    /// Every JSON manifest parser on the same bytes: marketplace.json, plugin.json, hooks.json,
    /// .mcp.json, .lsp.json and monitors.json.
    public static func manifests(_ bytes: [UInt8]) {
        let log = DiagnosticLog()
        _ = MarketplaceParser.parse(bytes, file: ".claude-plugin/marketplace.json", log: log)
        _ = PluginManifestParser.parse(bytes, file: ".claude-plugin/plugin.json", log: log)
        _ = HooksParser.parse(bytes, file: "hooks/hooks.json", log: log)
        _ = MCPConfigParser.parse(bytes, file: ".mcp.json", log: log)
        _ = LSPConfigParser.parse(bytes, file: ".lsp.json", log: log)
        _ = MonitorsParser.parse(bytes, file: "monitors/monitors.json", log: log)
    }

    /// The marketplace and plugin loaders over a whole repository packed as an ``ArchiveSnapshot``,
    /// leniently and strictly.
    public static func loader(_ bytes: [UInt8]) {
        let snapshot = ArchiveSnapshot(bytes)
        for strict in [false, true] {
            let report = MarketplaceLoader(snapshot: snapshot, options: .init(strict: strict)).load()
            _ = report.summary
        }
    }

    /// The server.json validator (schema and official rules), then governance and version ordering
    /// on what it accepted.
    public static func serverJSON(_ bytes: [UInt8]) {
        let (object, issues) = ServerJSONValidator.validate(data: Data(bytes))
        guard let object, issues.isEmpty else { return }
        _ = GovernanceCheck.check(server: object, governance: Governance(), rules: GovernanceRules(), fields: [])
        if let version = object["version"] as? String, let parsed = VersionOrdering.SemanticVersion(version) {
            _ = VersionOrdering.SemanticVersion.compare(parsed, parsed)
        }
    }

    private static func walk(_ node: Node) {
        switch node.value {
        case .object(let members): for member in members { _ = node[member.key]; walk(member.value) }
        case .array(let elements): for element in elements { walk(element) }
        default: break
        }
    }
}
