import ArgumentParser
import Foundation

/// `plaza client-config vscode`: VS Code settings for Plaza's MCP registry (filled in below).
struct VSCodeClientConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vscode", abstract: "Print the VS Code settings that point its MCP gallery at Plaza.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        printJSON(["chat.mcp.gallery.serviceUrl": server.resolvedServer.trimmingSuffix("/") + "/"])
    }
}
