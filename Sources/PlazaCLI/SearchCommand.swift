import ArgumentParser
import Foundation

/// `plaza search QUERY [filters]`.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search plugins, skills, agents, commands, hooks, MCP servers, output styles, LSP servers, monitors and channels.",
        discussion: "Every word matches as a prefix (type-ahead); a small typo is corrected. Exit code 1 when nothing matches."
    )

    @Argument(help: "Words to search for (empty lists everything).") var query: [String] = []
    @Option(help: "Only this kind: plugin, skill, agent, command, hook, mcp-server, output-style, lsp-server, monitor, channel (repeatable).")
    var kind: [String] = []
    @Option(help: "Only this marketplace.") var marketplace: String?
    @Option(help: "Only this plugin.") var plugin: String?
    @Option(help: "Only this category.") var category: String?
    @Option(help: "Only entries with this tag or keyword.") var tag: String?
    @Flag(help: "Only plugins (and their parts) that ship MCP servers.") var hasMcp = false
    @Flag(help: "Only plugins (and their parts) that ship hooks.") var hasHooks = false
    @Option(help: "Results per page (1-100).") var limit = 20
    @Option(help: "Continue from a previous page's cursor.") var cursor: String?
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            var parameters: [(String, String)] = [("q", query.joined(separator: " ")), ("limit", "\(limit)")]
            parameters += kind.map { ("kind", $0) }
            if let marketplace { parameters.append(("marketplace", marketplace)) }
            if let plugin { parameters.append(("plugin", plugin)) }
            if let category { parameters.append(("category", category)) }
            if let tag { parameters.append(("tag", tag)) }
            if hasMcp { parameters.append(("hasMcp", "true")) }
            if hasHooks { parameters.append(("hasHooks", "true")) }
            if let cursor { parameters.append(("cursor", cursor)) }
            let page = try await client.get("v1/search", query: parameters)
            let results = page["results"] as? [[String: Any]] ?? []
            if options.json { printJSON(page) } else {
                if let corrections = page["corrections"] as? [String: String], !corrections.isEmpty {
                    print("Showing results for " + corrections.map { "\($0.value) (not \($0.key))" }.joined(separator: ", "))
                }
                if results.isEmpty {
                    print("No results for '\(query.joined(separator: " "))'.")
                } else {
                    print(Table.render(["KIND", "NAME", "PLUGIN", "DESCRIPTION"], results.map { result in
                        [result["kind"] as? String ?? "", result["name"] as? String ?? "", result["reference"] as? String ?? "",
                         (result["status"] as? String == "unavailable" ? "[unavailable] " : "") + (result["description"] as? String ?? "")]
                    }))
                    var footer = "\(results.count) of \(page["total"] as? Int ?? results.count) results"
                    if let next = page["nextCursor"] as? String { footer += "; next page: --cursor \(next)" }
                    print(footer)
                }
            }
            if results.isEmpty { throw PlazaExit.failed.exitCode }
        }
    }
}

/// `plaza show KIND NAME`.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a plugin or one of its components (skill, agent, command, hook, MCP server, output style, LSP server, monitor, channel) by name, with its content."
    )

    @Argument(help: "plugin, skill, agent, command, hook, mcp-server, output-style, lsp-server, monitor or channel.") var kind: String
    @Argument(help: "The exact name.") var name: String
    @Option(help: "Narrow to one marketplace.") var marketplace: String?
    @Option(help: "Narrow to one plugin.") var plugin: String?
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            var query: [(String, String)] = []
            if let marketplace { query.append(("marketplace", marketplace)) }
            if let plugin { query.append(("plugin", plugin)) }
            let body = try await client.get(PlazaClient.path("v1", "catalog", kind, name), query: query)
            if options.json { printJSON(body); return }
            let results = body["results"] as? [[String: Any]] ?? []
            for (index, entry) in results.enumerated() {
                if index > 0 { print("\n---\n") }
                print("\(entry["kind"] as? String ?? "") \(entry["name"] as? String ?? "")  (\(entry["reference"] as? String ?? ""))")
                print(entry["description"] as? String ?? "")
                print("commit: \(entry["commit"] as? String ?? "")  path: \(entry["path"] as? String ?? "")")
                if let version = entry["version"] as? String { print("version: \(version)") }
                if entry["status"] as? String == "unavailable" { print("unavailable: \(entry["unavailableReason"] as? String ?? "")") }
                for (key, value) in (entry["details"] as? [String: String] ?? [:]).sorted(by: { $0.key < $1.key }) { print("\(key): \(value)") }
                print("install: \(entry["install"] as? String ?? "")")
                if let text = entry["body"] as? String, !text.isEmpty { print("\n" + text) }
            }
        }
    }
}
