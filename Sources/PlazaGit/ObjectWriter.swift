import CLibGit2

/// One file to write into a tree: a `/`-separated relative path (already validated by the caller),
/// its bytes, and whether it is recorded executable (mode 100755) rather than 100644.
public struct TreeFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    public let executable: Bool

    public init(path: String, bytes: [UInt8], executable: Bool = false) {
        self.path = path
        self.bytes = bytes
        self.executable = executable
    }
}

extension Repository {
    /// Writes `bytes` into the object database as a blob.
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        try bytes.withUnsafeBytes { buffer in
            try check("git_blob_create_from_buffer", git_blob_create_from_buffer(&oid, handle, buffer.baseAddress, buffer.count))
        }
        return ObjectID(oid)
    }

    /// Writes `files` as nested trees and returns the root tree. The same files give the same tree,
    /// whatever their order. A path that is both a file and a directory, or appears twice, is refused.
    public func writeTree(_ files: [TreeFile]) throws -> ObjectID {
        let root = TreeNode()
        for file in files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !parts.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                throw GitError(code: .invalidArgument, function: "writeTree", message: "'\(file.path)' is not a relative path")
            }
            var node = root
            for directory in parts.dropLast() {
                if node.files[directory] != nil { throw conflict(file.path) }
                let child = node.directories[directory] ?? TreeNode()
                node.directories[directory] = child
                node = child
            }
            let name = parts.last!
            if node.files[name] != nil || node.directories[name] != nil { throw conflict(file.path) }
            node.files[name] = (try writeBlob(file.bytes), file.executable)
        }
        return try write(root)
    }

    /// Writes a parentless commit of `tree` with a fixed author, committer and time (Plaza, epoch 0),
    /// so the same tree and message always give the same commit id: content-addressed, like the tree.
    public func writeDeterministicCommit(tree: ObjectID, message: String) throws -> ObjectID {
        var signature: UnsafeMutablePointer<git_signature>?
        try check("git_signature_new", git_signature_new(&signature, "Plaza", "plaza@localhost", 0, 0))
        defer { git_signature_free(signature) }
        var treeOID = tree.raw
        var treeHandle: OpaquePointer?
        try check("git_tree_lookup", git_tree_lookup(&treeHandle, handle, &treeOID))
        defer { git_tree_free(treeHandle) }
        var oid = git_oid()
        try check("git_commit_create", git_commit_create(&oid, handle, nil, signature, signature, "UTF-8", message, treeHandle, 0, nil))
        return ObjectID(oid)
    }

    private func conflict(_ path: String) -> GitError {
        GitError(code: .invalidArgument, function: "writeTree", message: "'\(path)' appears twice, or both as a file and a directory")
    }

    private func write(_ node: TreeNode) throws -> ObjectID {
        var builder: OpaquePointer?
        try check("git_treebuilder_new", git_treebuilder_new(&builder, handle, nil))
        defer { git_treebuilder_free(builder) }
        for (name, child) in node.directories {
            var oid = try write(child).raw
            try check("git_treebuilder_insert", git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_TREE))
        }
        for (name, (blob, executable)) in node.files {
            var oid = blob.raw
            try check("git_treebuilder_insert", git_treebuilder_insert(nil, builder, name, &oid,
                                                                       executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB))
        }
        var oid = git_oid()
        try check("git_treebuilder_write", git_treebuilder_write(&oid, builder))
        return ObjectID(oid)
    }
}

/// A directory being assembled by ``Repository/writeTree(_:)``.
private final class TreeNode {
    var directories: [String: TreeNode] = [:]
    var files: [String: (ObjectID, Bool)] = [:]
}
