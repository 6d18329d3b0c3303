import Foundation
import PlazaFormats

/// A working directory on disk, read as a snapshot (the `.git` directory is skipped).
///
/// Symlinks are listed as symlinks with their targets, never followed while walking, so the
/// formats module can tell whether one escapes the plugin.
public struct DirectorySnapshot: SourceSnapshot {
    public let root: String
    public let entries: [SnapshotEntry]

    /// Walks `root`. Throws when it is not a readable directory or holds more than `maxFiles` entries.
    public init(root: String, maxFiles: Int = ParseLimits.default.maxFiles) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SnapshotError.unreadable("'\(root)' is not a directory")
        }
        self.root = root
        var entries: [SnapshotEntry] = []
        try Self.walk(root, relative: "", into: &entries, maxFiles: maxFiles)
        self.entries = entries.sorted { $0.path < $1.path }
    }

    private static func walk(_ absolute: String, relative: String, into entries: inout [SnapshotEntry], maxFiles: Int) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: absolute).sorted()
        for name in names where !(relative.isEmpty && name == ".git") {
            let path = absolute + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                try walk(path, relative: relativePath, into: &entries, maxFiles: maxFiles)
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
                entries.append(SnapshotEntry(path: relativePath, kind: .symlink(target: target)))
            case S_IFREG:
                entries.append(SnapshotEntry(path: relativePath, kind: info.st_mode & 0o111 != 0 ? .executable : .file))
            default:
                continue  // sockets, fifos, devices: never content
            }
            guard entries.count <= maxFiles else {
                throw SnapshotError.unreadable("'\(absolute)' holds more than \(maxFiles) files")
            }
        }
    }

    public func read(_ path: String, limit: Int) throws -> [UInt8] {
        let absolute = root + "/" + path
        var info = stat()
        guard lstat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw SnapshotError.unreadable("'\(path)' is not a regular file")
        }
        guard Int(info.st_size) <= limit else { throw SnapshotError.tooLarge(size: Int(info.st_size), limit: limit) }
        guard let handle = FileHandle(forReadingAtPath: absolute) else { throw SnapshotError.unreadable("cannot open '\(path)'") }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else { throw SnapshotError.tooLarge(size: data.count, limit: limit) }
        return [UInt8](data)
    }
}
