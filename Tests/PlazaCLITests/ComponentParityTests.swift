import Foundation
import PlazaTestSupport
import Testing

/// Issue 12: "never drop what a client loads; never load what a client refuses", checked per
/// component. Each local plugin of the mixed fixture marketplace (every construct Claude Code 2.1
/// reads) and of SampleMarketplace is installed into the real client from the directory, and the
/// client's own inventory is compared with what `plaza validate --json` says Claude Code loads:
/// - `claude plugin details` (the installed plugin): skills and commands, agents, hook events,
///   MCP servers (packaged `.mcpb` ones are resolved only at run time), LSP servers;
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

    func claude(_ arguments: [String], home: TemporaryDirectory, in directory: String) throws -> ParityProcess.Result {
        let environment = [
            "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1",
        ]
        return try ParityProcess.run(try #require(ClaudeValidator.binary), arguments, in: directory, environment: environment)
    }

    @Test("every local plugin: the client's installed inventory is what plaza says Claude Code loads", arguments: Self.marketplaces)
    func inventories(_ marketplace: String) async throws {
        let plaza = try PlazaBinary.run(["validate", "--json", marketplace])
        let document = try #require(plaza.json)
        let name = try #require((document["marketplace"] as? [String: Any])?["name"] as? String)
        let plugins = (document["plugins"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "loaded" }
        #expect(plugins.count >= 4, "\(plaza.stdout)")
        let home = try TemporaryDirectory("component-parity-home")
        let added = try claude(["plugin", "marketplace", "add", marketplace], home: home, in: home.path)
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        for plugin in plugins {
            let id = "\(plugin["name"] as? String ?? "")@\(name)"
            let ours = try #require(plugin["claudeCode"] as? [String: Any], "\(id) has a claudeCode inventory")
            func list(_ key: String) -> [String] { (ours[key] as? [String] ?? []).sorted() }
            let installed = try claude(["plugin", "install", id], home: home, in: home.path)
            try #require(installed.status == 0, "claude installs \(id): \(installed.stdout)\(installed.stderr)")
            let details = try claude(["plugin", "details", id], home: home, in: home.path)
            let theirs = Inventory(details: details.stdout)
            #expect(theirs.sections.count == 5, "claude plugin details \(id) printed an inventory:\n\(details.stdout)\(details.stderr)")
            #expect(theirs.sections["Skills"] == list("skills"), "\(id): skills and commands")
            #expect(theirs.sections["Agents"] == list("agents"), "\(id): agents")
            #expect(theirs.sections["Hooks"] == list("hookEvents"), "\(id): hook events")
            #expect(theirs.sections["MCP servers"] == list("mcpServers"), "\(id): MCP servers")
            #expect(theirs.sections["LSP servers"] == list("lspServers"), "\(id): LSP servers")

            guard let root = plugin["root"] as? String,
                  FileManager.default.fileExists(atPath: marketplace + "/" + root + "/.claude-plugin/plugin.json") else { continue }
            let validated = try claude(["plugin", "validate", "--json", marketplace + "/" + root], home: home, in: home.path)
            let provides = try #require(((try? JSONSerialization.jsonObject(with: Data(validated.stdout.utf8))) as? [String: Any])?["provides"] as? [String: Any],
                                        "claude plugin validate \(id) lists what it provides:\n\(validated.stdout)")
            func provided(_ key: String) -> [String] {
                (provides[key] as? [Any] ?? []).compactMap { item in
                    let text = (item as? String) ?? ((item as? [String: Any])?["name"] as? String) ?? ""
                    return text.split(separator: ":").last.map(String.init)
                }.sorted()
            }
            #expect(provided("outputStyles") == list("outputStyles"), "\(id): output styles")
            #expect(provided("monitors") == list("monitors"), "\(id): monitors")
            #expect((provides["mcpServers"] as? [Any] ?? []).count == list("mcpServers").count + list("packagedMCPServers").count,
                    "\(id): MCP servers, packaged ones included")
        }
    }
}
