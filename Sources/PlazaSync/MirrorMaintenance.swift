import Foundation
import Logging
import PlazaGit

/// Keeps mirrors from accumulating pack files.
///
/// libgit2 1.5 writes one pack per fetch that receives objects and never repacks, so a busy mirror
/// eventually exhausts open-file limits and slows every read. When a mirror holds more packs than
/// `threshold`, it is repacked with the git CLI (`git repack -a -d`), which keeps every object
/// reachable from any ref — including Plaza's `refs/plaza/keep/*`.
public struct MirrorMaintenance: Sendable {
    public let threshold: Int

    public init(threshold: Int = 16) { self.threshold = threshold }

    /// Number of pack files in the mirror.
    public static func packCount(_ mirror: Mirror) -> Int {
        let directory = mirror.path + "/objects/pack"
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".pack") }.count
    }

    /// Repacks the mirror when it holds more than `threshold` packs. Returns whether it did.
    /// A failure is logged and ignored: the mirror stays usable, only less tidy.
    @discardableResult
    public func run(on mirror: Mirror, logger: Logger) -> Bool {
        let before = Self.packCount(mirror)
        guard before > threshold else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir", mirror.path, "repack", "-a", "-d", "-q"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
            let message = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                logger.warning("mirror repack failed", metadata: ["mirror": "\(mirror.path)", "error": "\(String(decoding: message, as: UTF8.self))"])
                return false
            }
        } catch {
            logger.warning("mirror repack needs the git CLI", metadata: ["mirror": "\(mirror.path)", "error": "\(error)"])
            return false
        }
        logger.info("mirror repacked", metadata: ["mirror": "\(mirror.path)", "packsBefore": "\(before)", "packsAfter": "\(Self.packCount(mirror))"])
        return true
    }
}
