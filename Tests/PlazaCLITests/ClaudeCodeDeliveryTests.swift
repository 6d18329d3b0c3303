import Foundation
import PlazaTestSupport
import Testing

/// Issue 11: the real Claude Code CLI gets exactly the pin, and a pin that moves (update,
/// rollback, promote) reaches it through the client's own update command. Needs `PLAZA_CLAUDE`
/// (the binary from PyPI's claude-agent-sdk) and the test host name in /etc/hosts; `.ci/run` sets both.
@Suite("Stock Claude Code gets exactly the pin", .serialized, .enabled(if: ClaudeCode.available))
struct ClaudeCodeDeliveryTests {
    static let plugin = "incident-investigation"

    /// Settings from `plaza client-config claude`, a headless start, then `claude plugin install`.
    func connectedClient(_ stack: DeliveryStack, environment: String, managed: Bool = false) throws -> ClaudeCode {
        let token = try stack.installerToken(environment: environment)
        var arguments = ["client-config", "claude", "--environment", environment]
        if managed { arguments.append("--managed") }
        let config = try stack.plaza(arguments, tokenFile: token.file)
        try config.expectSuccess()
        #expect(!config.stdout.contains(try String(contentsOfFile: token.file, encoding: .utf8)), "the settings never hold the token itself")
        let claude = try ClaudeCode(caCertificate: stack.certificates.ca)
        try claude.writeSettings(config.stdout)
        try claude.startHeadlessSession()
        let list = try claude.run(["plugin", "marketplace", "list"])
        #expect(list.output.contains("plaza-\(environment)"), "the declared marketplace is registered: \(list.output)")
        return claude
    }

    /// `plaza verify` on the client's install directory, against the digest Plaza pinned.
    func expectInstalled(_ claude: ClaudeCode, _ id: String, matches pin: (digest: String, version: String), _ stack: DeliveryStack,
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let installed = try claude.installed()
        let entry = try #require(installed[id], "\(id) is installed: \(installed.keys.sorted())", sourceLocation: sourceLocation)
        #expect(entry.version == pin.version, "the client records the delivered version", sourceLocation: sourceLocation)
        let verify = try stack.plaza(["verify", entry.path, "--digest", pin.digest])
        #expect(verify.status == 0, "the install directory recomputes to the pin's digest: \(verify.stdout)\(verify.stderr)", sourceLocation: sourceLocation)
        return entry.path
    }

    @Test("install, upstream change + plaza update, client update, rollback: the client always holds the pin")
    func updateAndRollbackReachTheClient() throws {
        let stack = try DeliveryStack()
        try stack.plaza(["install", "\(Self.plugin)@contoso", "--environment", "production"]).expectSuccess()
        let first = try stack.pinned(Self.plugin, environment: "production")
        #expect(first.version.hasPrefix("2.1.0+plaza."), "the plugin's own version, then the pin: \(first.version)")

        let claude = try connectedClient(stack, environment: "production")
        try claude.run(["plugin", "install", "\(Self.plugin)@plaza-production"]).expectSuccess("install")
        let id = "\(Self.plugin)@plaza-production"
        let firstPath = try expectInstalled(claude, id, matches: first, stack)

        // Upstream changes a skill without bumping the version; nothing reaches the client
        // until someone moves the pin.
        try stack.changeUpstreamSkill("Check the paging runbook first.")
        try claude.run(["plugin", "marketplace", "update", "plaza-production"]).expectSuccess("marketplace update")
        try claude.run(["plugin", "update", id]).expectSuccess("update")
        #expect(try claude.installed()[id]?.version == first.version, "an upstream merge alone changes nothing")

        try stack.plaza(["update", "\(Self.plugin)@contoso", "--environment", "production"]).expectSuccess()
        let second = try stack.pinned(Self.plugin, environment: "production")
        #expect(second.digest != first.digest && second.version != first.version)
        try claude.run(["plugin", "marketplace", "update", "plaza-production"]).expectSuccess("marketplace update")
        try claude.run(["plugin", "update", id]).expectSuccess("update")
        let secondPath = try expectInstalled(claude, id, matches: second, stack)
        let skill = try String(contentsOfFile: secondPath + "/skills/triage-alert/SKILL.md", encoding: .utf8)
        #expect(skill.contains("Check the paging runbook first."), "the client has the new files")

        try stack.plaza(["rollback", "\(Self.plugin)@contoso", "--environment", "production"]).expectSuccess()
        #expect(try stack.pinned(Self.plugin, environment: "production") == first)
        try claude.run(["plugin", "marketplace", "update", "plaza-production"]).expectSuccess("marketplace update")
        try claude.run(["plugin", "update", id]).expectSuccess("update")
        let backPath = try expectInstalled(claude, id, matches: first, stack)
        #expect(backPath == firstPath)
        let restored = try String(contentsOfFile: backPath + "/skills/triage-alert/SKILL.md", encoding: .utf8)
        #expect(!restored.contains("Check the paging runbook first."), "the client has the old files back")
    }

    @Test("promote staging → production reaches a production client; a no-op re-export changes nothing")
    func promoteReachesProduction() throws {
        let stack = try DeliveryStack()
        try stack.plaza(["install", "\(Self.plugin)@contoso", "--environment", "production"]).expectSuccess()
        let production = try stack.pinned(Self.plugin, environment: "production")
        let claude = try connectedClient(stack, environment: "production", managed: true)
        let id = "\(Self.plugin)@plaza-production"
        try claude.run(["plugin", "install", id]).expectSuccess("install")
        _ = try expectInstalled(claude, id, matches: production, stack)

        try stack.changeUpstreamSkill("Escalate after 15 minutes.")
        try stack.plaza(["install", "\(Self.plugin)@contoso", "--environment", "staging"]).expectSuccess()
        let staging = try stack.pinned(Self.plugin, environment: "staging")
        #expect(staging.digest != production.digest)
        let before = try stack.plaza(["lockfile", "--environment", "production"]).stdout
        #expect(try stack.plaza(["lockfile", "--environment", "production"]).stdout == before, "a re-export is byte-identical")

        try stack.plaza(["promote", "\(Self.plugin)@contoso", "--from", "staging", "--to", "production"]).expectSuccess()
        #expect(try stack.pinned(Self.plugin, environment: "production") == staging, "the exact pin is promoted")
        try claude.run(["plugin", "marketplace", "update", "plaza-production"]).expectSuccess("marketplace update")
        try claude.run(["plugin", "update", id]).expectSuccess("update")
        let path = try expectInstalled(claude, id, matches: staging, stack)
        #expect(try String(contentsOfFile: path + "/skills/triage-alert/SKILL.md", encoding: .utf8).contains("Escalate after 15 minutes."))
    }

    @Test("a single-skill pin and a plugin without plugin.json (strict: false) install and verify")
    func singleSkillAndStrictFalse() throws {
        let stack = try DeliveryStack()
        try stack.plaza(["install", "runbook-library@contoso", "--skill", "restart-service", "--environment", "dev"]).expectSuccess()
        try stack.plaza(["install", "runbook-library@contoso", "--environment", "dev"]).expectSuccess()
        let claude = try connectedClient(stack, environment: "dev")
        try claude.run(["plugin", "install", "runbook-library-restart-service@plaza-dev"]).expectSuccess("install skill")
        try claude.run(["plugin", "install", "runbook-library@plaza-dev"]).expectSuccess("install strict:false plugin")
        let skillPath = try expectInstalled(claude, "runbook-library-restart-service@plaza-dev",
                                            matches: try stack.pinned("runbook-library", skill: "restart-service", environment: "dev"), stack)
        #expect(FileManager.default.fileExists(atPath: skillPath + "/skills/restart-service/SKILL.md"))
        let pluginPath = try expectInstalled(claude, "runbook-library@plaza-dev", matches: try stack.pinned("runbook-library", environment: "dev"), stack)
        // Made from the marketplace entry, so the client loads the skills the entry lists.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: pluginPath + "/.claude-plugin/plugin.json"))) as? [String: Any]
        #expect(manifest?["skills"] as? [String] == ["./runbooks/restart-service", "./runbooks/rotate-certificates"])
        let details = try claude.run(["plugin", "details", "runbook-library@plaza-dev"])
        #expect(details.output.contains("rotate-certificates"), "the client sees the entry's skills: \(details.output)")
    }

    @Test("a dependency closure reaches the client: installing the plugin brings its pinned dependencies, cross-marketplace included")
    func dependenciesReachTheClient() throws {
        let stack = try DeliveryStack()
        let acme = try GitFixture(name: "acme")
        func plugin(_ name: String, _ version: String, dependencies: String = "[]") -> [String: String] {
            ["plugins/\(name)/.claude-plugin/plugin.json": #"{"name": "\#(name)", "version": "\#(version)", "dependencies": \#(dependencies)}"#,
             "plugins/\(name)/skills/\(name)-skill/SKILL.md": "---\nname: \(name)-skill\ndescription: Part of \(name) \(version).\n---\nBody \(version).\n"]
        }
        let manifest = #"{"name": "acme", "owner": {"name": "Acme"}, "allowCrossMarketplaceDependenciesOn": ["contoso"], "plugins": [{"name": "deploy-kit", "source": "./plugins/deploy-kit"}, {"name": "secrets-vault", "source": "./plugins/secrets-vault"}]}"#
        var files = [".claude-plugin/marketplace.json": manifest]
        for version in ["2.1.0", "2.2.0"] {
            files.merge(plugin("secrets-vault", version)) { _, new in new }
            try acme.commit("secrets-vault \(version)", files: files)
            try acme.git("tag", "secrets-vault--v\(version)")
        }
        try acme.commit("deploy-kit", files: plugin("deploy-kit", "1.0.0", dependencies: #"[{"name": "secrets-vault", "version": "~2.1.0"}, "\#(Self.plugin)@contoso"]"#))
        try acme.git("push", "--quiet", "--tags", "origin")
        try stack.plaza(["marketplace", "add", "acme", acme.fileURL]).expectSuccess()
        try stack.plaza(["install", "deploy-kit@acme", "--environment", "dev"]).expectSuccess()
        let vault = try stack.pinned("secrets-vault", environment: "dev")
        #expect(vault.version.hasPrefix("2.1.0+plaza."), "the range ~2.1.0 chose 2.1.0, not the head 2.2.0: \(vault.version)")

        let claude = try connectedClient(stack, environment: "dev")
        try claude.run(["plugin", "install", "deploy-kit@plaza-dev"]).expectSuccess("install")
        let installed = try claude.installed()
        #expect(Set(installed.keys).isSuperset(of: ["deploy-kit@plaza-dev", "secrets-vault@plaza-dev", "\(Self.plugin)@plaza-dev"]),
                "the client installed the closure from the export: \(installed.keys.sorted())")
        _ = try expectInstalled(claude, "deploy-kit@plaza-dev", matches: try stack.pinned("deploy-kit", environment: "dev"), stack)
        _ = try expectInstalled(claude, "secrets-vault@plaza-dev", matches: vault, stack)
        _ = try expectInstalled(claude, "\(Self.plugin)@plaza-dev", matches: try stack.pinned(Self.plugin, environment: "dev"), stack)
    }

    @Test("a revoked token fails clearly and installs nothing")
    func revokedToken() throws {
        let stack = try DeliveryStack()
        try stack.plaza(["install", "\(Self.plugin)@contoso", "--environment", "production"]).expectSuccess()
        let token = try stack.installerToken(environment: "production")
        let config = try stack.plaza(["client-config", "claude", "--environment", "production"], tokenFile: token.file)
        try config.expectSuccess()
        try stack.plaza(["token", "revoke", token.id]).expectSuccess()
        let claude = try ClaudeCode(caCertificate: stack.certificates.ca)
        try claude.writeSettings(config.stdout)
        try claude.startHeadlessSession()
        let install = try claude.run(["plugin", "install", "\(Self.plugin)@plaza-production"])
        #expect(install.status != 0, "the install fails: \(install.output)")
        #expect(try claude.installed()["\(Self.plugin)@plaza-production"] == nil, "nothing is installed")
        let update = try claude.run(["plugin", "marketplace", "update", "plaza-production"])
        #expect(update.status != 0 || update.output.contains("401") || update.output.lowercased().contains("not found"),
                "the client reports the failure: \(update.output)")
    }
}
