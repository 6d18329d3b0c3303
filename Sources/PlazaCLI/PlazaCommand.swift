import ArgumentParser
import Foundation

/// The `plaza` command: a private plugin marketplace and skill registry.
public struct PlazaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plaza",
        abstract: "Plaza: a private plugin marketplace and skill registry.",
        discussion: """
            Exit codes: 0 success, 1 the operation ran and found a failure (e.g. validation errors), \
            2 the operation could not run (bad arguments, unreachable source, unreadable path).
            """,
        version: PlazaVersion.current,
        subcommands: [ServeCommand.self, MarketplaceCommand.self, SearchCommand.self, ShowCommand.self, InstallCommand.self, UninstallCommand.self, PinsCommand.self, OutdatedCommand.self, DiffCommand.self, UpdateCommand.self,
                      RollbackCommand.self, PromoteCommand.self, LockfileCommand.self, BundleCommand.self, PolicyCommand.self, AgentCommand.self,
                      EnvironmentsCommand.self, MCPCommand.self, AuditCommand.self, TokenCommand.self, WhoAmICommand.self, AuthCommand.self, ClientConfigCommand.self, VerifyCommand.self, ValidateCommand.self]
    )

    public init() {}

    /// Parses the command line, runs the command, and exits with Plaza's exit codes
    /// (usage errors exit 2, not ArgumentParser's 64).
    public static func runMain() async -> Never {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((TerminalText.visible(fullMessage(for: error)) + "\n").utf8))
                Foundation.exit(PlazaExit.couldNotRun.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Exit codes scripts can rely on.
public enum PlazaExit: Int32 {
    case success = 0
    /// The command ran and found a failure (validation errors; warnings with --strict).
    case failed = 1
    /// The command could not run: bad arguments, a missing path, an unreachable or unauthorised source.
    case couldNotRun = 2

    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// Plaza's version, shown by `plaza --version`.
public enum PlazaVersion {
    public static let current = "0.1.0"
}
