import Foundation
import Logging
import PlazaCatalog
import PlazaStore
import PlazaSync
import PlazaGit
import PlazaTestSupport
import Testing
import PlazaOutbound

/// An upstream holding the sample marketplace, served over authenticated smart HTTP, and a fresh
/// store + sync engine that can reach it with `env:SAMPLE_TOKEN`.
struct SyncHarness {
    static let token = "plz_sync_token_5e4d3c2b1a"
    static var sampleMarketplace: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleMarketplace").path
    }

    let upstream: GitFixture
    let server: GitHTTPServer
    let data: TemporaryDirectory
    let store: SQLiteStore
    let engine: SyncEngine

    init(token: String = SyncHarness.token) throws {
        upstream = try GitFixture()
        try upstream.copyTree(from: Self.sampleMarketplace)
        try upstream.commit("sample marketplace")
        server = try GitHTTPServer(root: upstream.servedRoot, token: Self.token)
        data = try TemporaryDirectory("plaza-data")
        store = try SQLiteStore(path: data.file("plaza.sqlite"))
        engine = SyncEngine(store: store, mirrors: try MirrorDirectory(root: data.file("mirrors")),
                            logger: Logger(label: "test"), environment: ["SAMPLE_TOKEN": token], outbound: OutboundPolicy(allowedSchemes: ["https", "http", "file"]))
    }

    func register(_ name: String = "contoso") async throws {
        try await store.register(MarketplaceRegistration(name: name, url: server.url("upstream.git"), credential: "env:SAMPLE_TOKEN"))
    }
}

@Suite("Sync engine")
struct SyncEngineTests {
    @Test("syncs a private marketplace over authenticated HTTP; an unreachable external source is marked unavailable")
    func firstSync() async throws {
        let harness = try SyncHarness()
        try await harness.register()
        let status = try await harness.engine.sync("contoso")
        #expect(status.state == .ok, "\(status.lastError ?? "")")
        #expect(status.commit?.count == 40)
        #expect(status.counts.plugins == 7)
        #expect(status.counts.unavailablePlugins == 1)
        #expect(status.counts.skills == 16)
        #expect(status.counts.agents == 3)
        #expect(status.counts.mcpServers == 3)
        #expect(status.counts.hooks == 1)
        #expect(status.pluginsReread == 7)
        let external = try await harness.store.entries(marketplace: "contoso", plugin: "terraform-review")
        #expect(external.first?.status == .unavailable)
        #expect(external.first?.unavailableReason?.contains("unavailable") == true)
        let hit = try await harness.store.search(SearchQuery(text: "triage alert")).hits.first
        #expect(hit?.entry.name == "triage-alert")
        #expect(hit?.entry.commit == status.commit)
        #expect(hit?.entry.pluginReference == "incident-investigation@contoso")
        let jira = try await harness.store.entries(kind: .mcpServer, name: "jira", marketplace: nil, plugin: nil).first
        #expect(jira?.details["requiredSecrets"] == "JIRA_API_TOKEN")
    }

    @Test("a wrong token fails the sync with a clear error, leaves the catalog as it was, and never shows the token")
    func wrongToken() async throws {
        let harness = try SyncHarness(token: "wrong-token-abcdef123")
        try await harness.register()
        let status = try await harness.engine.sync("contoso")
        #expect(status.state == .failed)
        #expect(status.lastError?.contains("rejected") == true)
        #expect(!(status.lastError ?? "").contains("wrong-token-abcdef123"))
        #expect(try await harness.store.count() == 0)
    }

    @Test("incremental: a no-change sync parses nothing; one changed skill re-reads exactly one plugin")
    func incremental() async throws {
        let harness = try SyncHarness()
        try await harness.register()
        let first = try await harness.engine.sync("contoso")
        let unchanged = try await harness.engine.sync("contoso")
        #expect(unchanged.commit == first.commit)
        #expect(unchanged.pluginsReread == 0)

        let skill = "plugins/cost-governance/skills/tag-compliance/SKILL.md"
        let text = try String(contentsOfFile: harness.upstream.workPath + "/" + skill, encoding: .utf8)
        try harness.upstream.commit("reword", files: [skill: text.replacingOccurrences(of: "Audit cost-allocation tags", with: "Audit chargeback labels")])
        let changed = try await harness.engine.sync("contoso")
        #expect(changed.commit != first.commit)
        #expect(changed.pluginsReread == 1)
        #expect(changed.counts == first.counts)
        #expect(try await harness.store.search(SearchQuery(text: "chargeback")).hits.map(\.entry.name) == ["tag-compliance"])
        let untouched = try await harness.store.entries(marketplace: "contoso", plugin: "jira-connector")
        #expect(untouched.allSatisfy { $0.commit == first.commit }, "plugins not re-read keep the commit they were read at")
        let full = try await harness.engine.sync("contoso", full: true)
        #expect(full.pluginsReread == 7)
        #expect(full.counts == first.counts)
    }

    @Test("a plugin removed from marketplace.json leaves the catalog")
    func removal() async throws {
        let harness = try SyncHarness()
        try await harness.register()
        try await harness.engine.sync("contoso")
        let path = harness.upstream.workPath + "/.claude-plugin/marketplace.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        json["plugins"] = (json["plugins"] as! [[String: Any]]).filter { $0["name"] as? String != "jira-connector" }
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
        try harness.upstream.commit("drop jira")
        let status = try await harness.engine.sync("contoso")
        #expect(status.counts.plugins == 6)
        #expect(try await harness.store.entries(marketplace: "contoso", plugin: "jira-connector").isEmpty)
    }

    @Test("a broken manifest upstream fails the sync and keeps serving the last good catalog")
    func brokenManifestKeepsCatalog() async throws {
        let harness = try SyncHarness()
        try await harness.register()
        let good = try await harness.engine.sync("contoso")
        try harness.upstream.commit("break", files: [".claude-plugin/marketplace.json": "{ \"name\": \"contoso-platform\", \"plugins\": [ }"])
        let broken = try await harness.engine.sync("contoso")
        #expect(broken.state == .failed)
        #expect(broken.lastError?.contains("invalid JSON") == true)
        #expect(broken.commit == good.commit)
        #expect(try await harness.store.search(SearchQuery(text: "postmortem")).total > 0)
        try harness.upstream.commit("fix", files: [".claude-plugin/marketplace.json": try String(contentsOfFile: SyncHarness.sampleMarketplace + "/.claude-plugin/marketplace.json", encoding: .utf8)])
        #expect(try await harness.engine.sync("contoso").state == .ok)
    }

    @Test("concurrent syncs of one marketplace coalesce into one")
    func coalescing() async throws {
        let harness = try SyncHarness()
        try await harness.register()
        let engine = harness.engine
        let results = try await withThrowingTaskGroup(of: SyncStatus.self) { group in
            for _ in 0..<5 { group.addTask { try await engine.sync("contoso") } }
            return try await group.reduce(into: [SyncStatus]()) { $0.append($1) }
        }
        #expect(results.count == 5)
        #expect(Set(results.map(\.commit)).count == 1)
        #expect(await engine.syncsStarted == 1)
    }

    @Test("a sync interrupted by a crash is marked failed at start-up and the next sync repairs it")
    func interrupted() async throws {
        let harness = try SyncHarness()
        try await harness.register()
        try await harness.engine.sync("contoso")
        try await harness.store.updateStatus("contoso") { $0.state = .syncing }
        #expect(try await harness.engine.recoverInterrupted() == ["contoso"])
        let status = try await harness.store.marketplace(named: "contoso")?.status
        #expect(status?.state == .failed)
        #expect(status?.lastError?.contains("interrupted") == true)
        #expect(try await harness.store.count() > 0)
        #expect(try await harness.engine.sync("contoso").state == .ok)
    }

    @Test("an external plugin from another repository is mirrored and indexed at its pinned sha")
    func externalSource() async throws {
        let harness = try SyncHarness()
        let external = try GitFixture(name: "tools")
        let pinned = try external.commit("v1", files: ["plugins/linter/skills/lint/SKILL.md": "---\nname: lint\ndescription: Lint code. Use before review.\n---\nRun the linter.\n"])
        try external.commit("v2", files: ["plugins/linter/skills/lint/SKILL.md": "---\nname: lint\ndescription: Changed later.\n---\n"])
        let path = harness.upstream.workPath + "/.claude-plugin/marketplace.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        json["plugins"] = (json["plugins"] as! [[String: Any]]) + [["name": "linter", "description": "Linting",
            "source": ["source": "git-subdir", "url": external.fileURL, "path": "plugins/linter", "sha": pinned]]]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        try harness.upstream.commit("add linter")
        try await harness.register()
        let status = try await harness.engine.sync("contoso")
        #expect(status.counts.plugins == 8)
        let skill = try #require(try await harness.store.entries(kind: .skill, name: "lint", marketplace: "contoso", plugin: "linter").first)
        #expect(skill.description == "Lint code. Use before review.")
        #expect(skill.commit == pinned)
    }

    @Test("polling syncs a marketplace whose interval has passed, without being asked")
    func polling() async throws {
        let harness = try SyncHarness()
        try await harness.register()
        await harness.engine.startPolling(defaultInterval: 1, tick: .milliseconds(100))
        var state = SyncStatus.State.never
        for _ in 0..<100 where state != .ok {
            try await Task.sleep(for: .milliseconds(100))
            state = try await harness.store.marketplace(named: "contoso")?.status.state ?? .never
        }
        await harness.engine.stopPolling()
        #expect(state == .ok)
    }
}

@Suite("Mirror maintenance")
struct MirrorMaintenanceTests {
    @Test("a mirror with many packs is repacked and keeps its kept commits")
    func repack() throws {
        let upstream = try GitFixture()
        let first = try upstream.commit("c0", files: ["a.txt": "0"])
        let local = try TemporaryDirectory()
        let mirror = Mirror(path: local.file("m.git"))
        let server = try GitHTTPServer(root: upstream.servedRoot, token: nil)
        let remote = RemoteSpec(url: server.url("upstream.git"))
        try mirror.update(from: remote)
        try mirror.open().keep(ObjectID(hex: first)!)
        for index in 1...6 {
            try upstream.commit("c\(index)", files: ["a.txt": "\(index)"])
            try mirror.update(from: remote)
        }
        #expect(MirrorMaintenance.packCount(mirror) >= 6)
        #expect(MirrorMaintenance(threshold: 4).run(on: mirror, logger: Logger(label: "test")))
        #expect(MirrorMaintenance.packCount(mirror) == 1)
        #expect(String(decoding: try mirror.open().readFile("a.txt", at: ObjectID(hex: first)!), as: UTF8.self) == "0")
        #expect(!MirrorMaintenance(threshold: 4).run(on: mirror, logger: Logger(label: "test")))
    }
}

@Suite("Outbound safety")
struct OutboundTests {
    @Test("schemes are allowed explicitly; link-local and metadata addresses are refused, naming the rule")
    func policy() {
        let strict = OutboundPolicy()
        #expect(strict.check("https://github.com/acme/plugins.git") == nil)
        #expect(strict.check("http://git.acme.example/p.git")?.rule == "scheme")
        #expect(strict.check("file:///srv/git/p.git")?.rule == "scheme")
        #expect(strict.check("git@github.com:acme/p.git")?.rule == "scheme")
        #expect(strict.check("/srv/git/p.git")?.rule == "scheme")
        let open = OutboundPolicy(allowedSchemes: ["https", "http", "file", "ssh"])
        #expect(open.check("git@github.com:acme/p.git") == nil)
        #expect(open.check("http://169.254.169.254/latest/meta-data")?.rule == "metadata-address")
        #expect(open.check("https://169.254.10.1/x.git")?.rule == "link-local-address")
        #expect(open.check("https://[fe80::1]/x.git")?.rule == "link-local-address")
        #expect(open.check("https://[fd12:3456::1]/x.git")?.rule == "unique-local-address")
        #expect(open.check("https://metadata.google.internal/x")?.rule == "metadata-address")
        #expect(OutboundPolicy(allowedSchemes: ["http"], allowLinkLocal: true).check("http://169.254.169.254/x") == nil)
        #expect(strict.check("http://x.example/p.git")?.description.contains("outbound rule 'scheme'") == true)
    }

    @Test("a sync from a refused URL fails naming the rule; a refused external source makes its plugin unavailable")
    func enforcedBeforeFetch() async throws {
        let harness = try SyncHarness()
        let strict = SyncEngine(store: harness.store, mirrors: try MirrorDirectory(root: harness.data.file("strict-mirrors")),
                                logger: Logger(label: "test"), environment: ["SAMPLE_TOKEN": SyncHarness.token])
        try await harness.register()
        let refused = try await strict.sync("contoso")
        #expect(refused.state == .failed)
        #expect(refused.lastError?.contains("outbound rule 'scheme'") == true, "\(refused.lastError ?? "")")

        let external = try GitFixture(name: "tools")
        try external.commit("v1", files: ["skills/lint/SKILL.md": "---\nname: lint\ndescription: Lint.\n---\n"])
        let path = harness.upstream.workPath + "/.claude-plugin/marketplace.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        json["plugins"] = (json["plugins"] as! [[String: Any]]) + [["name": "linter", "source": ["source": "url", "url": external.fileURL]]]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        try harness.upstream.commit("add linter from file://")
        let httpOnly = SyncEngine(store: harness.store, mirrors: try MirrorDirectory(root: harness.data.file("http-mirrors")),
                                  logger: Logger(label: "test"), environment: ["SAMPLE_TOKEN": SyncHarness.token],
                                  outbound: OutboundPolicy(allowedSchemes: ["https", "http"]))
        #expect(try await httpOnly.sync("contoso").state == .ok)
        let linter = try #require(try await harness.store.entries(marketplace: "contoso", plugin: "linter").first)
        #expect(linter.status == .unavailable)
        #expect(linter.unavailableReason?.contains("outbound rule 'scheme'") == true)
    }

    @Test("redirects are followed only after their targets pass the outbound rules")
    func redirectsRechecked() async throws {
        let harness = try SyncHarness()
        let gitBase = harness.server.url("upstream.git")
        let moved = RedirectServer { path in gitBase + path.replacingOccurrences(of: "/moved.git", with: "") }
        let toMetadata = RedirectServer { path in "http://169.254.169.254/latest" + path }
        try await moved.start()
        try await toMetadata.start()
        defer { moved.stop(); toMetadata.stop() }

        try await harness.store.register(MarketplaceRegistration(name: "moved", url: moved.base + "/moved.git", credential: "env:SAMPLE_TOKEN"))
        let followed = try await harness.engine.sync("moved")
        #expect(followed.state == .ok, "an allowed redirect is followed: \(followed.lastError ?? "")")
        #expect(followed.counts.skills == 16)

        try await harness.store.register(MarketplaceRegistration(name: "sneaky", url: toMetadata.base + "/plugins.git"))
        let refused = try await harness.engine.sync("sneaky")
        #expect(refused.state == .failed)
        #expect(refused.lastError?.contains("redirects to http://169.254.169.254/latest/plugins.git") == true, "\(refused.lastError ?? "")")
        #expect(refused.lastError?.contains("outbound rule 'metadata-address'") == true)
    }
}
