import Foundation
import PlazaFormats
import PlazaSources

/// The stable JSON document `plaza validate --json` prints (schemaVersion 1).
struct ValidationDocument: Encodable {
    struct Target: Encodable {
        let target: String
        let commit: String?
        let ref: String?
    }

    struct Marketplace: Encodable {
        let name: String
        let owner: Person?
        let description: String?
        let version: String?
    }

    struct Plugin: Encodable {
        let name: String
        let status: LoadedPlugin.Status
        let source: String
        let sourceKind: String
        let root: String?
        let version: String?
        let description: String?
        let skills: [String]
        let agents: [String]
        let commands: [String]
        let hooks: [String]
        let mcpServers: [MCPServer]
        let lspServers: [String]
        let outputStyles: [String]
        let monitors: [String]
        let channels: [String]
        /// What clients run on the user's machine for this plugin, one line each (`LoadedPlugin.localCommands`).
        let localCommands: [String]
        /// What Claude Code itself loads from this plugin (other clients' layouts left out).
        let claudeCode: ClaudeCodeInventory?
    }

    struct MCPServer: Encodable {
        let name: String
        let transport: String
        let requiredSecrets: [String]
    }

    let schemaVersion = 1
    let passed: Bool
    let strict: Bool
    let kind: String?
    let target: Target
    let manifest: String?
    let marketplace: Marketplace?
    let summary: ValidationSummary?
    let plugins: [Plugin]
    /// Marketplace entries that were rejected (see diagnostics for why).
    let rejectedEntries: [RejectedEntry]
    let diagnostics: [Diagnostic]
    /// Set when validation could not run at all (exit code 2).
    let error: String?

    init(report: ValidationReport, origin: ValidationOrigin) {
        passed = report.passed
        strict = report.strict
        kind = report.kind.rawValue
        target = Target(target: origin.target, commit: origin.commit?.hex, ref: origin.ref)
        manifest = report.manifestPath
        marketplace = report.marketplace.map { Marketplace(name: $0.name, owner: $0.owner, description: $0.description, version: $0.version) }
        summary = report.summary
        plugins = report.plugins.map { plugin in
            Plugin(name: plugin.name, status: plugin.status, source: plugin.source.summary, sourceKind: plugin.source.kind,
                   root: plugin.root, version: plugin.metadata.version, description: plugin.metadata.description,
                   skills: plugin.skills.map(\.name), agents: plugin.agents.map(\.name), commands: plugin.commands.map(\.name),
                   hooks: plugin.hooks.map { "\($0.event):\($0.type)" },
                   mcpServers: plugin.mcpServers.map { MCPServer(name: $0.name, transport: $0.transport.rawValue, requiredSecrets: $0.requiredSecrets) },
                   lspServers: plugin.lspServers.map(\.name), outputStyles: plugin.outputStyles.map(\.name), monitors: plugin.monitors.map(\.name),
                   channels: plugin.channels.map(\.server), localCommands: plugin.localCommands,
                   claudeCode: plugin.status == .loaded ? plugin.claudeCodeInventory : nil)
        }
        rejectedEntries = report.marketplace?.rejectedEntries ?? []
        diagnostics = report.diagnostics
        error = nil
    }

    private init(failureTarget: String, message: String) {
        passed = false
        strict = false
        kind = nil
        target = Target(target: failureTarget, commit: nil, ref: nil)
        manifest = nil
        marketplace = nil
        summary = nil
        plugins = []
        rejectedEntries = []
        diagnostics = []
        error = message
    }

    static func failure(target: String, message: String) -> ValidationDocument {
        ValidationDocument(failureTarget: target, message: message)
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
