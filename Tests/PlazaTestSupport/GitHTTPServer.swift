import Foundation

/// Real `git http-backend` served over smart HTTP on 127.0.0.1, with Basic authentication.
///
/// Started as a subprocess (`git-http-server.py` beside this file); stopped when released.
public final class GitHTTPServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let input: Pipe

    /// Serves every `*.git` repository under `root`. With a `token`, only `username:token` is accepted.
    /// - Parameter tokenFile: a JSON file `{token: expiresAtEpochSeconds}` of accepted tokens (instead of `token`).
    public init(root: String, username: String = "x-access-token", token: String?, requiredHeader: String? = nil, tokenFile: String? = nil) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("git-http-server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, root]
        var environment = ProcessInfo.processInfo.environment
        environment["PLAZA_TEST_HTTP_USER"] = username
        environment["PLAZA_TEST_HTTP_TOKEN"] = token
        environment["PLAZA_TEST_REQUIRED_HEADER"] = requiredHeader
        environment["PLAZA_TEST_HTTP_TOKEN_FILE"] = tokenFile
        process.environment = environment
        let output = Pipe()
        input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw Shell.Failure(command: ["git-http-server.py"], status: -1, output: "server did not start: \(text)")
        }
        self.port = port
    }

    /// The smart-HTTP URL of `name` (e.g. `upstream.git`) under the served root.
    public func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}
