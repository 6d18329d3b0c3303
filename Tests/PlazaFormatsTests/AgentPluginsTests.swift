import PlazaFormats
import Testing

/// The Agent Plugins specification 1.0 (agent-plugins.org): root plugin.json and root mcp.json.
@Suite("Agent Plugins spec layout")
struct AgentPluginsTests {
    static let schema = "https://agent-plugins.org/schemas/1.0.0/plugin.schema.json"
    static let mcpSchema = "https://agent-plugins.org/schemas/1.0.0/mcp.schema.json"

    func manifest(_ json: String) -> (PluginManifest?, [Diagnostic]) {
        let log = DiagnosticLog()
        let parsed = AgentPlugins.parseManifest(Array(json.utf8), file: "plugin.json", log: log)
        return (parsed?.0, log.diagnostics)
    }

    func mcp(_ json: String) -> ([MCPServerDefinition], [Diagnostic]) {
        let log = DiagnosticLog()
        return (AgentPlugins.parseMCP(Array(json.utf8), file: "mcp.json", version: "1.0.0", log: log), log.diagnostics)
    }

    @Test("a spec plugin.json is recognised by its $schema and read with its metadata")
    func manifestReads() throws {
        let json = #"{"$schema": "\#(Self.schema)", "name": "hello.tools", "version": "1.0.0", "description": "Greeting tools", "author": {"name": "Acme"}, "extensions": {"com.github.copilot": {}}}"#
        #expect(AgentPlugins.declaredVersion(Array(json.utf8)) == "1.0.0")
        #expect(AgentPlugins.declaredVersion(Array(#"{"name": "x"}"#.utf8)) == nil, "a Claude or Copilot plugin.json is not a spec manifest")
        let (parsed, diagnostics) = manifest(json)
        let plugin = try #require(parsed, "\(diagnostics)")
        #expect(plugin.metadata.name == "hello.tools")
        #expect(plugin.metadata.version == "1.0.0")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test("unknown keys (and component keys) are reported and ignored; bad names, authors and schemas are fatal")
    func manifestRules() {
        let (withSkills, warnings) = manifest(#"{"$schema": "\#(Self.schema)", "name": "ops", "skills": ["./s"], "category": "x"}"#)
        #expect(withSkills != nil)
        #expect(warnings.filter { $0.code == "agent-plugins.key.unknown" }.count == 2)
        #expect(warnings.allSatisfy { $0.severity == .warning })
        for (json, code) in [
            (#"{"$schema": "\#(Self.schema)", "name": "a--b"}"#, "plugin.name.invalid"),
            (#"{"$schema": "\#(Self.schema)", "name": "My.Plugin"}"#, "plugin.name.invalid"),
            (#"{"$schema": "\#(Self.schema)", "name": "ok", "author": {"name": "A", "team": "x"}}"#, "agent-plugins.author.invalid"),
            (#"{"$schema": "https://agent-plugins.org/schemas/9.0.0/plugin.schema.json", "name": "ok"}"#, "agent-plugins.schema.unsupported"),
        ] {
            let (parsed, diagnostics) = manifest(json)
            #expect(parsed == nil, "\(json) is refused")
            #expect(diagnostics.contains { $0.code == code && $0.severity == .error }, "\(json): \(diagnostics.map(\.code))")
        }
    }

    @Test("mcp.json: typed servers load; a Claude-style file or a schema mismatch loads nothing; a bad server is skipped alone")
    func mcpRules() {
        let good = #"{"$schema": "\#(Self.mcpSchema)", "mcpServers": {"hello": {"type": "stdio", "command": "./bin/hello", "args": ["--data", "${PLUGIN_DATA}/hello"]}, "docs": {"type": "streamable-http", "url": "https://docs.example/mcp"}}}"#
        let (servers, diagnostics) = mcp(good)
        #expect(servers.map(\.name) == ["hello", "docs"], "\(diagnostics)")
        #expect(servers.map(\.transport) == [.stdio, .http])

        let claudeStyle = #"{"mcpServers": {"hello": {"command": "npx", "args": ["hello"]}}}"#
        #expect(mcp(claudeStyle).0.isEmpty)
        #expect(mcp(claudeStyle).1.contains { $0.code == "field.missing" || $0.code.hasPrefix("agent-plugins") })
        let otherVersion = good.replacingOccurrences(of: "1.0.0", with: "1.1.0")
        #expect(mcp(otherVersion).0.isEmpty && mcp(otherVersion).1.contains { $0.code == "agent-plugins.schema.mismatch" })

        let mixed = #"{"$schema": "\#(Self.mcpSchema)", "mcpServers": {"untyped": {"command": "x"}, "shell": {"type": "stdio", "command": "npx -y x"}, "plain": {"type": "streamable-http", "url": "http://docs.example/mcp"}, "http": {"type": "http", "url": "https://x.example"}, "local": {"type": "sse", "url": "http://127.0.0.1:9000/sse"}}}"#
        let (kept, reported) = mcp(mixed)
        #expect(kept.map(\.name) == ["local"], "only the valid server loads: \(reported.map(\.message))")
        #expect(reported.filter { $0.code == "agent-plugins.mcp.server" }.count == 4)
    }
}

/// OpenAI Codex: `.agents/plugins/marketplace.json` with `local` sources, `.codex-plugin/plugin.json`.
@Suite("Codex layout")
struct CodexLayoutTests {
    static let layout: [String: String] = [
        ".agents/plugins/marketplace.json": #"{"name": "acme-codex", "interface": {"displayName": "Acme"}, "plugins": [{"name": "hello-tools", "source": {"source": "local", "path": "./plugins/hello-tools"}, "policy": {"installation": "AVAILABLE", "authentication": "ON_INSTALL"}, "category": "Productivity"}]}"#,
        "plugins/hello-tools/.codex-plugin/plugin.json": #"{"name": "hello-tools", "version": "1.0.0", "description": "Greeting tools", "skills": "./skills/", "mcpServers": "./.mcp.json", "interface": {"displayName": "Hello Tools"}}"#,
        "plugins/hello-tools/skills/greet/SKILL.md": skill("greet"),
        "plugins/hello-tools/.mcp.json": #"{"mcpServers": {"hello": {"command": "node", "args": ["server.js"]}}}"#,
    ]

    @Test("a Codex marketplace and plugin validate with their components and no unknown-key warnings")
    func codexLayout() throws {
        let report = load(Self.layout)
        #expect(report.manifestPath == ".agents/plugins/marketplace.json")
        #expect(report.passed, "\(report.diagnostics.map(\.message))")
        #expect(report.diagnostics.filter { $0.code.contains("unknown") }.isEmpty, "\(report.diagnostics.map(\.message))")
        let plugin = try #require(report.plugin("hello-tools"))
        #expect(plugin.metadata.version == "1.0.0")
        #expect(plugin.skills.map(\.name) == ["greet"])
        #expect(plugin.mcpServers.map(\.name) == ["hello"])
    }

    @Test("a local source outside './' is an error naming the entry")
    func localSourcePath() {
        var layout = Self.layout
        layout[".agents/plugins/marketplace.json"] = #"{"name": "acme-codex", "plugins": [{"name": "hello-tools", "source": {"source": "local", "path": "plugins/hello-tools"}}]}"#
        let report = load(layout)
        #expect(report.diagnostics.contains { $0.code == "source.local.path" && $0.severity == .error })
    }
}

/// A marketplace listing an Agent Plugins spec plugin: what Copilot and VS Code would load.
@Suite("Agent Plugins plugin in a marketplace")
struct AgentPluginsLoadingTests {
    static let layout: [String: String] = [
        ".github/plugin/marketplace.json": #"{"name": "acme", "owner": {"name": "Acme"}, "plugins": [{"name": "hello-tools", "source": "./plugins/hello-tools"}]}"#,
        "plugins/hello-tools/plugin.json": #"{"$schema": "\#(AgentPluginsTests.schema)", "name": "hello-tools", "version": "1.0.0", "description": "Greeting tools"}"#,
        "plugins/hello-tools/skills/greet/SKILL.md": skill("greet"),
        "plugins/hello-tools/mcp.json": #"{"$schema": "\#(AgentPluginsTests.mcpSchema)", "mcpServers": {"hello": {"type": "stdio", "command": "./bin/hello"}}}"#,
        "plugins/hello-tools/com.github.copilot/agents/reviewer.agent.md": "---\nname: reviewer\ndescription: Reviews changes.\n---\nReview.\n",
        "plugins/hello-tools/com.github.copilot/commands/greet-all.md": "---\ndescription: Greet everyone\n---\nGreet.\n",
    ]

    @Test("skills, mcp.json and the com.github.copilot namespace are loaded; root Claude parts are flagged, not indexed")
    func specPlugin() throws {
        let report = load(Self.layout)
        #expect(report.passed, "\(report.diagnostics.map(\.message))")
        let plugin = try #require(report.plugin("hello-tools"))
        #expect(plugin.metadata.version == "1.0.0")
        #expect(plugin.skills.map(\.name) == ["greet"])
        #expect(plugin.mcpServers.map(\.name) == ["hello"])
        #expect(plugin.agents.map(\.name) == ["reviewer"])
        #expect(plugin.commands.count == 1)

        var misplaced = Self.layout
        misplaced["plugins/hello-tools/agents/old.md"] = "---\nname: old\ndescription: Old place.\n---\nx\n"
        misplaced["plugins/hello-tools/.mcp.json"] = #"{"mcpServers": {"legacy": {"command": "x"}}}"#
        let flagged = load(misplaced)
        let loaded = try #require(flagged.plugin("hello-tools"))
        #expect(loaded.agents.map(\.name) == ["reviewer"] && loaded.mcpServers.map(\.name) == ["hello"])
        #expect(flagged.diagnostics.filter { $0.code == "agent-plugins.layout" }.count == 2)
    }
}
