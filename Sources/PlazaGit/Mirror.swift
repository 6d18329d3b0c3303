import CLibGit2
import Foundation

/// Where a mirror fetches from and how it authenticates.
public struct RemoteSpec: Sendable {
    /// Any URL libgit2 understands: `https://`, `http://`, `file://`, a local path, `ssh://`, `git@host:path`.
    /// It must not embed credentials; use ``credentials`` instead.
    public var url: String
    public var credentials: (any CredentialProvider)?
    public var proxy: ProxySetting
    /// Extra HTTP headers sent with every request (e.g. a tracing header).
    public var customHeaders: [String]
    /// Whether libgit2 may follow the redirect of smart-HTTP discovery. Plaza turns it off after
    /// checking the redirect chain itself, so no redirect is followed unchecked.
    public var followRedirects: Bool

    public init(url: String, credentials: (any CredentialProvider)? = nil, proxy: ProxySetting = .none, customHeaders: [String] = [],
                followRedirects: Bool = true) {
        self.url = url
        self.followRedirects = followRedirects
        self.credentials = credentials
        self.proxy = proxy
        self.customHeaders = customHeaders
    }
}

/// A reference that moved during a fetch.
public struct RefUpdate: Sendable, Equatable, Codable {
    public let name: String
    /// Nil when the reference is new.
    public let old: ObjectID?
    /// Nil when upstream deleted the reference.
    public let new: ObjectID?

    /// True when the new commit does not contain the old one: upstream rewrote history (force-push).
    public let isRewrite: Bool

    public init(name: String, old: ObjectID?, new: ObjectID?, isRewrite: Bool) {
        self.name = name
        self.old = old
        self.new = new
        self.isRewrite = isRewrite
    }
}

/// What a fetch changed in the mirror.
public struct FetchResult: Sendable {
    public let updates: [RefUpdate]
    /// The branch the remote's HEAD points at, such as `refs/heads/main`, when it advertises one.
    public let defaultBranch: String?
    public let progress: TransferProgress?

    /// References whose history upstream rewrote (force-pushed) or deleted.
    public var rewritten: [RefUpdate] { updates.filter { $0.isRewrite || $0.new == nil } }
}

/// A bare mirror of one remote repository on local disk.
///
/// The mirror maps the remote's `refs/heads/*` and `refs/tags/*` one to one (pruning what upstream
/// deleted) and keeps Plaza's own references under `refs/plaza/`, which fetches never touch.
public struct Mirror: Sendable {
    /// Directory of the bare repository.
    public let path: String

    public init(path: String) { self.path = path }

    static let remoteName = "origin"
    static let refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]

    /// Whether a mirror has been created at ``path``.
    public var exists: Bool {
        FileManager.default.fileExists(atPath: path + "/HEAD") && FileManager.default.fileExists(atPath: path + "/objects")
    }

    /// Clones the remote into a new bare mirror at ``path``, or fetches into it when it exists.
    ///
    /// A new mirror is cloned into a temporary sibling directory and renamed into place, so a failed
    /// or interrupted clone never leaves a half-made mirror at ``path``.
    @discardableResult
    public func update(from remote: RemoteSpec, progress: (@Sendable (TransferProgress) -> Void)? = nil) throws -> FetchResult {
        guard !exists else { return try fetch(into: try Repository.open(at: path), from: remote, progress: progress) }
        let staging = path + ".partial-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let result: FetchResult
        if let sourcePath = Self.localRepositoryPath(remote.url) {
            result = try cloneLocal(from: remote, sourcePath: sourcePath, into: staging)
        } else {
            result = try fetch(into: try Repository.createBare(at: staging), from: remote, progress: progress)
        }
        try FileManager.default.moveItem(atPath: staging, toPath: path)
        return result
    }

    /// The directory of a local source (`file://` URL or plain path), nil for network URLs.
    static func localRepositoryPath(_ url: String) -> String? {
        if url.hasPrefix("file://") { return String(url.dropFirst("file://".count)).removingPercentEncoding }
        return RemoteURL.isRemote(url) ? nil : url
    }

    /// Opens the mirror for reading on the calling thread.
    public func open() throws -> Repository {
        try Repository.open(at: path)
    }

    private func fetch(into repository: Repository, from remote: RemoteSpec,
                       progress: (@Sendable (TransferProgress) -> Void)?) throws -> FetchResult {
        let before = try repository.references(matching: "refs/heads/*")
            .merging(try repository.references(matching: "refs/tags/*")) { a, _ in a }
        let remoteHandle = try configuredRemote(in: repository, url: remote.url)
        defer { git_remote_free(remoteHandle) }

        let context = RemoteCallbackContext(remoteURL: remote.url, provider: remote.credentials, progress: progress)
        var lastProgress: TransferProgress?
        var options = git_fetch_options()
        try check("git_fetch_options_init", git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)))
        options.prune = GIT_FETCH_PRUNE
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE  // tags come through the explicit refspec
        options.update_fetchhead = 0
        options.follow_redirects = remote.followRedirects ? GIT_REMOTE_REDIRECT_INITIAL : GIT_REMOTE_REDIRECT_NONE
        context.install(into: &options.callbacks)

        let result: Int32 = withProxyOptions(remote.proxy) { proxy in
            withStringArray(remote.customHeaders) { headers in
                var fetchOptions = options
                fetchOptions.proxy_opts = proxy
                fetchOptions.custom_headers = headers
                return withStringArray(Mirror.refspecs) { refspecs in
                    var refspecs = refspecs
                    return git_remote_fetch(remoteHandle, &refspecs, &fetchOptions, "plaza: fetch")
                }
            }
        }
        if result < 0 {
            throw context.failure ?? Self.explain(GitError(libgit2Code: result, function: "git_remote_fetch"), url: remote.url)
        }
        if let stats = git_remote_stats(remoteHandle)?.pointee {
            lastProgress = TransferProgress(
                totalObjects: Int(stats.total_objects), receivedObjects: Int(stats.received_objects),
                indexedObjects: Int(stats.indexed_objects), localObjects: Int(stats.local_objects),
                totalDeltas: Int(stats.total_deltas), indexedDeltas: Int(stats.indexed_deltas),
                receivedBytes: Int(stats.received_bytes))
        }
        let defaultBranch = Self.defaultBranch(of: remoteHandle)
        if let defaultBranch, repository.headReferenceName != defaultBranch {
            try repository.setHead(defaultBranch)
        }
        let after = try repository.references(matching: "refs/heads/*")
            .merging(try repository.references(matching: "refs/tags/*")) { a, _ in a }
        return FetchResult(updates: Self.updates(before: before, after: after, in: repository),
                           defaultBranch: defaultBranch, progress: lastProgress)
    }

    /// Clones a local repository by copying (hard-linking) its object database instead of packing
    /// through libgit2's `file://` transport, which is several times slower in libgit2 1.5.
    private func cloneLocal(from remote: RemoteSpec, sourcePath: String, into staging: String) throws -> FetchResult {
        Runtime.ensureInitialised()
        var options = git_clone_options()
        try check("git_clone_options_init", git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)))
        options.bare = 1
        options.local = GIT_CLONE_LOCAL
        options.fetch_opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.fetch_opts.update_fetchhead = 0
        options.remote_cb = { out, repository, _, url, _ in
            var created: OpaquePointer?
            var result = git_remote_create_with_fetchspec(&created, repository, Mirror.remoteName, url, Mirror.refspecs[0])
            guard result >= 0 else { return result }
            git_remote_free(created)
            result = git_remote_add_fetch(repository, Mirror.remoteName, Mirror.refspecs[1])
            guard result >= 0 else { return result }
            return git_remote_lookup(out, repository, Mirror.remoteName)
        }
        var handle: OpaquePointer?
        try check("git_clone", git_clone(&handle, remote.url, staging, &options))
        git_repository_free(handle)
        let repository = try Repository.open(at: staging)
        try? repository.deleteReference("refs/remotes/origin/HEAD")
        let defaultBranch = (try? Repository.open(at: sourcePath))?.headReferenceName
        if let defaultBranch, repository.headReferenceName != defaultBranch { try repository.setHead(defaultBranch) }
        let refs = try repository.references(matching: "refs/heads/*").merging(try repository.references(matching: "refs/tags/*")) { a, _ in a }
        let updates = refs.keys.sorted().map { RefUpdate(name: $0, old: nil, new: refs[$0], isRewrite: false) }
        return FetchResult(updates: updates, defaultBranch: defaultBranch, progress: nil)
    }

    /// libgit2 1.5 reports a host name that does not resolve as "unsupported URL protocol".
    static func explain(_ error: GitError, url: String) -> GitError {
        guard error.message == "unsupported URL protocol", url.hasPrefix("https://") || url.hasPrefix("http://"),
              let host = RemoteURL.host(of: url) else { return error }
        return GitError(code: .network, libgit2Code: error.libgit2Code, function: error.function,
                        message: "could not connect to \(host): the host name could not be resolved or the host is unreachable")
    }

    private func configuredRemote(in repository: Repository, url: String) throws -> OpaquePointer {
        var remote: OpaquePointer?
        if git_remote_lookup(&remote, repository.handle, Self.remoteName) == 0, let existing = remote {
            if let current = git_remote_url(existing).map({ String(cString: $0) }), current == url { return existing }
            git_remote_free(existing)
            try check("git_remote_set_url", git_remote_set_url(repository.handle, Self.remoteName, url))
            try check("git_remote_lookup", git_remote_lookup(&remote, repository.handle, Self.remoteName))
            return remote!
        }
        try check("git_remote_create_with_fetchspec",
                  git_remote_create_with_fetchspec(&remote, repository.handle, Self.remoteName, url, Self.refspecs[0]))
        git_remote_free(remote)
        try check("git_remote_add_fetch", git_remote_add_fetch(repository.handle, Self.remoteName, Self.refspecs[1]))
        try check("git_remote_lookup", git_remote_lookup(&remote, repository.handle, Self.remoteName))
        return remote!
    }

    private static func defaultBranch(of remote: OpaquePointer) -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_remote_default_branch(&buffer, remote) == 0, let pointer = buffer.ptr else { return nil }
        return String(cString: pointer)
    }

    private static func updates(before: [String: ObjectID], after: [String: ObjectID], in repository: Repository) -> [RefUpdate] {
        var updates: [RefUpdate] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            let old = before[name], new = after[name]
            guard old != new else { continue }
            let rewrite: Bool
            if let old, let new { rewrite = !repository.isDescendant(new, of: old) } else { rewrite = false }
            updates.append(RefUpdate(name: name, old: old, new: new, isRewrite: rewrite))
        }
        return updates
    }
}
