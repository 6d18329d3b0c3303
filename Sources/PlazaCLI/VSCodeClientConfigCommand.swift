import ArgumentParser
import Foundation

/// `plaza client-config vscode`: the VS Code setting that points its MCP gallery at Plaza's registry.
struct VSCodeClientConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vscode",
        abstract: "Print the VS Code settings that point its MCP server gallery at Plaza's registry.",
        discussion: """
            VS Code reads <url>/v0.1/servers (the official MCP registry API) and sends no credentials, \
            so the registry must allow anonymous reads. VS Code's agent-plugin marketplaces are git \
            repositories only: it cannot add Plaza's marketplace.json exports (Docs/Installations.md, \
            "GitHub Copilot CLI and VS Code").
            """
    )

    @Option(help: ArgumentHelp("Plaza's public URL as VS Code reaches it (default: $PLAZA_URL, else http://127.0.0.1:8080).", valueName: "url"))
    var server: String?

    func run() throws {
        let base = (server ?? ServerOptions.defaultServer).trimmingSuffix("/")
        guard let url = URLComponents(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            TerminalText.writeError("--server must be an http(s) URL, got '\(base)'")
            throw PlazaExit.couldNotRun.exitCode
        }
        printJSON(["chat.mcp.gallery.serviceUrl": base])
        TerminalText.writeError("note: VS Code sends no token to the gallery; serve the registry with anonymous reads. Plugin marketplaces: VS Code adds git repositories only, not Plaza's exports.")
    }
}
