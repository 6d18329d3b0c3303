import Foundation
import PlazaTestSupport
import Testing

/// Issue 12: "never drop what a client loads; never load what a client refuses", checked per
/// component. Each local plugin of the mixed fixture marketplace (every construct Claude Code 2.1
/// reads) and of SampleMarketplace is installed into the real client from the directory, and the
/// client's own inventory is compared with what `plaza validate --json` says Claude Code loads:
/// - a headless session's `system`/`init` event: the skills, commands and agents it loaded (the
///   ground truth: `claude plugin details` misses agents and commands declared in plugin.json);
/// - `claude plugin details` (the installed plugin): hook events, MCP servers (packaged `.mcpb`
///   ones are resolved only at run time), LSP servers;
/// - `claude plugin validate --json` `provides` (plugins with a plugin.json): output styles,
///   monitors, and MCP servers packaged ones included.
@Suite("Component parity with Claude Code", .serialized,
       .enabled("PLAZA_CLAUDE is not set: component parity with Claude Code was NOT checked") { ParityEnvironment.claudeConfigured })
struct ComponentParityTests {
    static let marketplaces = [ParityTarget.fixturesDirectory + "/mixed-marketplace", ParityTarget.sampleMarketplace]

    /// The client's inventory of an installed plugin, from `claude plugin details` text.
    struct Inventory: Equatable {
        var sections: [String: [String]] = [:]

        init(details: String) {
            for line in details.split(separator: "\n").map(String.init) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                for section in ["Skills", "Agents", "Hooks", "MCP servers", "LSP servers"] where trimmed.hasPrefix(section + " (") {
                    guard let close = trimmed.firstIndex(of: ")") else { continue }
                    var rest = String(trimmed[trimmed.index(after: close)...]).trimmingCharacters(in: .whitespaces)
                    if let note = rest.range(of: "  (") { rest = String(rest[..<note.lowerBound]) }
                    sections[section] = rest.isEmpty ? [] : rest.components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) }.sorted()
                }
            }
        }
    }

    static func claude(_ arguments: [String], home: TemporaryDirectory) throws -> ParityProcess.Result {
        let environment = [
            "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1",
            // A headless session starts, reports what it loaded, then fails fast on the model call.
            "ANTHROPIC_API_KEY": "dummy", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9", "CLAUDE_CODE_MAX_RETRIES": "0",
        ]
        guard let binary = ClaudeValidator.binary else { throw ParityRunError(description: "PLAZA_CLAUDE is not set") }
        return try ParityProcess.run(binary, arguments, in: home.path, environment: environment)
    }

    /// One local plugin as both sides see it.
    struct Observed: Sendable {
        let id: String
        /// `claudeCode` from plaza validate --json.
        let ours: [String: [String]]
        let installed: ParityProcess.Result
        let details: String
        /// `provides` from claude plugin validate --json (plugins with a plugin.json), names without the plugin prefix.
        let provides: [String: [String]]?
        let providedMCPCount: Int
        /// From the session's `system`/`init` event: slash commands (skills and commands) and agents of this plugin.
        var sessionCommands: [String] = []
        var sessionAgents: [String] = []
    }

    /// Runs every command on a thread of its own (the processes block; the cooperative pool must not).
    static func observe(_ marketplace: String) throws -> (name: String, plugins: [Observed], added: ParityProcess.Result) {
        let plaza = try PlazaBinary.run(["validate", "--json", marketplace])
        guard let document = plaza.json, let name = (document["marketplace"] as? [String: Any])?["name"] as? String else {
            throw ParityRunError(description: "plaza validate gave no marketplace for \(marketplace): \(plaza.stdout)\(plaza.stderr)")
        }
        let plugins = (document["plugins"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "loaded" }
        let home = try TemporaryDirectory("component-parity-home")
        // deploy-kit depends on incident-investigation@contoso: a plugin whose required dependency
        // is missing does not load at all, so the dependency's marketplace is added too.
        if marketplace != ParityTarget.sampleMarketplace {
            _ = try claude(["plugin", "marketplace", "add", ParityTarget.sampleMarketplace], home: home)
        }
        let added = try claude(["plugin", "marketplace", "add", marketplace], home: home)
        var observed: [Observed] = []
        for plugin in plugins {
            let id = "\(plugin["name"] as? String ?? "")@\(name)"
            let inventory = plugin["claudeCode"] as? [String: Any] ?? [:]
            let ours = inventory.mapValues { ($0 as? [String] ?? []).sorted() }
            let installed = try claude(["plugin", "install", id], home: home)
            let details = try claude(["plugin", "details", id], home: home)
            var provides: [String: [String]]?
            var providedMCPCount = 0
            if let root = plugin["root"] as? String,
               FileManager.default.fileExists(atPath: marketplace + "/" + root + "/.claude-plugin/plugin.json") {
                let validated = try claude(["plugin", "validate", "--json", marketplace + "/" + root], home: home)
                if let object = ((try? JSONSerialization.jsonObject(with: Data(validated.stdout.utf8))) as? [String: Any])?["provides"] as? [String: Any] {
                    provides = object.mapValues { value in
                        (value as? [Any] ?? []).compactMap { item in
                            let text = (item as? String) ?? ((item as? [String: Any])?["name"] as? String) ?? ""
                            return text.split(separator: ":").last.map(String.init)
                        }.sorted()
                    }
                    providedMCPCount = (object["mcpServers"] as? [Any] ?? []).count
                } else {
                    provides = [:]
                }
            }
            observed.append(Observed(id: id, ours: ours, installed: installed, details: details.stdout + details.stderr,
                                     provides: provides, providedMCPCount: providedMCPCount))
        }
        // What a real session loads: the first stream-json event of a headless run lists every
        // slash command (skills and commands) and agent, prefixed with the plugin's name.
        let session = try claude(["-p", "hi", "--output-format", "stream-json", "--verbose"], home: home)
        let initEvent = session.stdout.split(separator: "\n").lazy.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }.first { $0["type"] as? String == "system" && $0["subtype"] as? String == "init" }
        guard let initEvent else { throw ParityRunError(description: "no session init event:\n\(session.stdout)\(session.stderr)") }
        for index in observed.indices {
            let prefix = String(observed[index].id.split(separator: "@").first ?? "") + ":"
            func mine(_ key: String) -> [String] {
                (initEvent[key] as? [String] ?? []).filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
            }
            observed[index].sessionCommands = mine("slash_commands")
            observed[index].sessionAgents = mine("agents")
        }
        return (name, observed, added)
    }

    @Test("every local plugin: the client's installed inventory is what plaza says Claude Code loads", arguments: Self.marketplaces)
    func inventories(_ marketplace: String) async throws {
        let (_, plugins, added) = try await offPool { try Self.observe(marketplace) }
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        #expect(plugins.count >= 4, "local plugins of \(marketplace)")
        for plugin in plugins {
            let id = plugin.id
            func list(_ key: String) -> [String] { plugin.ours[key] ?? [] }
            #expect(!plugin.ours.isEmpty, "\(id) has a claudeCode inventory")
            try #require(plugin.installed.status == 0, "claude installs \(id): \(plugin.installed.stdout)\(plugin.installed.stderr)")
            let theirs = Inventory(details: plugin.details)
            #expect(theirs.sections.count == 5, "claude plugin details \(id) printed an inventory:\n\(plugin.details)")
            #expect(plugin.sessionCommands == list("skills"), "\(id): skills and commands a session loads")
            #expect(plugin.sessionAgents == list("agents"), "\(id): agents a session loads")
            #expect(theirs.sections["Hooks"] == list("hookEvents"), "\(id): hook events")
            #expect(theirs.sections["MCP servers"] == list("mcpServers"), "\(id): MCP servers")
            #expect(theirs.sections["LSP servers"] == list("lspServers"), "\(id): LSP servers")
            guard let provides = plugin.provides else { continue }
            #expect(!provides.isEmpty, "claude plugin validate \(id) lists what it provides")
            #expect((provides["outputStyles"] ?? []) == list("outputStyles"), "\(id): output styles")
            #expect((provides["monitors"] ?? []) == list("monitors"), "\(id): monitors")
            #expect(plugin.providedMCPCount == list("mcpServers").count + list("packagedMCPServers").count,
                    "\(id): MCP servers, packaged ones included")
        }
    }
}
