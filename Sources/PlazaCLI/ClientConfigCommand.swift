import ArgumentParser
import Foundation
import PlazaInstall

/// `plaza client-config`: the settings stock clients need to read Plaza's pinned exports.
struct ClientConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client-config",
        abstract: "Print the settings that point a stock client (Claude Code, VS Code) at Plaza.",
        subcommands: [ClaudeClientConfigCommand.self, VSCodeClientConfigCommand.self]
    )
}

/// `plaza client-config claude`: a Claude Code settings fragment that adds an environment's (or an
/// agent's) exported marketplace, authenticated by `plaza auth header` as its `headersHelper`.
struct ClaudeClientConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claude",
        abstract: "Print the Claude Code settings that add a Plaza environment's marketplace, with a headersHelper.",
        discussion: """
            Merge the output into ~/.claude/settings.json (or a project's .claude/settings.json), then \
            `claude plugin install PLUGIN@plaza-ENV`. With --managed, the output also holds the keys an \
            organisation puts in managed settings: only Plaza's marketplace is allowed \
            (strictKnownMarketplaces) and the pinned plugins are enabled (enabledPlugins). The helper \
            reads the token from --token-file (recommended: an installer token scoped to the environment) \
            or from PLAZA_TOKEN in Claude Code's own environment. The token is never written into the output.
            """
    )

    @OptionGroup var server: ServerOptions

    @Option(help: ArgumentHelp("The environment whose pins the client gets.", valueName: "name"))
    var environment: String?

    @Option(help: ArgumentHelp("An agent: its environment's pins with its own overrides (marketplace plaza-agent-NAME).", valueName: "name"))
    var agent: String?

    @Flag(help: "Add the managed-settings keys: allow only this marketplace, enable every pinned plugin.")
    var managed = false

    @Option(help: ArgumentHelp("The plaza executable the helper runs (default: this one).", valueName: "path"))
    var plazaPath: String?

    func validate() throws {
        guard (environment == nil) != (agent == nil) else { throw ValidationError("pass exactly one of --environment NAME or --agent NAME") }
    }

    func run() async throws {
        try await runClient(server) { client in
            let exportPath = environment.map { PlazaClient.path("v1", "environments", $0, "marketplace.json") }
                ?? PlazaClient.path("v1", "agents", agent ?? "", "marketplace.json")
            let export = try await client.get(exportPath)
            guard let name = export["name"] as? String else { throw ValidationErrorMessage("the server's export has no name") }
            let plugins = (export["plugins"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            // Headers from the helper go only to the marketplace's own origin, so the marketplace URL
            // takes the origin the server gives its bundle URLs (its public URL).
            let origin = Self.origin(ofBundlesIn: export) ?? server.resolvedServer.trimmingSuffix("/")
            let url = origin + "/" + exportPath
            var settings: [String: Any] = [
                "extraKnownMarketplaces": [name: ["source": ["source": "url", "url": url, "headersHelper": try helperCommand()]]],
            ]
            if managed {
                settings["strictKnownMarketplaces"] = [["source": "url", "url": url]]
                settings["enabledPlugins"] = Dictionary(uniqueKeysWithValues: plugins.map { ("\($0)@\(name)", true) })
            }
            printJSON(settings)
            if server.tokenFile == nil {
                TerminalText.writeError("note: the helper reads PLAZA_TOKEN from Claude Code's environment; pass --token-file to name a file instead")
            }
            if plugins.isEmpty { TerminalText.writeError("note: nothing is pinned for \(environment ?? agent ?? "") yet") }
        }
    }

    /// `plaza auth header [--token-file ABSOLUTE]`, with paths quoted for a shell.
    private func helperCommand() throws -> String {
        let executable = plazaPath ?? Self.currentExecutable()
        var words = [executable, "auth", "header"]
        if let tokenFile = server.tokenFile {
            words += ["--token-file", URL(fileURLWithPath: tokenFile).standardizedFileURL.path]
        }
        let command = words.map(Self.shellQuoted).joined(separator: " ")
        // Claude Code runs a headersHelper of at most 500 printable ASCII characters, and no other.
        guard command.count <= 500, command.unicodeScalars.allSatisfy({ (0x20...0x7e).contains($0.value) }) else {
            throw ValidationErrorMessage("the helper command '\(command)' is longer than 500 characters or not plain ASCII, which Claude Code refuses; "
                                         + "move the token file (or plaza, with --plaza-path) to a shorter ASCII path")
        }
        return command
    }

    static func currentExecutable() -> String {
        let argument = CommandLine.arguments.first ?? "plaza"
        if argument.contains("/") { return URL(fileURLWithPath: argument).standardizedFileURL.resolvingSymlinksInPath().path }
        return argument
    }

    static func shellQuoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+=:@,".unicodeScalars.contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `scheme://authority` of the first archive URL in an exported marketplace.
    static func origin(ofBundlesIn export: [String: Any]) -> String? {
        for plugin in export["plugins"] as? [[String: Any]] ?? [] {
            guard let source = plugin["source"] as? [String: Any], let text = source["url"] as? String,
                  let url = URLComponents(string: text), let scheme = url.scheme, let host = url.host else { continue }
            let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            return "\(scheme)://\(bracketed)" + (url.port.map { ":\($0)" } ?? "")
        }
        return nil
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
