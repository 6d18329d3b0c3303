import CLibGit2

/// Who made a commit and when.
public struct Signature: Sendable, Equatable, Codable {
    public let name: String
    public let email: String
    /// Seconds since 1970 (UTC).
    public let time: Int64
    /// Offset from UTC in minutes.
    public let timeZoneOffsetMinutes: Int
}

/// Metadata of one commit.
public struct CommitInfo: Sendable, Equatable, Codable {
    public let id: ObjectID
    public let tree: ObjectID
    public let parents: [ObjectID]
    public let author: Signature
    public let committer: Signature
    public let message: String

    /// The first line of the message.
    public var summary: String { String(message.prefix { $0 != "\n" }) }
}

extension Repository {
    /// Resolves a branch, tag, full ref name, or full or abbreviated (≥ 4 hex) commit id to a commit.
    ///
    /// Annotated tags are peeled to the commit they point at. Revision expressions (`HEAD~2`, `a..b`)
    /// are refused: Plaza pins exact commits, never moving expressions.
    public func resolveCommit(_ ref: String) throws -> ObjectID {
        guard Self.isAcceptableRefSpelling(ref) else {
            throw GitError(code: .invalidArgument, function: "resolveCommit",
                           message: "'\(ref)' is not a branch, tag or commit id")
        }
        let candidates: [String] = ref.hasPrefix("refs/") ? [ref] : ["refs/heads/\(ref)", "refs/tags/\(ref)", ref]
        for candidate in candidates where candidate == "HEAD" || candidate.hasPrefix("refs/") {
            var reference: OpaquePointer?
            guard git_reference_lookup(&reference, handle, candidate) == 0 else { continue }
            defer { git_reference_free(reference) }
            var object: OpaquePointer?
            try check("git_reference_peel", git_reference_peel(&object, reference, GIT_OBJECT_COMMIT))
            defer { git_object_free(object) }
            return ObjectID(git_object_id(object))
        }
        if ref.utf8.count >= 4, ref.utf8.count <= 40, ref.utf8.allSatisfy(\.isHexDigit) {
            var oid = git_oid()
            try check("git_oid_fromstrn", git_oid_fromstrn(&oid, ref, ref.utf8.count))
            var object: OpaquePointer?
            let result = git_object_lookup_prefix(&object, handle, &oid, ref.utf8.count, GIT_OBJECT_ANY)
            if result == GIT_EAMBIGUOUS.rawValue {
                throw GitError(code: .invalidArgument, libgit2Code: result, function: "git_object_lookup_prefix",
                               message: "'\(ref)' matches more than one object; give more characters")
            }
            if result == 0 {
                defer { git_object_free(object) }
                var commit: OpaquePointer?
                let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
                guard peeled == 0 else {
                    throw GitError(code: .wrongObjectType, libgit2Code: peeled, function: "git_object_peel",
                                   message: "'\(ref)' is not a commit")
                }
                defer { git_object_free(commit) }
                return ObjectID(git_object_id(commit))
            }
        }
        throw GitError(code: .notFound, libgit2Code: GIT_ENOTFOUND.rawValue, function: "resolveCommit",
                       message: "no branch, tag or commit named '\(ref)'")
    }

    static func isAcceptableRefSpelling(_ ref: String) -> Bool {
        guard !ref.isEmpty, ref.utf8.count <= 255, !ref.hasPrefix("-"), !ref.contains(".."), !ref.hasSuffix("/") else { return false }
        let forbidden: Set<Character> = ["~", "^", ":", "?", "*", "[", "\\", " ", "@"]
        return !ref.contains(where: { forbidden.contains($0) || $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) })
    }

    /// Author, committer, parents and message of a commit.
    public func commitInfo(_ id: ObjectID) throws -> CommitInfo {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            if let parent = git_commit_parent_id(commit, index) { parents.append(ObjectID(parent)) }
        }
        return CommitInfo(
            id: id, tree: ObjectID(git_commit_tree_id(commit)), parents: parents,
            author: Signature(git_commit_author(commit)), committer: Signature(git_commit_committer(commit)),
            message: git_commit_message(commit).map { String(cString: $0) } ?? "")
    }

    func lookupCommit(_ id: ObjectID) throws -> OpaquePointer {
        var oid = id.raw
        var commit: OpaquePointer?
        let result = git_commit_lookup(&commit, handle, &oid)
        guard result == 0, let commit else {
            throw GitError(libgit2Code: result, function: "git_commit_lookup",
                           override: result == GIT_ENOTFOUND.rawValue ? "commit \(id) is not in the repository" : nil)
        }
        return commit
    }

    func lookupTree(ofCommit id: ObjectID) throws -> OpaquePointer {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check("git_commit_tree", git_commit_tree(&tree, commit))
        return tree!
    }
}

extension Signature {
    init(_ pointer: UnsafePointer<git_signature>?) {
        guard let signature = pointer?.pointee else {
            self.init(name: "", email: "", time: 0, timeZoneOffsetMinutes: 0)
            return
        }
        self.init(name: signature.name.map { String(cString: $0) } ?? "",
                  email: signature.email.map { String(cString: $0) } ?? "",
                  time: signature.when.time, timeZoneOffsetMinutes: Int(signature.when.offset))
    }
}
