import Foundation
import Logging
import PlazaCatalog
import PlazaGit
import PlazaOutbound
import PlazaStore
import PlazaSync
import PlazaTestSupport
import Testing

/// Issue 12, item 7: marketplaces in the OpenAI Codex layout and plugins in the Agent Plugins spec
/// layout sync with the components their clients load.
@Suite("Other layouts sync")
struct LayoutSyncTests {
    static let skill = "---\nname: greet\ndescription: Greet the user and offer help.\n---\nGreet the user.\n"

    @Test("a Codex marketplace and an Agent Plugins plugin sync with their skills, MCP servers and agents")
    func layouts() async throws {
        let data = try TemporaryDirectory("plaza-layouts")
        let store = try SQLiteStore(path: data.file("plaza.sqlite"))
        let engine = SyncEngine(store: store, mirrors: try MirrorDirectory(root: data.file("mirrors")), logger: Logger(label: "test"),
                                environment: [:], outbound: OutboundPolicy(allowedSchemes: ["file"]))
        let codex = try GitFixture(name: "codex")
        try codex.commit("codex marketplace", files: [
            ".agents/plugins/marketplace.json": #"{"name": "acme-codex", "plugins": [{"name": "hello-tools", "source": {"source": "local", "path": "./plugins/hello-tools"}, "policy": {"installation": "AVAILABLE"}}]}"#,
            "plugins/hello-tools/.codex-plugin/plugin.json": #"{"name": "hello-tools", "version": "1.0.0", "description": "Greeting tools", "interface": {"displayName": "Hello"}}"#,
            "plugins/hello-tools/skills/greet/SKILL.md": Self.skill,
            "plugins/hello-tools/.mcp.json": #"{"mcpServers": {"hello": {"command": "node", "args": ["server.js"]}}}"#,
        ])
        let spec = try GitFixture(name: "spec")
        try spec.commit("agent plugins", files: [
            ".github/plugin/marketplace.json": #"{"name": "acme-spec", "owner": {"name": "Acme"}, "plugins": [{"name": "hello.tools", "source": "./plugins/hello"}]}"#,
            "plugins/hello/plugin.json": #"{"$schema": "https://agent-plugins.org/schemas/1.0.0/plugin.schema.json", "name": "hello.tools", "version": "2.0.0"}"#,
            "plugins/hello/skills/greet/SKILL.md": Self.skill,
            "plugins/hello/mcp.json": #"{"$schema": "https://agent-plugins.org/schemas/1.0.0/mcp.schema.json", "mcpServers": {"docs": {"type": "streamable-http", "url": "https://docs.example/mcp"}}}"#,
            "plugins/hello/com.github.copilot/agents/reviewer.agent.md": "---\nname: reviewer\ndescription: Reviews changes.\n---\nReview.\n",
        ])
        try await store.register(MarketplaceRegistration(name: "codex", url: codex.fileURL))
        try await store.register(MarketplaceRegistration(name: "spec", url: spec.fileURL))
        let codexStatus = try await engine.sync("codex")
        #expect(codexStatus.state == .ok, "\(codexStatus)")
        #expect([codexStatus.counts.plugins, codexStatus.counts.skills, codexStatus.counts.mcpServers] == [1, 1, 1] as [Int])
        let specStatus = try await engine.sync("spec")
        #expect(specStatus.state == .ok, "\(specStatus)")
        #expect([specStatus.counts.plugins, specStatus.counts.skills, specStatus.counts.mcpServers, specStatus.counts.agents] == [1, 1, 1, 1] as [Int])
        #expect(try await store.entries(marketplace: "spec", plugin: "hello.tools").contains { $0.kind == .mcpServer && $0.name == "docs" })
    }

    @Test("Claude Code 2.1: a command source is listed unavailable with why; userConfig and network hosts are shown, sensitive options named")
    func claude21() async throws {
        let data = try TemporaryDirectory("plaza-claude21")
        let store = try SQLiteStore(path: data.file("plaza.sqlite"))
        let engine = SyncEngine(store: store, mirrors: try MirrorDirectory(root: data.file("mirrors")), logger: Logger(label: "test"),
                                environment: [:], outbound: OutboundPolicy(allowedSchemes: ["file"]))
        let upstream = try GitFixture(name: "acme")
        try upstream.commit("2.1 keys", files: [
            ".claude-plugin/marketplace.json": #"{"name": "acme", "owner": {"name": "Acme"}, "plugins": [{"name": "ops", "source": "./plugins/ops"}, {"name": "generated", "source": {"source": "command", "command": "./make-plugin.sh"}}]}"#,
            "plugins/ops/.claude-plugin/plugin.json": #"{"name": "ops", "version": "1.0.0", "displayName": "Ops", "network": {"hosts": ["api.example.com"]}, "userConfig": {"apiKey": {"type": "string", "title": "API key", "description": "The key.", "sensitive": true}, "region": {"type": "string", "title": "Region", "description": "Where."}}}"#,
            "plugins/ops/skills/greet/SKILL.md": Self.skill,
        ])
        try await store.register(MarketplaceRegistration(name: "acme", url: upstream.fileURL))
        let status = try await engine.sync("acme")
        #expect(status.state == .ok, "\(status)")
        let generated = try #require(try await store.entries(marketplace: "acme", plugin: "generated").first)
        #expect(generated.status == .unavailable)
        #expect(generated.unavailableReason?.contains("never runs it") == true)
        #expect(generated.runsCommands == true && generated.details["runsCommands"] == "command source: ./make-plugin.sh")
        let ops = try #require(try await store.entries(marketplace: "acme", plugin: "ops").first { $0.kind == .plugin })
        #expect(ops.details["sensitiveConfig"] == "apiKey")
        #expect(ops.details["userConfig"] == "apiKey (sensitive); region")
        #expect(ops.details["networkHosts"] == "api.example.com")
        #expect(ops.details["displayName"] == "Ops")
    }
}
