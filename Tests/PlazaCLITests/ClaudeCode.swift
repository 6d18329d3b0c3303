import Foundation
import PlazaTestSupport

/// The real Claude Code CLI (the `claude` binary PyPI's claude-agent-sdk ships), run as a stock
/// client with a home of its own. `.ci/run` installs it and sets `PLAZA_CLAUDE` to the binary;
/// the end-to-end suites are skipped, loudly, without it.
struct ClaudeCode {
    /// The binary, from `PLAZA_CLAUDE`.
    static let binary: String? = {
        guard let path = ProcessInfo.processInfo.environment["PLAZA_CLAUDE"], !path.isEmpty else {
            FileHandle.standardError.write(Data("""

                ************************************************************************************
                * PLAZA_CLAUDE is not set: the end-to-end tests with the real Claude Code CLI are  *
                * SKIPPED. `.ci/run` installs claude-agent-sdk and sets it; see Docs/Installations.md *
                ************************************************************************************

                """.utf8))
            return nil
        }
        return path
    }()

    /// A host name that is not a loopback literal (the client refuses those for archives) and
    /// resolves to 127.0.0.1 through /etc/hosts (`.ci/run` adds it).
    static let host: String = ProcessInfo.processInfo.environment["PLAZA_E2E_HOST"] ?? "plaza-e2e.test"

    static var available: Bool {
        guard binary != nil else { return false }
        guard (try? Shell.run(["getent", "hosts", host]))?.contains("127.0.0.1") == true else {
            FileHandle.standardError.write(Data("PLAZA_CLAUDE is set but \(host) does not resolve to 127.0.0.1: add it to /etc/hosts (.ci/run does)\n".utf8))
            return false
        }
        return true
    }

    struct Result {
        let status: Int32
        let output: String
        var json: Any? {
            // --json commands print one JSON document (plugin list) or a last JSON line.
            if let whole = try? JSONSerialization.jsonObject(with: Data(output.utf8)) { return whole }
            return output.split(separator: "\n").reversed().lazy.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }.first
        }
    }

    let home: TemporaryDirectory
    let caCertificate: String

    init(caCertificate: String) throws {
        home = try TemporaryDirectory("plaza-claude-home")
        self.caCertificate = caCertificate
        try FileManager.default.createDirectory(atPath: home.file(".claude"), withIntermediateDirectories: true)
    }

    /// Writes `~/.claude/settings.json` (what `plaza client-config claude` printed).
    func writeSettings(_ json: String) throws {
        try json.write(toFile: home.file(".claude/settings.json"), atomically: true, encoding: .utf8)
    }

    /// Runs `claude ARGS` with a clean environment: its own HOME, the test CA, no telemetry and no
    /// non-essential traffic, and nothing of the test's own environment (no token).
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary ?? "/nonexistent")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: home.path)
        var env = [
            "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "NODE_EXTRA_CA_CERTS": caCertificate, "DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1", "NO_COLOR": "1",
        ]
        env.merge(environment) { _, new in new }
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Starts a headless session the way an agent on the Agent SDK does, so Claude Code registers
    /// the marketplaces its settings declare (and installs the plugins they enable) before the
    /// first turn. There is no model here: the turn itself fails at once on a closed loopback port.
    @discardableResult
    func startHeadlessSession() throws -> Result {
        try run(["-p", "hello"], environment: [
            "CLAUDE_CODE_SYNC_PLUGIN_INSTALL": "1", "ANTHROPIC_API_KEY": "sk-ant-plaza-e2e-no-model",
            "ANTHROPIC_BASE_URL": "http://127.0.0.1:9", "CLAUDE_CODE_MAX_RETRIES": "0",
        ])
    }

    /// Installed plugins by id (`plugin@marketplace`): version and install path.
    func installed() throws -> [String: (version: String, path: String)] {
        let list = try run(["plugin", "list", "--json"])
        guard let plugins = list.json as? [[String: Any]] else { throw Shell.Failure(command: ["claude", "plugin", "list"], status: list.status, output: list.output) }
        var result: [String: (version: String, path: String)] = [:]
        for plugin in plugins {
            guard let id = plugin["id"] as? String, let path = plugin["installPath"] as? String else { continue }
            result[id] = (plugin["version"] as? String ?? "", path)
        }
        return result
    }
}
