import CLibGit2

/// An open git repository. Owns the libgit2 handle and frees it when released.
///
/// Not thread-safe: libgit2 handles must not be shared between threads. Open one per thread
/// (opening is cheap); several handles on the same mirror may read while another fetches.
public final class Repository {
    let handle: OpaquePointer
    /// The repository's directory (for a bare mirror, the mirror itself).
    public let path: String

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit { git_repository_free(handle) }

    /// Opens an existing repository (bare or not) at `path`.
    public static func open(at path: String) throws -> Repository {
        Runtime.ensureInitialised()
        var pointer: OpaquePointer?
        let result = git_repository_open_ext(&pointer, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        guard result >= 0, let pointer else {
            throw GitError(libgit2Code: result, function: "git_repository_open_ext")
        }
        return Repository(handle: pointer, path: path)
    }

    /// Creates an empty bare repository at `path` (the directory may exist and be empty).
    public static func createBare(at path: String) throws -> Repository {
        Runtime.ensureInitialised()
        var pointer: OpaquePointer?
        let result = git_repository_init(&pointer, path, 1)
        guard result >= 0, let pointer else {
            throw GitError(libgit2Code: result, function: "git_repository_init")
        }
        return Repository(handle: pointer, path: path)
    }

    /// Whether the repository has no commits reachable from any ref yet.
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// The names and targets of the references matching a glob such as `refs/heads/*`.
    public func references(matching glob: String) throws -> [String: ObjectID] {
        var iterator: OpaquePointer?
        try check("git_reference_iterator_glob_new", git_reference_iterator_glob_new(&iterator, handle, glob))
        defer { git_reference_iterator_free(iterator) }
        var result: [String: ObjectID] = [:]
        var reference: OpaquePointer?
        while git_reference_next(&reference, iterator) == 0 {
            defer { git_reference_free(reference) }
            var resolved: OpaquePointer?
            guard git_reference_resolve(&resolved, reference) == 0 else { continue }
            defer { git_reference_free(resolved) }
            if let name = git_reference_name(reference), let target = git_reference_target(resolved) {
                result[String(cString: name)] = ObjectID(target)
            }
        }
        return result
    }

    /// Points a reference at a commit, creating or moving it.
    public func setReference(_ name: String, to id: ObjectID, message: String) throws {
        var oid = id.raw
        var reference: OpaquePointer?
        try check("git_reference_create", git_reference_create(&reference, handle, name, &oid, 1, message))
        git_reference_free(reference)
    }

    /// Deletes a reference; does nothing when it does not exist.
    public func deleteReference(_ name: String) throws {
        var reference: OpaquePointer?
        let result = git_reference_lookup(&reference, handle, name)
        if result == GIT_ENOTFOUND.rawValue { return }
        try check("git_reference_lookup", result)
        defer { git_reference_free(reference) }
        try check("git_reference_delete", git_reference_delete(reference))
    }

    /// Points HEAD at a branch, e.g. `refs/heads/main`.
    public func setHead(_ referenceName: String) throws {
        try check("git_repository_set_head", git_repository_set_head(handle, referenceName))
    }

    /// The branch HEAD points at (`refs/heads/main`), even when that branch does not exist yet.
    public var headReferenceName: String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, "HEAD") == 0 else { return nil }
        defer { git_reference_free(reference) }
        return git_reference_symbolic_target(reference).map { String(cString: $0) }
    }

    /// Whether `descendant` has `ancestor` in its history (or is it).
    public func isDescendant(_ descendant: ObjectID, of ancestor: ObjectID) -> Bool {
        if descendant == ancestor { return true }
        var a = descendant.raw, b = ancestor.raw
        return git_graph_descendant_of(handle, &a, &b) == 1
    }

    /// Whether the object database holds this object.
    public func contains(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0 else { return false }
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }
}
