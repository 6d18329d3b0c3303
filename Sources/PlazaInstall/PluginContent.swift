import Crypto
import Foundation
import PlazaGit

/// The files of a plugin at a commit, read from Plaza's mirror (never a checkout), in canonical order.
public struct PluginContent: Sendable {
    /// Path relative to the plugin root, and the file's bytes.
    public struct File: Sendable, Equatable {
        public let path: String
        public let bytes: [UInt8]
        /// Whether the file is executable in git (mode 100755).
        public let executable: Bool

        public init(path: String, bytes: [UInt8], executable: Bool = false) {
            self.path = path
            self.bytes = bytes
            self.executable = executable
        }
    }

    /// Sorted by path, byte-wise (the canonical order every digest and bundle uses).
    public let files: [File]

    public init(files: [File]) {
        self.files = files.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
    }

    /// The content digest: SHA-256 over, for each file in canonical order, the UTF-8 path, a NUL,
    /// the file's own SHA-256 in lowercase hex, and a newline. Independent of git object ids, so a
    /// client can recompute it from an unpacked bundle.
    public var digest: String {
        var hasher = SHA256()
        for file in files {
            hasher.update(data: Array(file.path.utf8) + [0])
            hasher.update(data: Array(Self.hex(SHA256.hash(data: file.bytes)).utf8) + [0x0A])
        }
        return Self.hex(hasher.finalize())
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
