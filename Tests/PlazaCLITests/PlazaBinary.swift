import Foundation
import PlazaTestSupport

/// The built `plaza` executable, run as a real subprocess.
enum PlazaBinary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// `plaza` sits beside the test bundle in the build products directory.
    static var path: String {
        let bundle = Bundle.main.bundleURL
        let executableDirectory = (Bundle.main.executableURL ?? bundle).deletingLastPathComponent()
        let candidates = [executableDirectory, bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("plaza").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }
}

extension PlazaBinary.Result {
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
}

/// Runs blocking work (a subprocess and its output) on a thread of its own, so a test that also
/// serves HTTP from this process (a fake GitHub, a redirect server) never starves the cooperative
/// pool those servers answer from.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
