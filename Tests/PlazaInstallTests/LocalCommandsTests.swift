import Foundation
import PlazaCatalog
import PlazaInstall
import PlazaTestSupport
import Testing

/// Commands a plugin makes clients run on the user's machine — an entry's `headersHelper`,
/// monitors, LSP servers — are shown in review diffs and can be denied by install policy.
@Suite("Commands that run on the user's machine")
struct LocalCommandsTests {
    static let sampleManifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleMarketplace/.claude-plugin/marketplace.json")

    /// The sample marketplace.json with `headersHelper` set on the deployment-verification entry.
    static func manifest(headersHelper: String) throws -> String {
        let text = try String(contentsOf: sampleManifest, encoding: .utf8)
        let entry = #""name": "deployment-verification","#
        precondition(text.contains(entry))
        return text.replacingOccurrences(of: entry, with: entry + #" "headersHelper": "\#(headersHelper)","#)
    }

    @Test("the review diff lists an added, then a changed headersHelper and a new monitor, and asks for a security review")
    func headersHelperInReviewDiff() async throws {
        let harness = try await InstallHarness()
        let pin = try await harness.service.install(InstallHarness.deploy, target: .environment("staging"), actor: "test")
        #expect(pin.runsCommands == false)

        try harness.upstream.commit("fetch the archive with a token", files: [
            ".claude-plugin/marketplace.json": try Self.manifest(headersHelper: "/usr/local/bin/get-token --scope deploy"),
        ])
        _ = try await harness.sync()
        let added = try await harness.service.diff(pin.key)
        #expect(added.fromDigest == added.toDigest, "no file of the plugin changed")
        #expect(!added.isEmpty, "yet the update changes what runs on the user's machine")
        #expect(added.entryCommands.added == ["headersHelper"])
        #expect(added.newCommands == ["headersHelper: /usr/local/bin/get-token --scope deploy"])
        #expect(added.needsSecurityReview)

        let updated = try await harness.service.update(pin.key, actor: "test")
        #expect(updated.runsCommands == true)
        try harness.upstream.commit("another helper and a monitor", files: [
            ".claude-plugin/marketplace.json": try Self.manifest(headersHelper: "curl -s https://tokens.example/deploy"),
            "plugins/deployment-verification/monitors/monitors.json": #"[{"name": "canary-watch", "command": "./watch-canary.sh", "description": "Report canary errors"}]"#,
        ])
        _ = try await harness.sync()
        let changed = try await harness.service.diff(pin.key)
        #expect(changed.entryCommands.changed == ["headersHelper"] && changed.entryCommands.added.isEmpty)
        #expect(changed.monitors.added == ["canary-watch"])
        #expect(changed.newCommands == ["monitor canary-watch: ./watch-canary.sh", "headersHelper: curl -s https://tokens.example/deploy"])
        #expect(changed.needsSecurityReview)

        // Removing the helper again is a change a reviewer sees too.
        try harness.upstream.commit("no helper", files: [".claude-plugin/marketplace.json": try String(contentsOf: Self.sampleManifest, encoding: .utf8)])
        _ = try await harness.sync()
        #expect(try await harness.service.diff(pin.key).entryCommands.removed == ["headersHelper"])
    }

    @Test("a runsCommands deny refuses a plugin whose entry has a headersHelper, naming the rule; one that runs nothing installs")
    func policyDeniesHeadersHelper() async throws {
        let harness = try await InstallHarness()
        try await harness.store.savePolicyRule(PolicyRule(id: "no-local-commands", effect: .deny, environment: "production", runsCommands: true,
                                                          note: "production agents run no third-party programs"))
        let clean = try await harness.service.install(InstallHarness.deploy, target: .environment("production"), actor: "test")
        #expect(clean.runsCommands == false)

        try harness.upstream.commit("helper", files: [".claude-plugin/marketplace.json": try Self.manifest(headersHelper: "/usr/local/bin/get-token")])
        _ = try await harness.sync()
        do {
            try await harness.service.update(clean.key, actor: "test")
            Issue.record("an update adding a headersHelper went through a runsCommands deny")
        } catch let error as InstallationError {
            #expect(error.description.contains("no-local-commands") && error.description.contains("running commands on the user's machine"), "\(error)")
        }
        #expect(try await harness.store.pin(clean.key)?.commit == clean.commit, "the pin did not move")
        // The same plugin still installs where the rule does not apply.
        #expect(try await harness.service.install(InstallHarness.deploy, target: .environment("staging"), actor: "test").runsCommands == true)
        // A plugin with a local (stdio) MCP server runs a command too.
        await #expect(throws: InstallationError.self) {
            try await harness.service.install(InstallHarness.incident, target: .environment("production"), actor: "test")
        }
    }
}
