import Foundation
import PlazaTestSupport
import Testing

/// A validator's verdict on one manifest.
enum ParityVerdict: String, Sendable, CustomStringConvertible {
    case pass, fail
    var description: String { rawValue }
}

/// One validator's verdict with the errors it gave, for failure messages.
struct ParityOutcome: Sendable {
    let verdict: ParityVerdict
    let errors: [String]
    var summary: String { errors.isEmpty ? "    (no errors)" : errors.map { "    " + $0 }.joined(separator: "\n") }
}

struct ParityRunError: Error, CustomStringConvertible {
    let description: String
}

/// A manifest both validators read: a fixture's root, or a directory below it holding its own
/// `.claude-plugin/plugin.json` or `.claude-plugin/marketplace.json`.
struct ParityTarget: Sendable, CustomTestStringConvertible {
    /// `fixture` for the root, `fixture/relative/dir` for a manifest below it.
    let id: String
    let path: String
    var testDescription: String { id }

    static let fixturesDirectory = PlazaBinary.packageRoot + "/Tests/PlazaCLITests/Fixtures/Parity"
    static let sampleMarketplace = PlazaBinary.packageRoot + "/SampleMarketplace"

    /// Every fixture (sorted), then SampleMarketplace, each with the manifests below it.
    static var all: [ParityTarget] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory)) ?? []).sorted()
        let roots = names.map { ($0, fixturesDirectory + "/" + $0) } + [("SampleMarketplace", sampleMarketplace)]
        return roots.flatMap { targets(named: $0.0, at: $0.1) }
    }

    static func targets(named name: String, at root: String) -> [ParityTarget] {
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        let nested = Set(files.compactMap { file -> String? in
            let parts = file.split(separator: "/").map(String.init)
            guard parts.count > 2, parts[parts.count - 2] == ".claude-plugin",
                  ["plugin.json", "marketplace.json"].contains(parts[parts.count - 1]) else { return nil }
            return parts.dropLast(2).joined(separator: "/")
        })
        return [ParityTarget(id: name, path: root)]
            + nested.sorted().map { ParityTarget(id: name + "/" + $0, path: root + "/" + $0) }
    }
}

/// The real Claude Code CLI (`claude plugin validate --json`), at the path PLAZA_CLAUDE names.
enum ClaudeValidator {
    static var binary: String? {
        guard let path = ProcessInfo.processInfo.environment["PLAZA_CLAUDE"], !path.isEmpty else { return nil }
        return path
    }

    /// Runs claude offline with a HOME of its own, so no user settings or account take part.
    static func validate(_ directory: String) throws -> ParityOutcome {
        guard let binary else { throw ParityRunError(description: "PLAZA_CLAUDE is not set") }
        let home = try TemporaryDirectory("parity-claude-home")
        let environment = [
            "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1",
        ]
        let result = try ParityProcess.run(binary, ["plugin", "validate", "--json", directory], in: home.path, environment: environment)
        guard let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any],
              let success = json["success"] as? Bool, result.status == (success ? 0 : 1) else {
            throw ParityRunError(description: "claude plugin validate gave no usable report on \(directory) (exit \(result.status)):\n\(result.stdout)\(result.stderr)")
        }
        let parts = [json["manifest"] as? [String: Any]].compactMap { $0 } + (json["contents"] as? [[String: Any]] ?? [])
        let errors = parts.flatMap { part in
            let file = (part["file"] as? String).map { relative($0, to: directory) } ?? "-"
            return (part["errors"] as? [[String: Any]] ?? []).map { error in
                "\(file): \(error["path"] as? String ?? ""): \(error["message"] as? String ?? "")"
            }
        }
        return ParityOutcome(verdict: success ? .pass : .fail, errors: errors)
    }

    private static func relative(_ path: String, to directory: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }
}

/// `plaza validate --json`, the built binary.
enum PlazaValidator {
    static func validate(_ directory: String) throws -> ParityOutcome {
        let result = try PlazaBinary.run(["validate", "--json", directory])
        guard let json = result.json, let passed = json["passed"] as? Bool, result.status == (passed ? 0 : 1) else {
            throw ParityRunError(description: "plaza validate could not run on \(directory) (exit \(result.status)):\n\(result.stdout)\(result.stderr)")
        }
        let errors = (json["diagnostics"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }.map {
            "\($0["file"] as? String ?? ""): [\($0["code"] as? String ?? "")] \($0["message"] as? String ?? "")"
        }
        return ParityOutcome(verdict: passed ? .pass : .fail, errors: errors)
    }
}

/// Runs an executable by path with exactly the environment given, draining both pipes.
enum ParityProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errData = LockedData()
        Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }
}
