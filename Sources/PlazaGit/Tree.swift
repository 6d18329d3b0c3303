import CLibGit2

/// One entry of a commit's tree, listed recursively.
public struct TreeEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file
        case executable
        /// A symbolic link; its blob holds the target path.
        case symlink
        /// A submodule (a commit of another repository); it has no content here.
        case submodule
    }

    /// Path from the repository root, `/`-separated, no leading slash.
    public let path: String
    public let kind: Kind
    public let id: ObjectID
}

extension Repository {
    /// Every file, symlink and submodule in the commit's tree, depth first, directories omitted.
    public func listTree(at commit: ObjectID) throws -> [TreeEntry] {
        let tree = try lookupTree(ofCommit: commit)
        defer { git_tree_free(tree) }
        final class Collector { var entries: [TreeEntry] = [] }
        let collector = Collector()
        let payload = Unmanaged.passUnretained(collector).toOpaque()
        let result = git_tree_walk(tree, GIT_TREEWALK_PRE, { root, entry, payload in
            guard let entry, let payload, let namePointer = git_tree_entry_name(entry) else { return 0 }
            let kind: TreeEntry.Kind
            switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_BLOB: kind = .file
            case GIT_FILEMODE_BLOB_EXECUTABLE: kind = .executable
            case GIT_FILEMODE_LINK: kind = .symlink
            case GIT_FILEMODE_COMMIT: kind = .submodule
            default: return 0
            }
            let prefix = root.map { String(cString: $0) } ?? ""
            let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
            collector.entries.append(TreeEntry(path: prefix + String(cString: namePointer), kind: kind,
                                               id: ObjectID(git_tree_entry_id(entry))))
            return 0
        }, payload)
        try check("git_tree_walk", result)
        return collector.entries
    }

    /// The size in bytes of a blob, read from the object header without loading the content.
    public func blobSize(_ id: ObjectID) throws -> Int {
        var odb: OpaquePointer?
        try check("git_repository_odb", git_repository_odb(&odb, handle))
        defer { git_odb_free(odb) }
        var oid = id.raw
        var size = 0
        var type = GIT_OBJECT_ANY
        try check("git_odb_read_header", git_odb_read_header(&size, &type, odb, &oid))
        guard type == GIT_OBJECT_BLOB else {
            throw GitError(code: .wrongObjectType, function: "blobSize", message: "object \(id) is not a blob")
        }
        return size
    }

    /// The bytes of a blob. Refuses blobs larger than `limit` before loading them.
    public func readBlob(_ id: ObjectID, limit: Int = .max) throws -> [UInt8] {
        if limit != .max {
            let size = try blobSize(id)
            guard size <= limit else {
                throw GitError(code: .tooLarge, function: "readBlob",
                               message: "blob \(id.short) is \(size) bytes, over the limit of \(limit)")
            }
        }
        var oid = id.raw
        var blob: OpaquePointer?
        try check("git_blob_lookup", git_blob_lookup(&blob, handle, &oid))
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// The bytes of the file at `path` in the commit's tree, without a checkout.
    ///
    /// For a symbolic link this is the link's target path, as git stores it.
    public func readFile(_ path: String, at commit: ObjectID, limit: Int = .max) throws -> [UInt8] {
        let tree = try lookupTree(ofCommit: commit)
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, tree, path)
        guard result == 0 else {
            throw GitError(libgit2Code: result, function: "git_tree_entry_bypath",
                           override: result == GIT_ENOTFOUND.rawValue ? "no file '\(path)' at commit \(commit.short)" : nil)
        }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else {
            throw GitError(code: .wrongObjectType, function: "readFile", message: "'\(path)' is not a file at commit \(commit.short)")
        }
        return try readBlob(ObjectID(git_tree_entry_id(entry)), limit: limit)
    }
}
