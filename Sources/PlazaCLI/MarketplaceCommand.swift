import ArgumentParser
import Foundation

/// `plaza marketplace add|list|show|sync|remove`.
struct MarketplaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marketplace",
        abstract: "Register, list, inspect, sync and remove marketplaces on a Plaza server.",
        subcommands: [Add.self, List.self, Show.self, Sync.self, Remove.self, Visibility.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a marketplace by git URL and sync it.")
        @Argument(help: "A unique name (lowercase letters, digits, '-', '.', '_').") var name: String
        @Argument(help: "Git URL: https://, http://, file://, ssh:// or git@host:path.") var url: String
        @Option(help: "Branch, tag or commit to index (default: the remote's default branch).") var ref: String?
        @Option(help: ArgumentHelp("Credential reference: env:NAME or file:/path (never the secret).", valueName: "reference")) var credential: String?
        @Option(help: "User name sent with the credential (default x-access-token).") var username: String?
        @Option(help: "Seconds between automatic syncs (0: never; default: the server's).") var pollInterval: Int?
        @Option(help: "Only this team may see the marketplace (repeatable; default: every signed-in caller).") var team: [String] = []
        @Flag(help: "Let anonymous callers see it when the server allows anonymous reads (admins only).") var `public` = false
        @Flag(help: "Return at once instead of waiting for the first sync.") var noWait = false
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                var body: [String: Any] = ["name": name, "url": url, "sync": noWait]
                if !team.isEmpty { body["teams"] = team }
                if `public` { body["public"] = true }
                body["ref"] = ref
                body["credential"] = credential
                body["username"] = username
                body["pollIntervalSeconds"] = pollInterval
                let created = try await client.post("v1/marketplaces", body: body)
                if noWait {
                    if options.json { printJSON(created) } else { print("Registered \(name); syncing in the background.") }
                    return
                }
                let status = try await SyncWatcher(client: client, name: name, showProgress: !options.json).sync(full: false)
                try report(status, name: name, json: options.json, verb: "Registered and synced")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered marketplaces and their sync state.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let body = try await client.get("v1/marketplaces")
                let marketplaces = body["marketplaces"] as? [[String: Any]] ?? []
                if options.json { printJSON(body); return }
                guard !marketplaces.isEmpty else { print("No marketplaces registered. Add one with `plaza marketplace add NAME URL`."); return }
                print(Table.render(["NAME", "STATE", "COMMIT", "PLUGINS", "SKILLS", "LAST SYNC", "URL"], marketplaces.map { market in
                    let status = market["status"] as? [String: Any] ?? [:]
                    let counts = status["counts"] as? [String: Int] ?? [:]
                    return [market["name"] as? String ?? "", status["state"] as? String ?? "", String((status["commit"] as? String ?? "-").prefix(12)),
                            "\(counts["plugins"] ?? 0)", "\(counts["skills"] ?? 0)", status["lastSyncAt"] as? String ?? "never", market["url"] as? String ?? ""]
                }))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a marketplace, its sync status and diagnostics.")
        @Argument var name: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let market = try await client.get(PlazaClient.path("v1", "marketplaces", name))
                let status = try await client.get(PlazaClient.path("v1", "marketplaces", name, "status"))
                if options.json {
                    var combined = market
                    combined["status"] = status
                    printJSON(combined)
                    return
                }
                print("\(name)  \(market["url"] as? String ?? "")")
                if let ref = market["ref"] as? String { print("ref: \(ref)") }
                if let credential = market["credential"] as? String { print("credential: \(credential)") }
                let teams = market["teams"] as? [String] ?? []
                print("visible to: \(teams.isEmpty ? "every signed-in caller" : "teams " + teams.joined(separator: ", "))\(market["public"] as? Bool == true ? "; public" : "")")
                print(StatusText.describe(status))
            }
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sync a marketplace now and wait for the result.")
        @Argument var name: String
        @Flag(help: "Re-read every plugin and retry unavailable external sources.") var full = false
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let status = try await SyncWatcher(client: client, name: name, showProgress: !options.json).sync(full: full)
                try report(status, name: name, json: options.json, verb: "Synced")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a marketplace and its catalog entries (installations keep their pins).")
        @Argument var name: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let body = try await client.delete(PlazaClient.path("v1", "marketplaces", name))
                if options.json { printJSON(body); return }
                print("Removed \(name): \(body["catalogEntriesRemoved"] as? Int ?? 0) catalog entries.")
                print("Mirror: \(body["mirror"] as? String ?? "")")
                print("Installations: \(body["installations"] as? String ?? "")")
            }
        }
    }
}

extension MarketplaceCommand {
    struct Visibility: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set which teams may see a marketplace, and whether it is public (admins only).")
        @Argument var name: String
        @Option(help: "A team that may see it (repeatable); replaces the current list.") var team: [String] = []
        @Flag(help: "Let every signed-in caller see it (clears the team list).") var everyone = false
        @Flag(inversion: .prefixedNo, help: "Whether anonymous callers may see it (when the server allows anonymous reads).") var `public`: Bool?
        @OptionGroup var options: ServerOptions

        func validate() throws {
            if everyone && !team.isEmpty { throw ValidationError("give --team or --everyone, not both") }
        }

        func run() async throws {
            try await runClient(options) { client in
                var body: [String: Any] = [:]
                if everyone { body["teams"] = [String]() } else if !team.isEmpty { body["teams"] = team }
                if let isPublic = `public` { body["public"] = isPublic }
                let market = try await client.patch(PlazaClient.path("v1", "marketplaces", name), body: body)
                if options.json { printJSON(market); return }
                let teams = market["teams"] as? [String] ?? []
                print("\(name) is visible to \(teams.isEmpty ? "every signed-in caller" : "teams " + teams.joined(separator: ", "))"
                      + (market["public"] as? Bool == true ? ", and to anonymous callers." : "."))
            }
        }
    }
}

/// Prints a sync result; a failed sync exits 1.
func report(_ status: [String: Any], name: String, json: Bool, verb: String) throws {
    if json { printJSON(status) } else if status["state"] as? String == "ok" {
        print("\(verb) \(name).")
        print(StatusText.describe(status))
    } else if status["state"] as? String == "partial" {
        print("\(verb) \(name) partially: some plugins were skipped (see below).")
        print(StatusText.describe(status))
    } else {
        print(StatusText.describe(status))
    }
    if status["state"] as? String != "ok" { throw PlazaExit.failed.exitCode }
}

enum StatusText {
    static func describe(_ status: [String: Any]) -> String {
        let counts = status["counts"] as? [String: Int] ?? [:]
        var lines = ["state: \(status["state"] as? String ?? "?")"]
        if let commit = status["commit"] as? String { lines.append("commit: \(commit)") }
        if let ms = status["lastDurationMilliseconds"] as? Int { lines.append("last sync: \(status["lastSyncAt"] as? String ?? "") (\(ms) ms, \(status["pluginsReread"] as? Int ?? 0) plugins re-read)") }
        lines.append("catalog: \(counts["plugins"] ?? 0) plugins (\(counts["unavailablePlugins"] ?? 0) unavailable), \(counts["skills"] ?? 0) skills, \(counts["agents"] ?? 0) agents, \(counts["commands"] ?? 0) commands, \(counts["hooks"] ?? 0) hooks, \(counts["mcpServers"] ?? 0) MCP servers")
        if let error = status["lastError"] as? String { lines.append("error: \(error)") }
        let diagnostics = status["diagnostics"] as? [[String: Any]] ?? []
        for diagnostic in diagnostics.prefix(20) {
            lines.append("  \(diagnostic["severity"] as? String ?? "")  \(diagnostic["file"] as? String ?? "")  \(diagnostic["message"] as? String ?? "")")
        }
        if diagnostics.count > 20 { lines.append("  … \(diagnostics.count - 20) more (use --json)") }
        return lines.joined(separator: "\n")
    }
}

/// Runs a sync and waits for it, drawing a progress bar from the status route meanwhile.
struct SyncWatcher {
    let client: PlazaClient
    let name: String
    let showProgress: Bool

    func sync(full: Bool) async throws -> [String: Any] {
        let bar = ProgressBar(label: "Syncing \(name)", enabled: showProgress)
        defer { bar.finish() }
        let client = self.client, name = self.name
        let query: [(String, String)] = [("wait", "true")] + (full ? [("full", "true")] : [])
        let result = Task { JSONBox(value: try await client.post(PlazaClient.path("v1", "marketplaces", name, "sync"), query: query)) }
        if showProgress {
            while !result.isCancelled {
                try await Task.sleep(for: .milliseconds(200))
                guard let status = try? await client.get(PlazaClient.path("v1", "marketplaces", name, "status")), status["running"] as? Bool == true else { break }
                if let progress = status["progress"] as? [String: Any] {
                    bar.update(progress["fraction"] as? Double ?? 0, detail: "\(progress["receivedObjects"] ?? 0)/\(progress["totalObjects"] ?? 0) objects")
                } else {
                    bar.update(0, detail: "fetching and indexing")
                }
            }
        }
        return try await result.value.value
    }
}

/// A parsed JSON object handed between tasks; it is never mutated after parsing.
struct JSONBox: @unchecked Sendable {
    let value: [String: Any]
}
