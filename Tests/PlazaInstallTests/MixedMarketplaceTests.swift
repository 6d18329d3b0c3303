import Foundation
import Logging
import PlazaCatalog
import PlazaGit
import PlazaInstall
import PlazaOutbound
import PlazaStore
import PlazaSync
import PlazaTestSupport
import Testing

/// Issue 12's "done when": a marketplace mixing every construct (Tests/PlazaCLITests/Fixtures/Parity/
/// mixed-marketplace: 2.1 keys, dependencies, renames, relevance, headers and headersHelper, output
/// styles, LSP servers, monitors, channels, a strict:false root entry, the Agent Plugins layout and
/// every source kind) syncs with the components Claude Code loads — the numbers below are what
/// `claude plugin details` and `claude plugin validate` report for each local plugin
/// (ComponentParityTests checks Plaza's reading against the real client) — and each external source
/// ends up read or unavailable with its reason, never failing the marketplace.
@Suite("Mixed marketplace")
struct MixedMarketplaceTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PlazaCLITests/Fixtures/Parity/mixed-marketplace").path

    @Test("every construct syncs: local plugins with the client's component counts, external sources read or unavailable with why")
    func syncs() async throws {
        // The git-subdir source and one archive point at things this test serves; the rest stay
        // unreachable (no network here), as they would for a registry that cannot reach them.
        let tools = try GitFixture(name: "tools")
        try tools.commit("sub plugin", files: [
            "plugins/sub/.claude-plugin/plugin.json": #"{"name": "remote-sub", "version": "1.4.0"}"#,
            "plugins/sub/skills/sub-check/SKILL.md": "---\nname: sub-check\ndescription: Checks from the tools repository.\n---\nCheck.\n",
        ])
        let upstream = try GitFixture(name: "acme-platform")
        try upstream.copyTree(from: Self.fixture)
        let server = try GitHTTPServer(root: upstream.servedRoot, token: nil)
        let zip = try ZipArchive.build(ArchiveSourceTests.pluginFiles("zipped", version: "1.0.0"))
        try FileManager.default.createDirectory(atPath: upstream.servedRoot + "/files/public", withIntermediateDirectories: true)
        try Data(zip).write(to: URL(fileURLWithPath: upstream.servedRoot + "/files/public/zipped-1.0.0.zip"))
        let path = upstream.workPath + "/.claude-plugin/marketplace.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        json["plugins"] = (json["plugins"] as! [[String: Any]]).map { entry in
            var entry = entry
            if entry["name"] as? String == "remote-sub" {
                entry["source"] = ["source": "git-subdir", "url": tools.fileURL, "path": "plugins/sub"]
            }
            if entry["name"] as? String == "zipped" {
                entry["source"] = ["source": "archive", "url": "http://127.0.0.1:\(server.port)/files/public/zipped-1.0.0.zip",
                                   "sha256": ArchiveSourceTests.sha256(zip)]
            }
            return entry
        }
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
        try upstream.commit("mixed marketplace")

        let data = try TemporaryDirectory("plaza-mixed")
        let store = try SQLiteStore(path: data.file("plaza.sqlite"))
        let engine = SyncEngine(store: store, mirrors: try MirrorDirectory(root: data.file("mirrors")), logger: Logger(label: "test"),
                                environment: [:], outbound: OutboundPolicy(allowedSchemes: ["file", "http", "https"]))
        try await store.register(MarketplaceRegistration(name: "acme-platform", url: upstream.fileURL))
        let status = try await engine.sync("acme-platform")
        #expect(status.state.isIndexed, "\(status.lastError ?? "")")

        func kinds(_ plugin: String) async throws -> [String: Int] {
            let entries = try await store.entries(marketplace: "acme-platform", plugin: plugin).filter { $0.kind != .plugin }
            return Dictionary(grouping: entries, by: \.kind.rawValue).mapValues(\.count)
        }
        #expect(try await kinds("ops-kit") == ["skill": 1, "command": 1, "agent": 1, "hook": 1, "mcp-server": 2, "lsp-server": 1,
                                               "monitor": 1, "output-style": 1, "channel": 1])
        #expect(try await kinds("deploy-kit") == ["skill": 1, "agent": 1, "command": 1],
                "declared agents and commands replace agents/ and commands/, as in Claude Code")
        #expect(try await kinds("runbooks") == ["skill": 2], "strict: false at the root loads only the listed skills")
        #expect(try await kinds("agent-spec") == ["skill": 1, "mcp-server": 1], "the root mcp.json is read for Copilot; Claude Code reads the skill only")
        #expect(try await kinds("remote-sub") == ["skill": 1])
        #expect(try await kinds("zipped") == ["skill": 1])

        func plugin(_ name: String) async throws -> CatalogEntry {
            try #require(try await store.entries(marketplace: "acme-platform", plugin: name).first { $0.kind == .plugin })
        }
        let ops = try await plugin("ops-kit")
        #expect(ops.details["displayName"] == "Ops Kit")
        #expect(ops.details["engines"] == "claude-code >=2.1.0")
        #expect(ops.details["sensitiveConfig"] == "pagerKey")
        #expect(ops.details["networkHosts"] == "grafana.acme.example, pagerduty.acme.example")
        #expect(try await plugin("deploy-kit").details["dependencies"] == "ops-kit ^1.2.0; incident-investigation@contoso-platform; runbooks (optional)")
        for (name, reason) in [("remote-lint", "is unavailable"), ("helper-auth", "cannot resolve downloads.acme.example"), ("npm-tool", "cannot pin its content"),
                               ("generated", "Plaza never runs it")] {
            let entry = try await plugin(name)
            #expect(entry.status == .unavailable, "\(name)")
            #expect(entry.unavailableReason?.contains(reason) == true, "\(name): \(entry.unavailableReason ?? "")")
        }
        #expect(try await plugin("npm-tool").version == "3.1.0")
        #expect(status.counts.plugins == 10)
        #expect(status.counts.unavailablePlugins == 4)
    }
}
