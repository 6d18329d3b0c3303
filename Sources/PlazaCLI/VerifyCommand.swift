import ArgumentParser
import Foundation
import PlazaInstall

/// `plaza verify DIR`: recomputes a pin's content digest from an unpacked bundle or a client's
/// install directory, undoing what Plaza stamped (Docs/Installations.md, "What a delivered bundle adds").
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a directory holds exactly a pin's files (an unpacked bundle or a client's install directory).",
        discussion: """
            Recomputes the content digest over the directory's files, with the files Plaza stamped put \
            back to their originals and the files it added left out. Pass the digest from a lockfile or \
            `plaza pins --json` with --digest: the record inside the directory came with the files, so \
            it proves nothing on its own. Exit codes: 0 match, 1 mismatch, 2 cannot read the directory.
            """
    )

    @Argument(help: ArgumentHelp("The directory to check.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("The expected content digest, sha256:<hex> (from a lockfile).", valueName: "digest"))
    var digest: String?

    @Option(help: ArgumentHelp("A path to leave out (a trailing / for a directory); repeatable. Default: .in_use/ (Claude Code's markers).", valueName: "path"))
    var ignore: [String] = []

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let result: DeliveryVerifier.Result
        do {
            result = try DeliveryVerifier(ignoring: ignore.isEmpty ? DeliveryVerifier.clientOwned : ignore).verify(directory: directory)
        } catch {
            TerminalText.writeError("\(error)")
            throw PlazaExit.couldNotRun.exitCode
        }
        let expected = digest.map { $0.hasPrefix("sha256:") ? $0.lowercased() : "sha256:" + $0.lowercased() } ?? result.recordedDigest
        var problems: [String] = []
        if let expected, expected != result.digest { problems.append("the files recompute to \(result.digest), not \(expected)") }
        if expected == nil { problems.append("no digest to compare with: pass --digest sha256:<hex> from the lockfile") }
        if !result.unexpected.isEmpty { problems.append("files that are not part of the pin: \(result.unexpected.joined(separator: ", "))") }
        if !result.missingOriginals.isEmpty { problems.append("stamped files without their kept original: \(result.missingOriginals.joined(separator: ", "))") }
        if json {
            var object: [String: Any] = ["digest": result.digest, "files": result.fileCount, "match": problems.isEmpty, "problems": problems,
                                         "unexpected": result.unexpected]
            if let expected { object["expected"] = expected }
            if let pin = result.pin { object["pin"] = pin }
            if let version = result.version { object["version"] = version }
            printJSON(object)
        } else if problems.isEmpty {
            print("ok: \(result.fileCount) files recompute to \(result.digest)" + (result.pin.map { " (\($0))" } ?? ""))
            if digest == nil { print("note: compared with the digest recorded in the directory itself; pass --digest from the lockfile to check against the pin") }
        }
        if !problems.isEmpty {
            for problem in problems { TerminalText.writeError(problem) }
            throw PlazaExit.failed.exitCode
        }
    }
}
