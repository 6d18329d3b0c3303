import ArgumentParser
import Foundation
import Logging
import PlazaFormats
import PlazaGit
import PlazaIdentity
import PlazaOutbound
import PlazaSources

/// `plaza validate PATH|GIT-URL`: checks a marketplace or plugin before it is published.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a marketplace or a single plugin, from a directory or a git URL.",
        discussion: """
            Reads marketplace.json (or plugin.json) and every plugin, skill, agent, command, hook and \
            MCP server it finds, and reports problems grouped by file. Git URLs are mirrored to a \
            temporary directory and read at --ref without a checkout.

            Exit codes: 0 passed (warnings allowed), 1 failed (errors, or warnings with --strict), \
            2 could not run.
            """
    )

    @Argument(help: "A directory, or a git URL (https://, http://, file://, ssh://, git@host:path).")
    var target: String

    @Option(help: "Branch, tag or commit to validate (git targets; default: the remote's default branch).")
    var ref: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Print a JSON document instead of the human report.")
    var json = false

    @Option(help: ArgumentHelp("Credential for a private git URL, as a reference: env:NAME, file:/path or keyvault:https://VAULT/secrets/NAME.",
                               valueName: "reference"))
    var credential: String?

    @Option(help: "User name sent with --credential (GitHub: x-access-token).")
    var username = "x-access-token"

    @OptionGroup(title: "Outbound rules (git URLs; the server's defaults apply)") var outbound: OutboundOptions

    func run() async throws {
        var logger = Logger(label: "plaza.validate")
        logger.logLevel = .warning
        var credentials: (any CredentialProvider)?
        if let credential {
            do {
                let secret = try await SecretResolver().resolve(credential)
                credentials = TokenCredentialProvider(token: secret, username: username)
            } catch {
                throw fail("\(error)")
            }
        }
        let request = ValidationRequest(target: target, ref: ref, strict: strict, credentials: credentials,
                                        outbound: try outbound.policy(schemes: ValidationRequest.defaultOutbound.allowedSchemes))
        let bar = ProgressBar(label: "Fetching", enabled: !json)
        let report: ValidationReport, origin: ValidationOrigin
        do {
            (report, origin) = try ValidationRun(logger: logger).run(request) { bar.update($0.fractionCompleted, detail: "\($0.receivedObjects)/\($0.totalObjects) objects") }
            bar.finish()
        } catch {
            bar.finish()
            throw fail("\(error)")
        }
        if json {
            Swift.print(TerminalText.jsonSafe(try ValidationDocument(report: report, origin: origin).encoded()))
        } else {
            writeTrusted(ValidationRenderer(colors: Terminal.supportsColor).render(report, origin: origin))
        }
        if !report.passed { throw PlazaExit.failed.exitCode }
    }

    private func fail(_ message: String) -> ExitCode {
        if json {
            Swift.print(TerminalText.jsonSafe((try? ValidationDocument.failure(target: Redaction.redactingURLCredentials(in: target), message: message).encoded()) ?? "{}"))
        } else {
            TerminalText.writeError(message)
        }
        return PlazaExit.couldNotRun.exitCode
    }
}
