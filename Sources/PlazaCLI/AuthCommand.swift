import ArgumentParser
import Foundation

/// `plaza auth`: credentials in the shapes stock clients read.
struct AuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Credentials for stock clients (Claude Code's headersHelper).",
        subcommands: [AuthHeaderCommand.self]
    )
}

/// `plaza auth header`: prints `{"Authorization": "Bearer …"}` for a client's `headersHelper`.
struct AuthHeaderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "header",
        abstract: "Print the JSON object of HTTP headers a headersHelper expects, from PLAZA_TOKEN or --token-file.",
        discussion: """
            Claude Code runs a marketplace's headersHelper command and sends the headers it prints with \
            the marketplace and same-origin archive downloads. Use an installer token scoped to one \
            environment. The token is never taken as an argument. Exit codes: 0 printed, 2 no usable token.
            """
    )

    @Option(help: ArgumentHelp("File holding the API token (default: $PLAZA_TOKEN).", valueName: "path"))
    var tokenFile: String?

    func run() throws {
        let token: String
        do {
            guard let found = try ServerOptions(tokenFile: tokenFile).resolvedToken() else {
                throw ValidationErrorMessage("no token: set PLAZA_TOKEN or pass --token-file (an installer token scoped to the environment is best)")
            }
            token = found
        } catch let message as ValidationErrorMessage {
            TerminalText.writeError(message.description)
            throw PlazaExit.couldNotRun.exitCode
        }
        // A header value: printable ASCII without spaces, as Plaza's tokens are.
        guard token.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) }) else {
            TerminalText.writeError("the token holds spaces, control or non-ASCII characters; it cannot be sent as a header")
            throw PlazaExit.couldNotRun.exitCode
        }
        let data = try JSONSerialization.data(withJSONObject: ["Authorization": "Bearer " + token], options: [.sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

extension ServerOptions {
    /// Options holding only a token file (for commands that read the token but call no server).
    init(tokenFile: String?) {
        self.init()
        self.tokenFile = tokenFile
    }
}
