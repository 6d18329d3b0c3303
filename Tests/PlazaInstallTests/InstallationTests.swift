import Crypto
import Foundation
import Logging
import PlazaCatalog
import PlazaGit
import PlazaInstall
import PlazaStore
import PlazaSync
import PlazaTestSupport
import Testing
import PlazaOutbound

/// The sample marketplace behind authenticated smart HTTP, synced into a fresh store, with an
/// installation service over the same mirrors.
struct InstallHarness {
    static let token = "plz_install_token_3c2b1a0f9e"
    let upstream: GitFixture
    let server: GitHTTPServer
    let data: TemporaryDirectory
    let store: SQLiteStore
    let mirrors: MirrorDirectory
    let engine: SyncEngine
    let service: InstallationService

    init() async throws {
        upstream = try GitFixture()
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleMarketplace").path
        try upstream.copyTree(from: sample)
        try upstream.commit("sample marketplace")
        server = try GitHTTPServer(root: upstream.servedRoot, token: Self.token)
        data = try TemporaryDirectory("plaza-install")
        store = try SQLiteStore(path: data.file("plaza.sqlite"))
        mirrors = try MirrorDirectory(root: data.file("mirrors"))
        engine = SyncEngine(store: store, mirrors: mirrors, logger: Logger(label: "test"), environment: ["SAMPLE_TOKEN": Self.token],
                            outbound: OutboundPolicy(allowedSchemes: ["https", "http", "file"]))
        service = InstallationService(store: store, mirrors: mirrors)
        try await store.register(MarketplaceRegistration(name: "contoso", url: server.url("upstream.git"), credential: "env:SAMPLE_TOKEN"))
        try await sync()
    }

    @discardableResult
    func sync() async throws -> SyncStatus {
        try await engine.sync("contoso")
    }

    /// A service with an empty bundle cache: its bundles are built from the mirror again.
    var freshService: InstallationService { InstallationService(store: store, mirrors: mirrors) }

    static let incident = PluginName(marketplace: "contoso", plugin: "incident-investigation")
    static let deploy = PluginName(marketplace: "contoso", plugin: "deployment-verification")
    static let compliance = PluginName(marketplace: "contoso", plugin: "compliance-checks")
}

func sha256(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

@Suite("Pinned installations")
struct InstallationTests {
    @Test("pins hold through an upstream change, a force-push, a deleted branch and a deleted repository; bundles stay byte-identical")
    func pinsHold() async throws {
        let harness = try await InstallHarness()
        let pin = try await harness.service.install(InstallHarness.incident, target: .environment("production"), actor: "test")
        let skillPin = try await harness.service.install(InstallHarness.incident, skill: "triage-alert", target: .environment("production"), actor: "test")
        #expect(pin.commit.count == 40 && pin.digest.count == 64)
        #expect(skillPin.path.hasSuffix("skills/triage-alert"))
        let original = try await harness.service.bundle(for: pin)
        let originalSkill = try await harness.service.bundle(for: skillPin)
        #expect(original.sha256 == pin.bundleSHA256 && sha256(original.bytes) == pin.bundleSHA256)

        let mirror = harness.mirrors.mirror(for: harness.server.url("upstream.git")).path
        func unchanged(_ stage: String) async throws {
            // Drop every object no reference keeps, as a repack or `git gc` would.
            try Shell.run(["git", "--git-dir", mirror, "gc", "--quiet", "--prune=now"])
            let fresh = harness.freshService
            let stored = try #require(try await harness.store.pin(pin.key), "\(stage): pin kept")
            #expect(stored.commit == pin.commit && stored.digest == pin.digest, "\(stage): pin unchanged")
            #expect(try await fresh.bundle(for: stored).bytes == original.bytes, "\(stage): bundle byte-identical")
            #expect(try await fresh.bundle(for: skillPin).bytes == originalSkill.bytes, "\(stage): skill bundle byte-identical")
        }

        // An upstream merge changes nothing until someone updates; the pin is reported outdated.
        let first = try harness.upstream.git("rev-parse", "HEAD")
        try harness.upstream.commit("edit triage", files: ["plugins/incident-investigation/skills/triage-alert/SKILL.md":
            "---\nname: triage-alert\ndescription: Triage an alert, now with paging.\n---\nPage the on-call first.\n"])
        #expect(try await harness.sync().state == .ok)
        try await unchanged("after an upstream change")
        let states = try await harness.service.outdated(try await harness.store.pins(targets: ["environment:production"]))
        #expect(states.allSatisfy { $0.state == .outdated }, "\(states.map(\.state))")

        // Update to the new head, then force-push the history away: the new pin must survive too.
        let updated = try await harness.service.update(pin.key, actor: "test")
        #expect(updated.commit != pin.commit)
        let updatedBundle = try await harness.service.bundle(for: updated)
        _ = try await harness.service.rollback(pin.key, actor: "test")
        try harness.upstream.forcePush(resetTo: first)
        _ = try await harness.sync()
        try await unchanged("after a force-push")
        #expect(try await harness.freshService.bundle(for: updated).bytes == updatedBundle.bytes, "a commit only force-pushed away stays readable")

        try Shell.run(["git", "--git-dir", harness.upstream.upstreamPath, "update-ref", "-d", "refs/heads/main"])
        _ = try await harness.sync()
        try await unchanged("after the branch was deleted")

        try FileManager.default.removeItem(atPath: harness.upstream.upstreamPath)
        let failed = try await harness.sync()
        #expect(failed.state == .failed, "the repository is gone")
        try await unchanged("after the repository was deleted")
    }

    @Test("promotion copies the exact commit and digest; the next environment does not get whatever is newest")
    func promotion() async throws {
        let harness = try await InstallHarness()
        let staging = try await harness.service.install(InstallHarness.deploy, target: .environment("staging"), actor: "qa")
        try harness.upstream.commit("newer", files: ["plugins/deployment-verification/skills/smoke-test/SKILL.md":
            "---\nname: smoke-test\ndescription: Smoke test v2.\n---\nRun more checks.\n"])
        _ = try await harness.sync()
        let production = try await harness.service.promote(InstallHarness.deploy, from: "staging", to: "production", actor: "release-manager")
        #expect(production.commit == staging.commit)
        #expect(production.digest == staging.digest)
        #expect(production.bundleSHA256 == staging.bundleSHA256)
        #expect(production.target == "environment:production")
        let events = try await harness.store.pinEvents(production.key, target: nil, limit: 10)
        #expect(events.first?.action == .promote && events.first?.actor == "release-manager")
        await #expect(throws: InstallationError.self) {
            try await harness.service.promote(InstallHarness.incident, from: "staging", to: "production", actor: "x")
        }
    }

    @Test("the review diff calls out a new hook, a new MCP server and a new required secret; update and rollback move the pin")
    func reviewDiff() async throws {
        let harness = try await InstallHarness()
        try await harness.store.saveAgent(AgentRecord(name: "sre-agent-1", environment: "dev"))
        let pin = try await harness.service.install(InstallHarness.deploy, target: .agent("sre-agent-1"), actor: "test")
        #expect(!pin.hasHooks && !pin.hasMCP)
        try harness.upstream.commit("add a hook, an MCP server and a skill", files: [
            "plugins/deployment-verification/hooks/hooks.json":
                #"{"hooks": {"PostToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/scripts/notify.sh"}]}]}}"#,
            "plugins/deployment-verification/.mcp.json":
                #"{"mcpServers": {"pager": {"command": "npx", "args": ["-y", "pager-mcp"], "env": {"PAGER_TOKEN": "${PAGER_TOKEN}"}}}}"#,
            "plugins/deployment-verification/skills/page-oncall/SKILL.md": "---\nname: page-oncall\ndescription: Page the on-call.\n---\nPage.\n",
        ])
        _ = try await harness.sync()
        let diff = try await harness.service.diff(pin.key)
        #expect(diff.hooks.added == ["PostToolUse:Bash (command)"])
        #expect(diff.mcpServers.added == ["pager"])
        #expect(diff.newRequiredSecrets == ["PAGER_TOKEN"])
        #expect(diff.skills.added == ["page-oncall"])
        #expect(diff.files.added.contains("hooks/hooks.json") && diff.files.added.contains(".mcp.json"))
        #expect(diff.needsSecurityReview)
        #expect(diff.fromCommit == pin.commit && diff.toCommit != pin.commit)

        let updated = try await harness.service.update(pin.key, actor: "test")
        #expect(updated.hasHooks && updated.hasMCP)
        #expect(try await harness.service.diff(pin.key).isEmpty)
        let rolledBack = try await harness.service.rollback(pin.key, actor: "test")
        #expect(rolledBack.commit == pin.commit && rolledBack.digest == pin.digest)
        let actions = try await harness.store.pinEvents(pin.key, target: nil, limit: 10).map(\.action)
        #expect(actions == [.rollback, .update, .install])
    }

    @Test("policy: a wide deny beats a narrow allow, promotion is checked too, and rules that cannot be evaluated deny")
    func policy() async throws {
        let harness = try await InstallHarness()
        let devPin = try await harness.service.install(InstallHarness.compliance, target: .environment("dev"), actor: "test")
        #expect(devPin.hasHooks, "installed before any rule existed")
        try await harness.store.savePolicyRule(PolicyRule(id: "allow-contoso", effect: .allow, environment: "production", marketplace: "contoso"))
        try await harness.store.savePolicyRule(PolicyRule(id: "no-hooks", effect: .deny, environment: "*", hasHooks: true, note: "hooks need review"))
        do {
            try await harness.service.install(InstallHarness.compliance, target: .environment("production"), actor: "test")
            Issue.record("a plugin with hooks was installed despite the deny rule")
        } catch let error as InstallationError {
            #expect(error.description.contains("no-hooks"), "\(error)")
        }
        #expect(try await harness.store.pin(PinKey(target: "environment:production", marketplace: "contoso", plugin: "compliance-checks", skill: nil)) == nil)
        try await harness.service.install(InstallHarness.deploy, target: .environment("production"), actor: "test")

        // A malformed rule fails closed, even an allow.
        try await harness.store.savePolicyRule(PolicyRule(id: "broken", effect: .allow, environment: "staging", plugin: "*deploy"))
        do {
            try await harness.service.install(InstallHarness.deploy, target: .environment("staging"), actor: "test")
            Issue.record("an unevaluable rule let an install through")
        } catch let error as InstallationError {
            #expect(error.description.contains("broken") && error.description.contains("could not be evaluated"), "\(error)")
        }
        _ = try await harness.store.deletePolicyRule(id: "broken")
        // The hooks rule is global: promotion to production is refused as well.
        await #expect(throws: InstallationError.self) {
            try await harness.service.promote(InstallHarness.compliance, from: "dev", to: "production", actor: "test")
        }
    }

    @Test("lockfiles and exported marketplaces list exact pins; an agent's own pin overrides its environment's")
    func exports() async throws {
        let harness = try await InstallHarness()
        try await harness.store.saveAgent(AgentRecord(name: "canary-agent", environment: "production"))
        let base = try await harness.service.install(InstallHarness.deploy, target: .environment("production"), actor: "test")
        let first = try harness.upstream.git("rev-parse", "HEAD")
        try harness.upstream.commit("newer", files: ["plugins/deployment-verification/README.md": "Newer.\n"])
        _ = try await harness.sync()
        let own = try await harness.service.install(InstallHarness.deploy, target: .agent("canary-agent"), actor: "test")
        #expect(own.commit != base.commit && base.commit == first)
        let effective = try await harness.service.effectivePins(for: .agent("canary-agent"))
        #expect(effective.map(\.commit) == [own.commit])
        let environmentPins = try await harness.service.effectivePins(for: .environment("production"))
        let document = Exports.marketplace(name: Exports.marketplaceName(environment: "production"), about: "production", pins: environmentPins, descriptions: [:]) { "https://plaza.example/v1/bundles/\($0.bundleSHA256).zip" }
        let plugins = try #require(document["plugins"] as? [[String: Any]])
        let source = try #require(plugins.first?["source"] as? [String: String])
        #expect(source["source"] == "archive" && source["sha256"] == base.bundleSHA256)
        var twin = base
        twin.marketplace = "fabrikam"
        let names = (Exports.marketplace(name: Exports.marketplaceName(environment: "production"), about: "production", pins: [base, twin], descriptions: [:]) { _ in "u" }["plugins"] as? [[String: Any]] ?? [])
            .compactMap { $0["name"] as? String }
        #expect(names == ["deployment-verification-contoso", "deployment-verification-fabrikam"], "names stay unique across marketplaces")
        let lock = Exports.lockfile(target: .agent("canary-agent"), environment: "production", pins: effective) { _ in "u" }
        #expect((lock["pins"] as? [[String: Any]])?.first?["commit"] as? String == own.commit)
    }

    @Test("rollback walks back one change at a time, and a denied install leaves no pin behind in the mirror")
    func rollbackHistory() async throws {
        let harness = try await InstallHarness()
        let v1 = try await harness.service.install(InstallHarness.deploy, target: .environment("dev"), actor: "test")
        var commits = [v1.commit]
        for round in 2...3 {
            try harness.upstream.commit("v\(round)", files: ["plugins/deployment-verification/README.md": "Version \(round).\n"])
            _ = try await harness.sync()
            commits.append(try await harness.service.update(v1.key, actor: "test").commit)
        }
        // incident-investigation was indexed at commits[0] and never re-read. Pinned at commits[1] (not
        // the indexed commit, so the service reads the plugin and fingerprints it itself), it is
        // current: both sides compute the same fingerprint of the same files.
        let older = try await harness.service.install(InstallHarness.incident, target: .environment("staging"), revision: .sha(commits[1]), actor: "test")
        #expect(older.commit == commits[1])
        #expect(try await harness.service.outdated([older]).first?.state == .current)
        #expect(try await harness.service.rollback(v1.key, actor: "test").commit == commits[1])
        #expect(try await harness.service.rollback(v1.key, actor: "test").commit == commits[0])
        await #expect(throws: InstallationError.self) { try await harness.service.rollback(v1.key, actor: "test") }

        try await harness.store.savePolicyRule(PolicyRule(id: "no-hooks", effect: .deny, environment: "*", hasHooks: true))
        let mirror = harness.mirrors.mirror(for: harness.server.url("upstream.git")).path
        let before = try Shell.run(["git", "--git-dir", mirror, "for-each-ref", "refs/plaza/pins/"])
        await #expect(throws: InstallationError.self) {
            try await harness.service.install(InstallHarness.compliance, target: .environment("production"), actor: "test")
        }
        _ = try? await harness.service.diff(v1.key, revision: .sha(commits[2]))
        #expect(try Shell.run(["git", "--git-dir", mirror, "for-each-ref", "refs/plaza/pins/"]) == before, "refusals and diffs pin nothing")

        // A change computed from a pin that has moved since is refused, not recorded with a wrong `before`.
        let stale = PinEvent(actor: "slow-client", action: .update, key: v1.key, before: v1, after: v1)
        let current = try #require(try await harness.store.pin(v1.key))
        #expect(current.commit == v1.commit)
        _ = try await harness.service.update(v1.key, actor: "test")
        await #expect(throws: CatalogError.self) { try await harness.store.apply(stale, audit: nil) }
    }
}
