import Foundation

/// Runs real subprocesses (the `git` CLI, servers) for tests and benchmarks.
public enum Shell {
    public struct Failure: Error, CustomStringConvertible {
        public let command: [String]
        public let status: Int32
        public let output: String
        public var description: String { "\(command.joined(separator: " ")) exited \(status): \(output)" }

        public init(command: [String], status: Int32, output: String) {
            self.command = command
            self.status = status
            self.output = output
        }
    }

    /// Runs `arguments[0]` (looked up on PATH) and returns its standard output; throws on non-zero exit.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                           input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env.merge(gitIdentity) { a, _ in a }
        env.merge(environment) { _, b in b }
        process.environment = env
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        let errData = LockedData()
        let errThread = Thread { errData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        errThread.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        let text = String(decoding: out, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(command: arguments, status: process.terminationStatus,
                          output: text + String(decoding: errData.value, as: UTF8.self))
        }
        return text
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (for a server whose URL must be known
    /// before it starts, such as one with `--public-url`).
    public static func freeLoopbackPort() throws -> Int {
        let text = try run(["python3", "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw Failure(command: ["python3"], status: 0, output: text) }
        return port
    }

    static let gitIdentity = [
        "GIT_AUTHOR_NAME": "Plaza Test", "GIT_AUTHOR_EMAIL": "test@plaza.example",
        "GIT_COMMITTER_NAME": "Plaza Test", "GIT_COMMITTER_EMAIL": "test@plaza.example",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
    ]
}

/// Bytes written once by a reader thread and read by the waiting thread.
public final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    public init() {}
    public func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    public var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
    public var value: Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
}
