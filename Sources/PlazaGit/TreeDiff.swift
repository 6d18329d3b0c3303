import CLibGit2

/// A path that differs between two commits.
public struct ChangedPath: Sendable, Equatable, Codable {
    public enum Change: String, Sendable, Codable {
        case added, modified, deleted, typeChanged
    }
    public let path: String
    public let change: Change

    public init(path: String, change: Change) {
        self.path = path
        self.change = change
    }
}

extension Repository {
    /// The paths whose content or mode differ between two commits' trees (no rename detection:
    /// a rename is a deletion and an addition). Sorted by path.
    public func changedPaths(from old: ObjectID, to new: ObjectID) throws -> [ChangedPath] {
        let oldTree = try lookupTree(ofCommit: old)
        defer { git_tree_free(oldTree) }
        let newTree = try lookupTree(ofCommit: new)
        defer { git_tree_free(newTree) }
        var options = git_diff_options()
        try check("git_diff_options_init", git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        options.flags |= GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        var diff: OpaquePointer?
        try check("git_diff_tree_to_tree", git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options))
        defer { git_diff_free(diff) }
        var paths: [ChangedPath] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let change: ChangedPath.Change
            switch delta.status {
            case GIT_DELTA_ADDED: change = .added
            case GIT_DELTA_DELETED: change = .deleted
            case GIT_DELTA_TYPECHANGE: change = .typeChanged
            default: change = .modified
            }
            let file = change == .deleted ? delta.old_file : delta.new_file
            paths.append(ChangedPath(path: file.path.map { String(cString: $0) } ?? "", change: change))
        }
        return paths.sorted { $0.path < $1.path }
    }
}
