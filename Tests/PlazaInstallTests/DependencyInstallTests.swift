import Foundation
import Logging
import PlazaCatalog
import PlazaFormats
import PlazaGit
import PlazaInstall
import PlazaOutbound
import PlazaStore
import PlazaSync
import PlazaTestSupport
import Testing

/// Issue 12, item 5: installing a plugin pins its dependency closure, each dependency at the
/// highest `{name}--v{version}` tag its range allows, every pin checked by install policy.
@Suite("Dependencies")
struct DependencyInstallTests {
    static func plugin(_ name: String, version: String, dependencies: String = "[]") -> [String: String] {
        ["plugins/\(name)/.claude-plugin/plugin.json": #"{"name": "\#(name)", "version": "\#(version)", "dependencies": \#(dependencies)}"#,
         "plugins/\(name)/skills/\(name)-skill/SKILL.md": "---\nname: \(name)-skill\ndescription: Part of \(name) \(version).\n---\nBody \(version).\n"]
    }

    static let marketplace = #"{"name": "acme", "owner": {"name": "Acme"}, "plugins": [{"name": "deploy-kit", "source": "./plugins/deploy-kit"}, {"name": "secrets-vault", "source": "./plugins/secrets-vault"}, {"name": "audit-logger", "source": "./plugins/audit-logger"}]}"#

    /// secrets-vault is released as 2.0.0, 2.1.0, 2.1.3 and 2.2.0 (tagged), then deploy-kit is added.
    func harness() async throws -> (GitFixture, SQLiteStore, InstallationService, SyncEngine, TemporaryDirectory) {
        let upstream = try GitFixture(name: "acme")
        var files = [".claude-plugin/marketplace.json": Self.marketplace].merging(Self.plugin("audit-logger", version: "1.0.0")) { a, _ in a }
        for version in ["2.0.0", "2.1.0", "2.1.3", "2.2.0"] {
            files.merge(Self.plugin("secrets-vault", version: version)) { _, new in new }
            try upstream.commit("secrets-vault \(version)", files: files)
            try upstream.git("tag", "secrets-vault--v\(version)")
        }
        try upstream.commit("deploy-kit", files: Self.plugin("deploy-kit", version: "1.0.0",
                                                             dependencies: #"[{"name": "secrets-vault", "version": "~2.1.0"}, "audit-logger"]"#))
        try upstream.git("push", "--quiet", "--tags", "origin")
        let data = try TemporaryDirectory("plaza-deps")
        let store = try SQLiteStore(path: data.file("plaza.sqlite"))
        let mirrors = try MirrorDirectory(root: data.file("mirrors"))
        let engine = SyncEngine(store: store, mirrors: mirrors, logger: Logger(label: "test"), environment: [:], outbound: OutboundPolicy(allowedSchemes: ["file"]))
        try await store.register(MarketplaceRegistration(name: "acme", url: upstream.fileURL))
        let status = try await engine.sync("acme")
        #expect(status.state == .ok, "\(status)")
        return (upstream, store, InstallationService(store: store, mirrors: mirrors), engine, data)
    }

    @Test("install pins the closure: the ranged dependency at its highest matching tag, the other at the current commit")
    func closure() async throws {
        let (upstream, store, service, engine, data) = try await harness()
        defer { withExtendedLifetime((engine, data)) {} }
        _ = try await service.install(PluginName(marketplace: "acme", plugin: "deploy-kit"), target: .environment("dev"), actor: "test")
        let pins = try await store.pins(targets: ["environment:dev"])
        #expect(pins.map(\.plugin).sorted() == ["audit-logger", "deploy-kit", "secrets-vault"])
        let vault = try #require(pins.first { $0.plugin == "secrets-vault" })
        #expect(vault.version == "2.1.3", "the highest version in ~2.1.0, not 2.2.0 (the head)")
        #expect(vault.commit == (try upstream.git("rev-list", "-n", "1", "secrets-vault--v2.1.3")))
        let catalog = try await store.entries(kind: .plugin, name: "deploy-kit", marketplace: "acme", plugin: "deploy-kit").first
        #expect(catalog?.details["dependencies"] == "secrets-vault ~2.1.0; audit-logger", "the catalog shows the dependencies")
    }

    @Test("a dependency refused by policy refuses the whole install, naming the rule; nothing is pinned")
    func policyRefusesClosure() async throws {
        let (upstream, store, service, engine, data) = try await harness()
        defer { withExtendedLifetime((upstream, engine, data)) {} }
        try await store.savePolicyRule(PolicyRule(id: "no-audit", effect: .deny, environment: "dev", plugin: "audit-logger", note: "not in dev"))
        await #expect {
            try await service.install(PluginName(marketplace: "acme", plugin: "deploy-kit"), target: .environment("dev"), actor: "test")
        } throws: { error in
            "\(error)".contains("deploy-kit@acme needs audit-logger@acme")
        }
        #expect(try await store.pins(targets: ["environment:dev"]).isEmpty)
    }

    @Test("the review diff lists a dependency an update adds, and asks for a security review")
    func diffShowsDependencies() async throws {
        let (upstream, store, service, engine, data) = try await harness()
        defer { withExtendedLifetime((store, data)) {} }
        let pin = try await service.install(PluginName(marketplace: "acme", plugin: "deploy-kit"), target: .environment("dev"), actor: "test")
        try upstream.commit("deploy-kit needs secrets-vault ^2.2", files: Self.plugin("deploy-kit", version: "1.1.0",
                                                                           dependencies: #"[{"name": "secrets-vault", "version": "^2.2.0"}, "audit-logger", "extra-tool"]"#))
        _ = try await engine.sync("acme")
        let diff = try await service.diff(pin.key)
        #expect(diff.dependencies.added == ["extra-tool"])
        #expect(diff.dependencies.changed == ["secrets-vault"], "the range moved")
        #expect(diff.needsSecurityReview)

        // extra-tool is not in the marketplace: the update is refused and nothing moves.
        await #expect { try await service.update(pin.key, actor: "test") } throws: { "\($0)".contains("extra-tool") }
        #expect(try await store.pin(pin.key)?.commit == pin.commit)

        // Without it, the update re-resolves the closure: secrets-vault moves into ^2.2.0.
        try upstream.commit("deploy-kit 1.2", files: Self.plugin("deploy-kit", version: "1.2.0",
                                                                 dependencies: #"[{"name": "secrets-vault", "version": "^2.2.0"}, "audit-logger"]"#))
        _ = try await engine.sync("acme")
        _ = try await service.update(pin.key, actor: "test")
        #expect(try await store.pins(targets: ["environment:dev"]).first { $0.plugin == "secrets-vault" }?.version == "2.2.0")
    }

    @Test("outdated covers dependencies: a range holding a dependency back, and a dependency uninstalled from under its plugin")
    func outdatedDependencies() async throws {
        let (upstream, store, service, engine, data) = try await harness()
        defer { withExtendedLifetime((upstream, engine, data)) {} }
        let pin = try await service.install(PluginName(marketplace: "acme", plugin: "deploy-kit"), target: .environment("dev"), actor: "test")
        var states = try await service.outdated(try await store.pins(targets: ["environment:dev"]))
        let vault = try #require(states.first { $0.pin.plugin == "secrets-vault" })
        #expect(vault.state == .outdated, "pinned at 2.1.3, the head is 2.2.0")
        #expect(vault.heldBy == ["deploy-kit@acme needs ~2.1.0"], "updating it to the head would break deploy-kit")
        #expect(states.first { $0.pin.plugin == "deploy-kit" }?.dependencyProblems == [])

        try await service.uninstall(try #require(states.first { $0.pin.plugin == "audit-logger" }).pin.key, actor: "test")
        states = try await service.outdated(try await store.pins(targets: ["environment:dev"]))
        let kit = try #require(states.first { $0.pin.key == pin.key })
        #expect(kit.state == .current)
        #expect(kit.dependencyProblems == ["needs audit-logger@acme, which is not installed for environment:dev; `plaza update deploy-kit@acme` pins it again"])
        #expect(kit.needsAttention)
    }

    @Test("semver ranges as Claude Code's dependencies use them")
    func ranges() throws {
        func matches(_ range: String, _ versions: [String]) -> [String] {
            let parsed = SemverRange(range)!
            return versions.filter { parsed.contains(SemanticVersion($0)!) }
        }
        let all = ["1.9.9", "2.0.0", "2.0.5", "2.1.0", "2.1.3", "2.2.0", "3.0.0", "2.1.4-beta.1"]
        #expect(matches("~2.1.0", all) == ["2.1.0", "2.1.3"])
        #expect(matches("^2.0", all) == ["2.0.0", "2.0.5", "2.1.0", "2.1.3", "2.2.0"])
        #expect(matches(">=2.1 <3", all) == ["2.1.0", "2.1.3", "2.2.0"])
        #expect(matches("2.x", all) == ["2.0.0", "2.0.5", "2.1.0", "2.1.3", "2.2.0"])
        #expect(matches("1.0.0 - 2.0.5", all) == ["1.9.9", "2.0.0", "2.0.5"])
        #expect(matches("^0.2.3", ["0.2.3", "0.2.9", "0.3.0"]) == ["0.2.3", "0.2.9"])
        #expect(matches("<2.0.0 || >=3", all) == ["1.9.9", "3.0.0"])
        #expect(matches("~2.1.4-beta.0", all) == ["2.1.4-beta.1"], "a pre-release only when the range names one of that version")
        #expect(SemverRange("not a range") == nil)
    }
}

/// Issue 12, item 5: a plugin renamed upstream (marketplace `renames`) is reported as renamed,
/// not vanished, and `update` follows the rename only when asked.
@Suite("Renames")
struct RenameTests {
    @Test("outdated says renamed with the new name; update refuses, then with followRename pins the new name and drops the old")
    func renamed() async throws {
        let harness = try await InstallHarness()
        let old = PluginName(marketplace: "contoso", plugin: "cost-governance")
        let pin = try await harness.service.install(old, target: .environment("dev"), actor: "test")
        let path = harness.upstream.workPath + "/.claude-plugin/marketplace.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        json["plugins"] = (json["plugins"] as! [[String: Any]]).map { entry in
            var entry = entry
            if entry["name"] as? String == "cost-governance" { entry["name"] = "finops-governance" }
            return entry
        }
        json["renames"] = ["cost-governance": "finops-governance"]
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
        try harness.upstream.commit("rename cost-governance")
        try await harness.sync()

        let states = try await harness.service.outdated([pin])
        #expect(states.first?.state == .renamed)
        #expect(states.first?.renamedTo == "finops-governance")
        await #expect { try await harness.service.update(pin.key, actor: "test") } throws: { "\($0)".contains("renamed to finops-governance") }
        let moved = try await harness.service.update(pin.key, followRename: true, actor: "test")
        #expect(moved.plugin == "finops-governance")
        let pins = try await harness.store.pins(targets: ["environment:dev"])
        #expect(pins.map(\.plugin) == ["finops-governance"])
    }
}
