/// Commits Plaza keeps reachable in a mirror whatever upstream does.
///
/// Each kept commit has a reference `refs/plaza/keep/<sha>`. Fetches only touch `refs/heads/*` and
/// `refs/tags/*`, so a force-push or a deleted branch upstream cannot make a kept commit unreachable,
/// and `git gc` keeps its objects.
extension Repository {
    static let keepNamespace = "refs/plaza/keep/"

    /// Keeps `commit` reachable. Idempotent.
    public func keep(_ commit: ObjectID) throws {
        _ = try lookupCommitInfoExists(commit)
        try setReference(Self.keepNamespace + commit.hex, to: commit, message: "plaza: keep \(commit.short)")
    }

    /// Stops keeping `commit`; it stays readable while any branch or tag still contains it.
    public func release(_ commit: ObjectID) throws {
        try deleteReference(Self.keepNamespace + commit.hex)
    }

    static let pinNamespace = "refs/plaza/pins/"

    /// Keeps `commit` reachable for installations: `refs/plaza/pins/<sha>`, a namespace syncs never
    /// release (they release only their own `keep` references). Idempotent and cheap when already pinned.
    public func pin(_ commit: ObjectID) throws {
        var existing = git_oid()
        if git_reference_name_to_id(&existing, handle, Self.pinNamespace + commit.hex) == 0 { return }
        _ = try lookupCommitInfoExists(commit)
        try setReference(Self.pinNamespace + commit.hex, to: commit, message: "plaza: pin \(commit.short)")
    }

    /// The commits pinned by installations.
    public func pinnedCommits() throws -> Set<ObjectID> {
        Set(try references(matching: Self.pinNamespace + "*").values)
    }

    /// The commits currently kept.
    public func keptCommits() throws -> Set<ObjectID> {
        Set(try references(matching: Self.keepNamespace + "*").values)
    }

    private func lookupCommitInfoExists(_ commit: ObjectID) throws -> Bool {
        let handle = try lookupCommit(commit)
        git_commit_free(handle)
        return true
    }
}

import CLibGit2
