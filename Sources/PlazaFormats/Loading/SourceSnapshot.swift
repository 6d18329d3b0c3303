/// One file-like entry of a snapshot.
public struct SnapshotEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case file
        case executable
        /// A symbolic link and the target it names, as stored (relative or absolute).
        case symlink(target: String)
        /// A git submodule: present, but with no content here.
        case submodule
    }

    /// Path from the snapshot root, `/`-separated, no leading `./` or `/`.
    public let path: String
    public let kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}

/// Why a snapshot could not hand over a file.
public enum SnapshotError: Error, Sendable, Equatable {
    case tooLarge(size: Int, limit: Int)
    case unreadable(String)
}

/// A read-only view of a tree of files: a directory on disk, or a commit in a git mirror.
///
/// The formats module reads marketplaces only through this protocol, so it never does I/O itself
/// and reads the same way from a working directory as from an exact commit.
public protocol SourceSnapshot {
    /// Every file, symlink and submodule (not directories), sorted by path.
    var entries: [SnapshotEntry] { get }
    /// The bytes of a regular file. Throws ``SnapshotError/tooLarge(size:limit:)`` before loading
    /// a file larger than `limit`.
    func read(_ path: String, limit: Int) throws -> [UInt8]
}
