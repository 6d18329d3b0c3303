import Foundation
import PlazaTestSupport

/// A real `plaza serve` subprocess on a free loopback port with its own data directory.
final class ServerProcess: @unchecked Sendable {
    /// The bootstrap admin token every test server starts with (`--admin-token env:PLAZA_TEST_ADMIN_TOKEN`).
    static let adminToken = "plz_cli_test_admin_5e6f7a8b9c"

    let process: Process
    let data: TemporaryDirectory
    private(set) var url = ""
    private let logBuffer = LockedData()
    private var startupLog = ""

    init(demo: Bool = true, data: TemporaryDirectory? = nil, port: Int = 0, environment: [String: String] = [:], extraArguments: [String] = []) throws {
        self.data = try data ?? TemporaryDirectory("plaza-serve")
        process = Process()
        process.executableURL = URL(fileURLWithPath: PlazaBinary.path)
        var arguments = ["serve", "--port", "\(port)", "--data-dir", self.data.path, "--poll-interval", "0", "--allow-scheme", "http", "--allow-scheme", "file",
                         "--admin-token", "env:PLAZA_TEST_ADMIN_TOKEN"]
        if demo { arguments += ["--demo", "--demo-source", PlazaBinary.packageRoot + "/SampleMarketplace"] }
        arguments += extraArguments
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PLAZA_TEST_ADMIN_TOKEN"] = Self.adminToken
        env.merge(environment) { _, new in new }
        process.environment = env
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            for scheme in ["http", "https"] {
                if let range = text.range(of: "url=\(scheme)://127.0.0.1:") {
                    let port = text[range.upperBound...].prefix { $0.isNumber }
                    url = "\(scheme)://127.0.0.1:\(port)"
                }
            }
            if !url.isEmpty { break }
        }
        guard !url.isEmpty else {
            process.terminate()
            throw Shell.Failure(command: arguments, status: -1, output: "server did not start: \(text)")
        }
        // Keep draining stderr so the server never blocks on a full pipe.
        let handle = stderr.fileHandleForReading
        startupLog = text
        let buffer = logBuffer
        Thread { buffer.set(handle.readDataToEndOfFile()) }.start()
    }

    /// Runs `plaza` against this server, as the admin unless `environment` sets PLAZA_TOKEN.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> PlazaBinary.Result {
        try PlazaBinary.run(arguments, environment: ["PLAZA_URL": url, "PLAZA_TOKEN": Self.adminToken].merging(environment) { _, new in new })
    }

    /// Sends SIGTERM and waits; returns the exit status.
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Everything the server wrote to standard error, once it has stopped.
    var log: String {
        let deadline = Date().addingTimeInterval(5)
        while !logBuffer.isSet && Date() < deadline { usleep(10_000) }
        return startupLog + String(decoding: logBuffer.value, as: UTF8.self)
    }

    deinit { if process.isRunning { process.terminate(); process.waitUntilExit() } }
}
