import PlazaFormats
import PlazaGit

/// The tree of one commit in a git mirror, read as a snapshot: no checkout, blobs read on demand.
///
/// Holds a libgit2 repository handle: use it on one thread.
public final class GitCommitSnapshot: SourceSnapshot {
    public let commit: ObjectID
    public let entries: [SnapshotEntry]
    private let repository: Repository
    private let blobs: [String: ObjectID]

    /// Lists the commit's tree once (symlink targets included).
    public init(repository: Repository, commit: ObjectID) throws {
        self.repository = repository
        self.commit = commit
        var entries: [SnapshotEntry] = []
        var blobs: [String: ObjectID] = [:]
        for entry in try repository.listTree(at: commit) {
            switch entry.kind {
            case .file: entries.append(SnapshotEntry(path: entry.path, kind: .file))
            case .executable: entries.append(SnapshotEntry(path: entry.path, kind: .executable))
            case .submodule: entries.append(SnapshotEntry(path: entry.path, kind: .submodule))
            case .symlink:
                let target = (try? repository.readBlob(entry.id, limit: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                entries.append(SnapshotEntry(path: entry.path, kind: .symlink(target: target)))
            }
            blobs[entry.path] = entry.id
        }
        self.entries = entries.sorted { $0.path < $1.path }
        self.blobs = blobs
    }

    /// The blob id of every file under `root` ("" for all), sorted by path: a content fingerprint
    /// of a directory that needs no blob reads.
    public func blobIDs(under root: String) -> [(path: String, id: ObjectID)] {
        blobs.filter { root.isEmpty || $0.key.hasPrefix(root + "/") }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let id = blobs[path] else { throw SnapshotError.unreadable("no file '\(path)' at commit \(commit.short)") }
        do {
            return try repository.readBlob(id, limit: limit)
        } catch let error as GitError where error.code == .tooLarge {
            throw SnapshotError.tooLarge(size: (try? repository.blobSize(id)) ?? limit + 1, limit: limit)
        }
    }
}
