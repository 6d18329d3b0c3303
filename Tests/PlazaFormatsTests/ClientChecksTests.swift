import Foundation
import PlazaFormats
import Testing

/// Checks `claude plugin validate` (Claude Code 2.1.332) makes, with its severities.
@Suite("Claude Code's checks")
struct ClientChecksTests {
    @Test("Claude Code's verdict on marketplace names", arguments: [
        ("github", nil), ("npm", nil), ("gh", nil), ("local", nil), ("acme-claude-plugins", nil), ("ab.", nil),
        ("skills-dir", "refused"), ("synced", "refused"), ("builtin", "refused"), ("claude-marketplace", "refused"),
        ("claude_plugins", "refused"), ("official-claude", "refused"), ("my-claude-official", "refused"),
        ("claude-plugins-officia1", "refused"), ("ClaudeMarketplaces", "refused"), ("café", "refused"),
        ("claude-plugins-official", "official"), ("knowledge-work-plugins", "official"), ("healthcare", "official"),
        ("anthropic-tools", "resembles"), ("acme-official", "resembles"), ("claudeai-tools", "resembles"),
    ] as [(String, String?)])
    func marketplaceNames(name: String, verdict: String?) {
        let actual: String? = switch MarketplaceNames.check(name) {
        case nil: nil
        case .refused: "refused"
        case .officialOnly: "official"
        case .resembles: "resembles"
        }
        #expect(actual == verdict)
    }

    @Test("an official name is a warning in a directory, an error from elsewhere, fine from github.com/anthropics")
    func officialNames() {
        let files = [manifestPath: marketplace("", name: "claude-plugins-official")]
        let directory = load(files)
        #expect(directory.passed)
        #expect(directory.diagnostics("marketplace.name.official").first?.message.contains("cannot know") == true)
        func fromOrigin(_ origin: String) -> ValidationReport {
            MarketplaceLoader(snapshot: InMemorySnapshot(files), options: .init(origin: origin)).load()
        }
        #expect(!fromOrigin("https://git.acme.example/platform/plugins.git").passed)
        let official = fromOrigin("https://github.com/anthropics/claude-plugins-official.git")
        #expect(official.passed && !official.diagnostics.contains { $0.code.hasPrefix("marketplace.name") }, "\(official.diagnostics)")
        #expect(MarketplaceNames.isOfficialRepository("git@github.com:anthropics/x.git"))
        #expect(!MarketplaceNames.isOfficialRepository("https://github.com/anthropics-fan/x.git"))
        #expect(!MarketplaceNames.isOfficialRepository("https://evil.example/github.com/anthropics/x.git"))
    }

    @Test("marketplace and entry names must be installable as plugin@marketplace", arguments: ["a@b", "a:b", "a+b", "-ab", ".ab", "_ab", "café"])
    func installableNames(name: String) {
        #expect(NameRules.installabilityProblem(name) != nil)
        let entry = load([manifestPath: marketplace(#"{"name": "\#(name)", "source": "./p"}"#), "p/skills/s/SKILL.md": skill("s")])
        #expect(entry.diagnostics("plugin.name.charset").count == 1)
        #expect(entry.plugins.isEmpty)
    }

    @Test("names Claude Code installs pass", arguments: ["a", "UPPER", "a.b", "a_b", "ab.", "9lives"])
    func installable(name: String) {
        #expect(NameRules.installabilityProblem(name) == nil)
    }

    @Test("relative sources and component paths without './' are errors; agents entries must be .md files")
    func paths() {
        let report = load([
            manifestPath: marketplace(#"{"name": "bare", "source": "plugins/bare"}, {"name": "p", "source": "./p"}"#),
            "plugins/bare/skills/s/SKILL.md": skill("s"),
            "p/.claude-plugin/plugin.json": #"{"name": "p", "skills": ["extra"], "agents": ["./reviewers", "./team/lead.md"]}"#,
            "p/extra/x/SKILL.md": skill("x"),
            "p/reviewers/r.md": "---\nname: r\ndescription: Reviews\n---\nR.\n",
            "p/team/lead.md": "---\nname: lead\ndescription: Leads\n---\nL.\n",
        ])
        #expect(report.diagnostics("source.dot-slash").map(\.severity) == [.error])
        #expect(report.plugin("bare") == nil)
        #expect(report.diagnostics("path.dot-slash").map(\.pointer) == ["/skills/0"])
        #expect(report.diagnostics("path.dot-slash").first?.severity == .error)
        #expect(report.diagnostics("path.agents.not-markdown").map(\.pointer) == ["/agents/0"])
        #expect(report.plugin("p")?.agents.map(\.name) == ["lead"])
        #expect(report.plugin("p")?.skills.isEmpty == true)
    }

    @Test("an entry version that disagrees with plugin.json: a warning, plugin.json wins")
    func versionMismatch() throws {
        let report = load([manifestPath: marketplace(#"{"name": "p", "source": "./p", "version": "2.0.0"}"#),
                           "p/.claude-plugin/plugin.json": #"{"name": "p", "version": "1.0.0"}"#])
        let warning = try #require(report.diagnostics("plugin.version.mismatch").first)
        #expect(warning.severity == .warning && warning.file == manifestPath && warning.pointer == "/plugins/0/version")
        #expect(report.plugin("p")?.metadata.version == "1.0.0")
    }

    @Test("marketplace-entry fields in plugin.json are warnings")
    func entryOnlyFields() {
        let report = load([manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
                           "p/.claude-plugin/plugin.json": #"{"name": "p", "category": "ops", "strict": false}"#])
        #expect(report.diagnostics("plugin.field.entry-only").map(\.pointer) == ["/category", "/strict"])
        #expect(report.diagnostics("key.unknown").isEmpty)
        #expect(report.passed)
    }

    @Test("unquoted plugin placeholders in hook commands are warnings", arguments: [
        ("${CLAUDE_PLUGIN_ROOT}/x.sh", ["${CLAUDE_PLUGIN_ROOT}"]), ("$CLAUDE_PLUGIN_DATA/x", ["${CLAUDE_PLUGIN_DATA}"]),
        ("\"${CLAUDE_PLUGIN_ROOT}\"/x.sh", []), ("'$CLAUDE_PROJECT_DIR'", []), ("\\${CLAUDE_PLUGIN_ROOT}", []),
        ("$CLAUDE_PLUGIN_ROOTS", []), ("cd ${CLAUDE_PROJECT_DIR} && ${CLAUDE_PLUGIN_ROOT}/a", ["${CLAUDE_PROJECT_DIR}", "${CLAUDE_PLUGIN_ROOT}"]),
    ] as [(String, [String])])
    func unquotedPlaceholders(command: String, expected: [String]) {
        let report = load([manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
                           "p/.claude-plugin/plugin.json": #"{"name": "p", "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "x"}]}]}}"#
                               .replacingOccurrences(of: "\"x\"", with: jsonString(command))])
        let warnings = report.diagnostics("hook.command.unquoted-placeholder")
        #expect(warnings.count == (expected.isEmpty ? 0 : 1))
        for name in expected { #expect(warnings.first?.message.contains(name) == true) }
    }

    @Test("inline hooks are the event map; a {\"hooks\": …} wrapper is ignored, with a warning; hooks.json needs it")
    func inlineHooks() {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p"}, {"name": "w", "source": "./w"}, {"name": "f", "source": "./f"}"#),
            "p/.claude-plugin/plugin.json": #"{"name": "p", "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "true"}]}]}}"#,
            "w/.claude-plugin/plugin.json": #"{"name": "w", "hooks": {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "true"}]}]}}}"#,
            "f/hooks/hooks.json": #"{"Stop": [{"hooks": [{"type": "command", "command": "true"}]}]}"#,
        ])
        #expect(report.plugin("p")?.hooks.map(\.event) == ["Stop"])
        #expect(report.plugin("w")?.hooks.isEmpty == true)
        #expect(report.diagnostics("hook.inline.wrapped").map(\.severity) == [.warning])
        #expect(report.diagnostics("field.missing").first?.file == "f/hooks/hooks.json")
    }

    private func jsonString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Claude Code 2.1 keys (FORMATS.md §7): accepted without unknown-key warnings, checked for type,
/// shown; `command` sources and entry `headersHelper` are flagged, never run.
@Suite("Claude Code 2.1 keys")
struct Claude21KeysTests {
    @Test("2.1 plugin.json keys are accepted and userConfig options keep their sensitive flag")
    func pluginKeys() throws {
        let report = load([
            manifestPath: marketplace(#"{"name": "ops", "source": "./plugins/ops", "relevance": {"signals": {"keywords": ["ops"]}}}"#),
            "plugins/ops/.claude-plugin/plugin.json": #"{"name": "ops", "version": "1.0.0", "displayName": "Ops", "defaultEnabled": false, "engines": {"claude-code": ">=2.1.0"}, "network": {"hosts": ["api.example.com"]}, "userConfig": {"apiKey": {"type": "string", "title": "API key", "description": "The ops API key.", "sensitive": true, "required": true}, "region": {"type": "string", "title": "Region", "description": "Where to run."}}, "themes": "./themes", "workflows": ["./workflows/release.md"], "binaries": ["./bin/ops"], "settings": {"outputStyle": "terse"}, "monitors": [], "experimental": {}}"#,
            "plugins/ops/skills/triage/SKILL.md": skill("triage"),
        ])
        #expect(report.passed, "\(report.diagnostics.map(\.message))")
        #expect(report.diagnostics.filter { $0.code.contains("unknown") }.isEmpty, "\(report.diagnostics.map(\.message))")
        let plugin = try #require(report.plugin("ops"))
        #expect(plugin.metadata.defaultEnabled == false)
        #expect(plugin.metadata.networkHosts == ["api.example.com"])
        #expect(plugin.metadata.userConfig.map(\.name) == ["apiKey", "region"])
        #expect(plugin.metadata.userConfig.map(\.sensitive) == [true, false])
        #expect(plugin.metadata.engines == ["claude-code": ">=2.1.0"])
        #expect(plugin.metadata.themes == ["./themes"])
        #expect(plugin.metadata.workflows == ["./workflows/release.md"])
        #expect(plugin.metadata.binaries == ["./bin/ops"])
        #expect(plugin.metadata.settingsKeys == ["outputStyle"])
    }

    @Test("an HTTP MCP server's headersHelper is a command on the user's machine: listed, so runsCommands holds")
    func mcpHeadersHelper() throws {
        let report = load([
            manifestPath: marketplace(#"{"name": "ops", "source": "./plugins/ops"}"#),
            "plugins/ops/.claude-plugin/plugin.json": #"{"name": "ops", "version": "1.0.0"}"#,
            "plugins/ops/.mcp.json": #"{"mcpServers": {"api": {"type": "http", "url": "https://api.example.com/mcp", "headersHelper": "./bin/token.sh"}}}"#,
            "plugins/ops/skills/triage/SKILL.md": skill("triage"),
        ])
        let plugin = try #require(report.plugin("ops"))
        #expect(plugin.localCommands == ["MCP server api headersHelper: ./bin/token.sh"])
        #expect(plugin.runsCommands)
    }

    @Test("a command source and an entry headersHelper are reported as commands Plaza never runs")
    func commandsAreFlagged() {
        let report = load([manifestPath: marketplace("""
            {"name": "generated", "source": {"source": "command", "command": "./make-plugin.sh"}},
            {"name": "private", "source": {"source": "archive", "url": "https://files.example/p.zip", "sha256": "\(String(repeating: "a", count: 64))"}, "strict": false, "headersHelper": "./get-token.sh"}
            """)])
        #expect(report.diagnostics.contains { $0.code == "source.command" && $0.severity == .warning && $0.message.contains("never runs") })
        #expect(report.diagnostics.contains { $0.code == "entry.headers-helper" && $0.severity == .warning })
        #expect(report.marketplace?.plugins.first { $0.name == "generated" }?.source == .command(command: "./make-plugin.sh"))
    }

    @Test("an mcpServers path naming a packaged server (.mcpb) is listed, not parsed as JSON")
    func mcpBundle() throws {
        let report = load([
            manifestPath: marketplace(#"{"name": "ops", "source": "./plugins/ops"}"#),
            "plugins/ops/.claude-plugin/plugin.json": #"{"name": "ops", "version": "1.0.0", "mcpServers": "./servers/weather.mcpb"}"#,
            "plugins/ops/servers/weather.mcpb": "PK\u{3}\u{4} not JSON at all",
        ])
        #expect(report.passed, "\(report.diagnostics.map(\.message))")
        let plugin = try #require(report.plugin("ops"))
        #expect(plugin.mcpServers.map(\.name) == ["weather"])
        #expect(report.diagnostics.contains { $0.code == "mcp.bundle" && $0.severity == .info })
    }
}
