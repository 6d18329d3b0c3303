import ArgumentParser
import Crypto
import Foundation

/// Who a pin command acts on: `--agent NAME` or `--environment NAME`.
struct TargetOptions: ParsableArguments {
    @Option(help: "The agent the pin is for.") var agent: String?
    @Option(help: "The environment the pin is for (dev, staging, production, …).") var environment: String?

    func validate() throws {
        if (agent == nil) == (environment == nil) { throw ValidationError("give exactly one of --agent and --environment") }
    }

    /// `agent:NAME` or `environment:NAME`, as the API names targets.
    var path: String { agent.map { "agent:\($0)" } ?? "environment:\(environment ?? "")" }
}

/// `--sha`, `--ref` or `--version`: which commit to install instead of the marketplace's current one.
struct RevisionOptions: ParsableArguments {
    @Option(help: "A full commit id.") var sha: String?
    @Option(help: "A branch or tag.") var ref: String?
    @Option(help: "A version: the tag v<version> or <version>.") var version: String?

    func validate() throws {
        if [sha, ref, version].compactMap({ $0 }).count > 1 { throw ValidationError("give at most one of --sha, --ref and --version") }
    }

    var fields: [String: Any] {
        var body: [String: Any] = [:]
        body["sha"] = sha
        body["ref"] = ref
        body["version"] = version
        return body
    }
}

/// Splits `plugin@marketplace`.
func pluginReference(_ text: String) throws -> (plugin: String, marketplace: String) {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw ValidationError("expected plugin@marketplace, got '\(text)'") }
    return (String(parts[0]), String(parts[1]))
}

/// The pin a command acts on: `plugin@marketplace`, an optional `--skill`, and `--agent`/`--environment`.
struct PinOptions: ParsableArguments {
    @Argument(help: "plugin@marketplace") var plugin: String
    @Option(help: "The skill, for a single-skill pin.") var skill: String?
    @OptionGroup var target: TargetOptions

    /// `v1/targets/{target}/pins/{marketplace}/{plugin}`.
    var path: String {
        get throws { try PinText.pinPath(target, plugin) }
    }

    var skillQuery: [(String, String)] { skill.map { [("skill", $0)] } ?? [] }
}

enum PinText {
    static func describe(_ pin: [String: Any]) -> String {
        "\(pin["reference"] as? String ?? "?") for \(pin["target"] as? String ?? "?") at \(String((pin["commit"] as? String ?? "").prefix(12)))"
            + " (\(String((pin["digest"] as? String ?? "").prefix(19))))"
    }

    static func pinPath(_ target: TargetOptions, _ reference: String) throws -> String {
        let (plugin, marketplace) = try pluginReference(reference)
        return PlazaClient.path("v1", "targets", target.path, "pins", marketplace, plugin)
    }
}

struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Pin a plugin (or one skill) for an agent or environment.",
                                                    discussion: "Records the exact commit and a content digest; upstream changes change nothing until `plaza update`.")
    @Argument(help: "plugin@marketplace") var plugin: String
    @Option(help: "Install only this skill of the plugin.") var skill: String?
    @OptionGroup var target: TargetOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            var body = revision.fields
            body["plugin"] = plugin
            body["skill"] = skill
            let pin = try await client.post(PlazaClient.path("v1", "targets", target.path, "pins"), body: body)
            if options.json { printJSON(pin); return }
            print("Pinned \(PinText.describe(pin)).")
            if pin["hasHooks"] as? Bool == true || pin["hasMCP"] as? Bool == true {
                print("Note: this plugin ships \([pin["hasHooks"] as? Bool == true ? "hooks" : nil, pin["hasMCP"] as? Bool == true ? "MCP servers" : nil].compactMap { $0 }.joined(separator: " and ")), which run code or reach the network.")
            }
            if pin["runsCommands"] as? Bool == true {
                print("Note: clients run programs of this plugin on the user's machine (see `plaza show plugin \(pin["plugin"] as? String ?? "")`, details.runsCommands).")
            }
        }
    }
}

struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove a pin (its history is kept).")
    @OptionGroup var pin: PinOptions
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            let body = try await client.delete(try pin.path, query: pin.skillQuery)
            if options.json { printJSON(body); return }
            print("Uninstalled \(body["uninstalled"] as? String ?? pin.plugin); history kept.")
        }
    }
}

struct PinsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pins", abstract: "List the pins of an agent or environment.")
    @OptionGroup var target: TargetOptions
    @Flag(help: "For an agent: include the pins it inherits from its environment.") var effective = false
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            let body = try await client.get(PlazaClient.path("v1", "targets", target.path, "pins"), query: effective ? [("effective", "true")] : [])
            if options.json { printJSON(body); return }
            let pins = body["pins"] as? [[String: Any]] ?? []
            guard !pins.isEmpty else { print("No pins for \(target.path)."); return }
            print(Table.render(["PLUGIN", "SCOPE", "COMMIT", "DIGEST", "VERSION", "PINNED BY", "PINNED AT"], pins.map { pin in
                [pin["reference"] as? String ?? "", pin["target"] as? String ?? "", String((pin["commit"] as? String ?? "").prefix(12)),
                 String((pin["digest"] as? String ?? "").prefix(19)), pin["version"] as? String ?? "-", pin["pinnedBy"] as? String ?? "",
                 pin["pinnedAt"] as? String ?? ""]
            }))
        }
    }
}

struct OutdatedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outdated", abstract: "Show pins whose marketplace head has different content.",
                                                    discussion: "Exit code 1 when any pin is outdated or gone from the catalog, or a dependency it needs is missing or pinned outside its range.")
    @OptionGroup var target: TargetOptions
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            let body = try await client.get(PlazaClient.path("v1", "targets", target.path, "outdated"))
            let pins = body["pins"] as? [[String: Any]] ?? []
            if options.json {
                printJSON(body)
            } else if pins.isEmpty {
                print("No pins for \(target.path).")
            } else {
                print(Table.render(["PLUGIN", "STATE", "PINNED", "LATEST", "VERSION", "LATEST VERSION"], pins.map { pin in
                    [pin["reference"] as? String ?? "", (pin["state"] as? String ?? "") + ((pin["renamedTo"] as? String).map { " → \($0)" } ?? ""),
                     String((pin["commit"] as? String ?? "").prefix(12)),
                     String((pin["latestCommit"] as? String ?? "-").prefix(12)), pin["version"] as? String ?? "-", pin["latestVersion"] as? String ?? "-"]
                }))
                for pin in pins {
                    let reference = pin["reference"] as? String ?? ""
                    for problem in pin["dependencyProblems"] as? [String] ?? [] { print("\(reference): \(problem)") }
                    for hold in pin["heldBy"] as? [String] ?? [] { print("\(reference): held back, \(hold)") }
                }
            }
            if (body["outdated"] as? Int ?? 0) > 0 { throw PlazaExit.failed.exitCode }
        }
    }
}

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Review what updating a pin would change, what runs on the user's machine first.")
    @OptionGroup var pin: PinOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            let query = revision.fields.map { ($0.key, "\($0.value)") } + pin.skillQuery
            let diff = try await client.get(try pin.path + "/diff", query: query)
            if options.json { printJSON(diff); return }
            print("\(pin.plugin): \(String((diff["fromCommit"] as? String ?? "").prefix(12))) → \(String((diff["toCommit"] as? String ?? "").prefix(12)))")
            let newCommands = diff["newCommands"] as? [String] ?? []
            let sections = [("Entry commands (headersHelper, command source)", "entryCommands"), ("Hooks", "hooks"), ("MCP servers", "mcpServers"),
                            ("LSP servers", "lspServers"), ("Monitors", "monitors"), ("Channels", "channels"), ("Dependencies", "dependencies"),
                            ("Skills", "skills"), ("Agents", "agents"), ("Commands", "commands"), ("Output styles", "outputStyles"), ("Files", "files")]
            let unchanged = sections.allSatisfy { (diff[$0.1] as? [String: [String]] ?? [:]).values.allSatisfy(\.isEmpty) }
            if diff["fromDigest"] as? String == diff["toDigest"] as? String, unchanged, newCommands.isEmpty { print("No change."); return }
            if diff["needsSecurityReview"] as? Bool == true {
                print("!! Needs security review: what runs on the user's machine, reaches the network or needs secrets changes.")
            }
            if !newCommands.isEmpty { print("New commands clients will run:\n" + newCommands.map { "  + \($0)" }.joined(separator: "\n")) }
            for (label, key) in sections {
                let changes = diff[key] as? [String: [String]] ?? [:]
                let lines = ["added": "+", "changed": "~", "removed": "-"].sorted { $0.key < $1.key }.flatMap { kind, sign in
                    (changes[kind] ?? []).map { "  \(sign) \($0)" }
                }
                if !lines.isEmpty { print("\(label):\n" + lines.joined(separator: "\n")) }
            }
            let secrets = diff["newRequiredSecrets"] as? [String] ?? []
            if !secrets.isEmpty { print("New required secrets: \(secrets.joined(separator: ", "))") }
        }
    }
}

struct UpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Move a pin to the marketplace head (or --sha/--ref/--version). Review with `plaza diff` first.")
    @OptionGroup var pin: PinOptions
    @OptionGroup var revision: RevisionOptions
    @Flag(help: "When the marketplace renamed the plugin (its `renames`), pin the new name in place of the old one.")
    var followRename = false
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            var body = revision.fields
            if followRename { body["followRename"] = true }
            let updated = try await client.post(try pin.path + "/update", query: pin.skillQuery, body: body.isEmpty ? nil : body)
            if options.json { printJSON(updated); return }
            print("Updated \(PinText.describe(updated)).")
        }
    }
}

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Return a pin to what it was before its last change.")
    @OptionGroup var pin: PinOptions
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            let restored = try await client.post(try pin.path + "/rollback", query: pin.skillQuery)
            if options.json { printJSON(restored); return }
            print("Rolled back \(PinText.describe(restored)).")
        }
    }
}

struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "promote", abstract: "Copy the exact pin (same commit and digest) from one environment to another.")
    @Argument(help: "plugin@marketplace") var plugin: String
    @Option(help: "The skill, for a single-skill pin.") var skill: String?
    @Option(help: "Environment to copy from.") var from: String
    @Option(help: "Environment to copy to.") var to: String
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            var body: [String: Any] = ["plugin": plugin, "from": from, "to": to]
            body["skill"] = skill
            let pin = try await client.post("v1/promotions", body: body)
            if options.json { printJSON(pin); return }
            print("Promoted \(PinText.describe(pin)) from \(from).")
        }
    }
}

struct LockfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lockfile", abstract: "Print the lockfile (JSON) of an agent or environment.")
    @OptionGroup var target: TargetOptions
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            printJSON(try await client.get(PlazaClient.path("v1", "targets", target.path, "lockfile")))
        }
    }
}

struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bundle", abstract: "Download a pin's zip bundle and verify its sha256.")
    @OptionGroup var pin: PinOptions
    @Option(name: .shortAndLong, help: "Where to write the zip (default: PLUGIN-COMMIT.zip).") var output: String?
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            let (data, response) = try await client.download(pin.path + "/bundle", query: pin.skillQuery)
            let expected = response?.value(forHTTPHeaderField: "X-Plaza-Bundle-SHA256") ?? ""
            let actual = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            guard actual == expected else { throw ValidationErrorMessage("bundle digest mismatch: got \(actual), server said \(expected)") }
            let commit = response?.value(forHTTPHeaderField: "X-Plaza-Commit") ?? ""
            let name = try pluginReference(pin.plugin).plugin
            let path = output ?? "\(name)\(pin.skill.map { "-\($0)" } ?? "")-\(commit.prefix(12)).zip"
            try data.write(to: URL(fileURLWithPath: path))
            if options.json {
                printJSON(["file": path, "sha256": actual, "commit": commit, "bytes": data.count])
            } else {
                print("Wrote \(path) (\(data.count) bytes, sha256 \(actual), commit \(commit.prefix(12))).")
            }
        }
    }
}
