import PlazaFormats
import Testing

@Suite("Plugin layout and components")
struct PluginLayoutTests {
    static let layout: [String: String] = [
        manifestPath: marketplace("{\"name\": \"ops\", \"source\": \"./plugins/ops\", \"description\": \"from entry\", \"category\": \"operations\"}"),
        "plugins/ops/.claude-plugin/plugin.json": #"{"name": "ops", "version": "2.0.0", "description": "Ops tools", "skills": ["./extra-skills"], "author": {"name": "SRE"}}"#,
        "plugins/ops/skills/triage/SKILL.md": skill("triage", extra: "allowed-tools: Bash Read\nmetadata:\n  owner: sre\n"),
        "plugins/ops/skills/triage/scripts/run.sh": "#!/bin/sh\n",
        "plugins/ops/extra-skills/rollback/SKILL.md": skill("rollback"),
        "plugins/ops/commands/page.md": "---\ndescription: Page the on-call\nargument-hint: <service>\n---\nPage them.\n",
        "plugins/ops/commands/README.md": "not a command",
        "plugins/ops/agents/commander.md": "---\nname: commander\ndescription: Runs incidents\ntools: Read, Grep, Bash\nmodel: sonnet\n---\nYou run incidents.\n",
        "plugins/ops/hooks/hooks.json": #"{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/guard.sh"}]}]}}"#,
        "plugins/ops/.mcp.json": #"{"mcpServers": {"logs": {"command": "npx", "args": ["-y", "logs-mcp"], "env": {"LOGS_KEY": "${env:LOGS_KEY}"}}, "jira": {"type": "http", "url": "https://jira.example/mcp", "headers": {"Authorization": "Bearer ${JIRA_TOKEN}"}}}}"#,
        "plugins/ops/.lsp.json": #"{"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}}}"#,
    ]

    @Test("the default layout and declared paths are all found")
    func defaultLayout() throws {
        let report = load(Self.layout)
        #expect(report.passed, "\(report.diagnostics)")
        let plugin = try #require(report.plugin("ops"))
        #expect(plugin.hasManifest)
        #expect(plugin.metadata.version == "2.0.0")
        #expect(plugin.metadata.description == "Ops tools")  // plugin.json wins
        #expect(plugin.metadata.category == "operations")   // filled from the entry
        #expect(plugin.skills.map(\.name).sorted() == ["rollback", "triage"])
        #expect(plugin.skills.first { $0.name == "triage" }?.allowedTools == ["Bash", "Read"])
        #expect(plugin.skills.first { $0.name == "triage" }?.metadata == ["owner": "sre"])
        #expect(plugin.commands.map(\.name) == ["page"])
        #expect(plugin.commands.first?.argumentHint == "<service>")
        #expect(plugin.agents.first?.tools == ["Read", "Grep", "Bash"])
        #expect(plugin.hooks == [HookDefinition(event: "PreToolUse", matcher: "Bash", type: "command",
                                                target: "${CLAUDE_PLUGIN_ROOT}/guard.sh", path: "plugins/ops/hooks/hooks.json")])
        #expect(plugin.mcpServers.map(\.name) == ["logs", "jira"])
        #expect(plugin.mcpServers.map(\.transport) == [.stdio, .http])
        #expect(plugin.mcpServers.map(\.requiredSecrets) == [["LOGS_KEY"], ["JIRA_TOKEN"]])
        #expect(plugin.lspServers.map(\.name) == ["go"])
    }

    @Test("flat .mcp.json and inline mcpServers both load")
    func flatMCP() throws {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p", "mcpServers": {"inline": {"type": "sse", "url": "https://x.example/sse"}}}"#),
            "p/.mcp.json": #"{"flat": {"command": "uvx", "args": ["flat-mcp"]}}"#,
        ])
        #expect(report.passed, "\(report.diagnostics)")
        #expect(report.plugin("p")?.mcpServers.map(\.name).sorted() == ["flat", "inline"])
    }

    @Test("strict:false at the marketplace root loads only the listed skills")
    func strictFalseListedSkills() throws {
        let report = load([
            "runbooks/restart/SKILL.md": skill("restart"),
            "runbooks/other/SKILL.md": skill("other"),
            "skills/not-listed/SKILL.md": skill("not-listed"),
            manifestPath: marketplace(#"{"name": "runbooks", "source": "./", "strict": false, "skills": ["./runbooks/restart"]}, {"name": "sre", "source": "./plugins/sre"}"#),
            "plugins/sre/skills/kql.yaml": "api_version: azuresre.ai/v1\nkind: SkillConfiguration\nspec:\n  name: kql\n  description: KQL.\n",
        ])
        #expect(report.passed, "\(report.diagnostics)")
        #expect(report.plugin("runbooks")?.skills.map(\.name) == ["restart"])
        #expect(report.plugin("sre")?.skills.map(\.name) == ["kql"], "a nested plugin's files belong to it alone")
    }

    @Test("symlinks escaping the plugin or the repository are errors; the rest loads")
    func symlinkEscapes() throws {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./plugins/p"}, {"name": "q", "source": "./plugins/q"}, {"name": "linked", "source": "./plugins/linked"}"#),
            "plugins/p/skills/ok/SKILL.md": skill("ok"),
            "plugins/p/skills/stolen": "-> ../../q/skills/secret",
            "plugins/p/skills/etc": "-> /etc",
            "plugins/q/skills/secret/SKILL.md": skill("secret"),
            "plugins/linked": "-> ../../../outside",
        ])
        let p = try #require(report.plugin("p"))
        #expect(p.skills.map(\.name) == ["ok"])
        let escapes = report.diagnostics("path.symlink-escape")
        #expect(escapes.contains { $0.file == "plugins/p/skills/stolen" && $0.message.contains("outside plugin 'p'") })
        #expect(escapes.contains { $0.file == "plugins/p/skills/etc" })
        #expect(escapes.contains { $0.pointer == "/plugins/2/source" })
        #expect(report.plugin("linked")?.status == .failed)
        #expect(report.plugin("q")?.skills.map(\.name) == ["secret"])
    }

    @Test("a symlink inside the plugin is followed")
    func innerSymlink() {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
            "p/shared/base/SKILL.md": skill("base"),
            "p/skills/base": "-> ../shared/base",
        ])
        #expect(report.plugin("p")?.skills.map(\.name) == ["base"])
        #expect(report.passed, "\(report.diagnostics)")
    }

    @Test("component paths with '..' or absolute paths are errors")
    func componentPathTraversal() {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
            "p/.claude-plugin/plugin.json": #"{"name": "p", "skills": ["../../elsewhere"], "commands": "/etc/passwd"}"#,
        ])
        #expect(report.diagnostics("path.unsafe").count == 2)
        #expect(report.diagnostics("path.unsafe").allSatisfy { $0.file == "p/.claude-plugin/plugin.json" })
    }

    @Test("a literal secret in an MCP server is an error that never shows the value")
    func literalSecret() throws {
        let token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
            "p/.mcp.json": "{\"mcpServers\": {\"gh\": {\"type\": \"http\", \"url\": \"https://x.example\", \"headers\": {\"Authorization\": \"Bearer \(token)\"}}, \"ok\": {\"command\": \"x\"}}}",
        ])
        let error = try #require(report.diagnostics("mcp.secret.literal").first)
        #expect(error.pointer == "/mcpServers/gh/headers/Authorization")
        #expect(error.location?.line == 1)
        #expect(!error.message.contains(token) && !(error.hint ?? "").contains(token))
        #expect(report.plugin("p")?.mcpServers.map(\.name) == ["ok"])
    }

    @Test("skills: lenient warnings, errors only for missing frontmatter or description")
    func skillRules() throws {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
            "p/skills/agent-development/SKILL.md": skill("Agent Development"),
            "p/skills/mismatch/SKILL.md": skill("other-name"),
            "p/skills/extra/SKILL.md": skill("extra", extra: "when_to_use: always\nfavourite-colour: blue\n"),
            "p/skills/nofront/SKILL.md": "# Just markdown\n",
            "p/skills/nodesc/SKILL.md": "---\nname: nodesc\n---\nbody",
            "p/skills/badyaml/SKILL.md": "---\nname: badyaml\ndescription: \"oops\n---\n",
            "p/skills/empty-dir/notes.txt": "x",
        ])
        let names = report.plugin("p")?.skills.map(\.name).sorted()
        #expect(names == ["Agent Development", "extra", "other-name"])
        #expect(report.diagnostics("skill.name.format").first?.hint == "use 'agent-development'")
        #expect(report.diagnostics("skill.name.directory").count == 1)
        #expect(report.diagnostics("key.unknown").map(\.pointer) == ["/favourite-colour"])
        #expect(report.diagnostics("skill.frontmatter.missing").first?.file == "p/skills/nofront/SKILL.md")
        #expect(report.diagnostics("field.missing").first?.pointer == "/description")
        #expect(report.diagnostics("yaml.syntax").first?.location?.line ?? 0 >= 3)
        #expect(report.diagnostics("skill.file.missing").first?.file == "p/skills/empty-dir")
    }

    @Test("oversized and non-UTF-8 skill files are refused with clear errors")
    func boundedSkillFiles() {
        let snapshot = InMemorySnapshot(
            [manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#), "p/skills/ok/SKILL.md": skill("ok")],
            binary: ["p/skills/huge/SKILL.md": Array(repeating: 0x61, count: 2_000_000),
                     "p/skills/latin1/SKILL.md": Array("---\nname: latin1\ndescription: caf".utf8) + [0xE9] + Array("\n---\n".utf8)])
        let report = MarketplaceLoader(snapshot: snapshot).load()
        #expect(report.plugin("p")?.skills.map(\.name) == ["ok"])
        #expect(report.diagnostics("file.too-large").first?.file == "p/skills/huge/SKILL.md")
        #expect(report.diagnostics("file.encoding").first?.location?.line == 3)
    }

    @Test("Azure SRE Agent YAML defines agents and skills")
    func sreAgentYAML() throws {
        let report = load([
            manifestPath: marketplace(#"{"name": "sre", "source": "./sre"}"#),
            "sre/agents/triage.yaml": """
                api_version: azuresre.ai/v1
                kind: AgentConfiguration
                metadata:
                  owner: sre@acme.example
                  version: 1.0.0
                spec:
                  name: triage
                  display_name: Triage
                  system_prompt: |
                    You triage incidents.
                  handoff_description: Hand off alerts that need triage.
                  agent_type: Autonomous
                  tools: [QueryLogs]
                  mcp_connectors: [observability]
                  skills: [kql]
                  handoffs: []
                """,
            "sre/skills/kql.yaml": "api_version: azuresre.ai/v1\nkind: SkillConfiguration\nspec:\n  name: kql\n  description: Query latency with KQL.\n  instructions: Run the query.\n",
            "sre/export/latency.yaml": "metadata:\n  name: latency\n  description: Latency checks\n  spec:\n    tools: [QueryLogs]\nskillContent: skills/latency.md\n",
            "sre/export/skills/latency.md": "Check p99 latency.",
            ".github/workflows/ci.yaml": "on: push\n",
        ])
        #expect(report.passed, "\(report.diagnostics)")
        let plugin = try #require(report.plugin("sre"))
        #expect(plugin.agents.map(\.name) == ["triage"])
        #expect(plugin.agents.first?.mcpConnectors == ["observability"])
        #expect(plugin.agents.first?.format == .azureSREAgentConfiguration)
        #expect(plugin.skills.map(\.name).sorted() == ["kql", "latency"])
        #expect(plugin.skills.first { $0.name == "latency" }?.body == "Check p99 latency.")
    }

    @Test("a repository holding one plugin validates as a plugin")
    func standalonePlugin() throws {
        let report = load([".claude-plugin/plugin.json": #"{"name": "solo", "version": "1.0.0"}"#, "skills/a/SKILL.md": skill("a")])
        #expect(report.kind == .plugin)
        #expect(report.plugins.first?.skills.map(\.name) == ["a"])
        #expect(report.passed)
    }

    @Test("no manifest at all is a clear error")
    func noManifest() {
        let report = load(["README.md": "hi"])
        #expect(report.diagnostics("manifest.missing").first?.hint?.contains(".claude-plugin/marketplace.json") == true)
    }

    @Test("hooks: unknown types are errors, unknown events warnings")
    func hooks() {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
            "p/hooks/hooks.json": #"{"hooks": {"OnMagic": [{"hooks": [{"type": "command", "command": "x"}]}], "Stop": [{"hooks": [{"type": "shell", "command": "y"}]}]}}"#,
        ])
        #expect(report.diagnostics("hook.event.unknown").count == 1)
        #expect(report.diagnostics("hook.type.unknown").count == 1)
        #expect(report.plugin("p")?.hooks.count == 1)
    }
}
