import Foundation
import Logging
import PlazaCatalog
import PlazaGit
import PlazaOutbound
import PlazaStore
import PlazaSync
import PlazaTestSupport
import Testing

/// Issue 12, item 4: output styles, LSP servers, monitors and channels are catalog entries a
/// search by kind finds, and what runs on the user's machine is flagged.
@Suite("Output styles, LSP servers, monitors and channels in the catalog")
struct ClientComponentsSyncTests {
    @Test("a plugin with an output style, an LSP server, a monitor and a channel yields searchable entries of those kinds")
    func searchableKinds() async throws {
        let data = try TemporaryDirectory("plaza-kinds")
        let store = try SQLiteStore(path: data.file("plaza.sqlite"))
        let engine = SyncEngine(store: store, mirrors: try MirrorDirectory(root: data.file("mirrors")), logger: Logger(label: "test"),
                                environment: [:], outbound: OutboundPolicy(allowedSchemes: ["file"]))
        let upstream = try GitFixture(name: "kinds")
        try upstream.commit("editor kit", files: [
            ".claude-plugin/marketplace.json": #"{"name": "acme", "owner": {"name": "Acme"}, "plugins": [{"name": "editor-kit", "source": "./plugins/editor-kit"}, {"name": "docs", "source": "./plugins/docs"}]}"#,
            "plugins/editor-kit/.claude-plugin/plugin.json": #"{"name": "editor-kit", "version": "1.2.0", "description": "Go tooling for the team", "mcpServers": {"team-chat": {"type": "http", "url": "https://chat.example/mcp"}}, "channels": [{"server": "team-chat", "displayName": "Team chat"}]}"#,
            "plugins/editor-kit/output-styles/concise-reviewer.md": "---\nname: concise-reviewer\ndescription: Terse code review comments\n---\nReview in one sentence per finding.\n",
            "plugins/editor-kit/.lsp.json": #"{"gopls": {"command": "gopls", "args": ["serve"], "extensionToLanguage": {".go": "go"}}}"#,
            "plugins/editor-kit/monitors/monitors.json": #"[{"name": "build-watch", "command": "\"${CLAUDE_PLUGIN_ROOT}\"/watch-build.sh", "description": "Report failing builds"}]"#,
            "plugins/docs/skills/write-docs/SKILL.md": "---\nname: write-docs\ndescription: Write documentation pages.\n---\nWrite.\n",
        ])
        try await store.register(MarketplaceRegistration(name: "acme", url: upstream.fileURL))
        let status = try await engine.sync("acme")
        #expect(status.state == .ok, "\(status)")
        #expect([status.counts.outputStyles, status.counts.lspServers, status.counts.monitors, status.counts.channels] == [1, 1, 1, 1] as [Int])

        func names(_ query: SearchQuery) async throws -> [String] {
            try await store.search(query, cached: false).hits.map { "\($0.entry.kind.rawValue):\($0.entry.name)" }
        }
        #expect(try await names(SearchQuery(kinds: [.outputStyle])) == ["output-style:concise-reviewer"])
        #expect(try await names(SearchQuery(kinds: [.lspServer])) == ["lsp-server:gopls"])
        #expect(try await names(SearchQuery(kinds: [.monitor])) == ["monitor:build-watch"])
        #expect(try await names(SearchQuery(kinds: [.channel])) == ["channel:team-chat"])
        #expect(try await names(SearchQuery(text: "review", kinds: [.outputStyle, .skill])) == ["output-style:concise-reviewer"])
        #expect(try await names(SearchQuery(text: "failing builds")) == ["monitor:build-watch"], "a monitor is found by its description")
        let page = try await store.search(SearchQuery(marketplace: "acme"), cached: false)
        #expect(page.facets.kind["lsp-server"] == 1 && page.facets.kind["monitor"] == 1 && page.facets.kind["output-style"] == 1 && page.facets.kind["channel"] == 1)
        #expect(EntryKind(loose: "lsp") == .lspServer && EntryKind(loose: "output-styles") == .outputStyle && EntryKind(loose: "monitors") == .monitor)

        let entries = try await store.entries(marketplace: "acme", plugin: "editor-kit")
        let lsp = try #require(entries.first { $0.kind == .lspServer })
        #expect(lsp.details["command"] == "gopls serve" && lsp.details["languages"] == "go" && lsp.details["extensions"] == ".go")
        let monitor = try #require(entries.first { $0.kind == .monitor })
        #expect(monitor.details["command"] == "\"${CLAUDE_PLUGIN_ROOT}\"/watch-build.sh" && monitor.details["when"] == "always")
        #expect(entries.first { $0.kind == .outputStyle }?.details["outputStyle"] == "editor-kit:concise-reviewer")
        // Monitors and LSP servers run programs on the user's machine: flagged on every entry of the plugin, and listed for reviewers.
        #expect(entries.allSatisfy { $0.runsCommands == true })
        let plugin = try #require(entries.first { $0.kind == .plugin })
        #expect(plugin.details["runsCommands"] == "monitor build-watch: \"${CLAUDE_PLUGIN_ROOT}\"/watch-build.sh; LSP server gopls: gopls serve")
        #expect(plugin.details["components"]?.hasSuffix(", 1 output styles, 1 LSP servers, 1 monitors, 1 channels") == true)
        #expect(try await store.entries(marketplace: "acme", plugin: "docs").allSatisfy { $0.runsCommands == false })
    }
}
