import Foundation
import PlazaFormats
import PlazaGit
import PlazaSources
import PlazaSync

/// Reads pinned content and plugin definitions from Plaza's mirrors at exact commits.
///
/// Everything here runs on a git thread (`GitWork.run`): libgit2 handles stay on one thread.
public struct MirrorReader: Sendable {
    public let mirrors: MirrorDirectory
    /// Bundles larger than this are refused (the files are read into memory).
    public static let maximumContentBytes = 64 << 20

    public init(mirrors: MirrorDirectory) {
        self.mirrors = mirrors
    }

    public enum Failure: Error, CustomStringConvertible, Sendable {
        case noMirror(String)
        case unknownRevision(String, String)
        case empty(String, String)
        case tooLarge(String, Int)

        public var description: String {
            switch self {
            case .noMirror(let repository): return "Plaza has no mirror of \(repository); sync its marketplace first"
            case .unknownRevision(let revision, let repository): return "'\(revision)' is not a commit, branch or tag of \(repository)"
            case .empty(let path, let commit): return "no files under '\(path.isEmpty ? "/" : path)' at commit \(commit.prefix(12))"
            case .tooLarge(let path, let limit): return "the files under '\(path)' exceed \(limit >> 20) MiB"
            }
        }
    }

    /// Resolves a full sha, a branch or a tag in the repository's mirror.
    public func resolve(_ revision: String, in repository: String) throws -> ObjectID {
        let repo = try open(repository)
        do {
            return try repo.resolveCommit(revision)
        } catch {
            throw Failure.unknownRevision(revision, repository)
        }
    }

    /// Keeps `commit` reachable in the mirror whatever upstream does (force-push, branch deletion,
    /// repacks), under `refs/plaza/pins/`, which syncs never release.
    public func keep(_ commit: ObjectID, in repository: String) throws {
        try open(repository).pin(commit)
    }

    /// The files under `path` at `commit`, in canonical order. Symlinks and submodules are left out.
    public func content(of repository: String, at commit: ObjectID, path: String) throws -> PluginContent {
        let repo = try open(repository)
        let prefix = path.isEmpty ? "" : path + "/"
        var files: [PluginContent.File] = []
        var total = 0
        for entry in try repo.listTree(at: commit) where entry.path.hasPrefix(prefix) {
            guard entry.kind == .file || entry.kind == .executable else { continue }
            let bytes = try repo.readBlob(entry.id, limit: Self.maximumContentBytes)
            total += bytes.count
            if total > Self.maximumContentBytes { throw Failure.tooLarge(path, Self.maximumContentBytes) }
            files.append(PluginContent.File(path: String(entry.path.dropFirst(prefix.count)), bytes: bytes, executable: entry.kind == .executable))
        }
        guard !files.isEmpty else { throw Failure.empty(path, commit.hex) }
        return PluginContent(files: files)
    }

    /// One file at `commit`, at most `limit` bytes. Throws `GitError` with code `.notFound` or
    /// `.wrongObjectType` when there is no such file, `.tooLarge` when it exceeds `limit`.
    public func file(_ path: String, in repository: String, at commit: ObjectID, limit: Int) throws -> [UInt8] {
        try open(repository).readFile(path, at: commit, limit: limit)
    }

    /// The plugin as its marketplace defines it at `marketplaceCommit`; for external sources, read
    /// from `contentRepository` at `contentCommit` under `path`. Nil when the marketplace at that
    /// commit has no such plugin.
    public func plugin(named name: String, marketplaceRepository: String, marketplaceCommit: ObjectID,
                       contentRepository: String, contentCommit: ObjectID, path: String) throws -> LoadedPlugin? {
        let snapshot = try GitCommitSnapshot(repository: try open(marketplaceRepository), commit: marketplaceCommit)
        let loader = MarketplaceLoader(snapshot: snapshot)
        let report = loader.load(only: [name])
        guard let entry = report.marketplace?.plugins.first(where: { $0.name == name }) else { return nil }
        if entry.source.isLocal { return report.plugins.first { $0.name == name } }
        let external = try GitCommitSnapshot(repository: try open(contentRepository), commit: contentCommit)
        return MarketplaceLoader(snapshot: external).loadExternal(entry, root: path).0
    }

    /// What `name` declares it depends on at its pinned commit, and the marketplaces its marketplace
    /// allows dependencies on (`allowCrossMarketplaceDependenciesOn`) at `marketplaceCommit`.
    public func dependencies(of name: String, marketplaceRepository: String, marketplaceCommit: ObjectID, contentRepository: String,
                             contentCommit: ObjectID, path: String) throws -> (requires: [PluginDependency], allowed: [String]) {
        let snapshot = try GitCommitSnapshot(repository: try open(marketplaceRepository), commit: marketplaceCommit)
        let allowed = MarketplaceLoader(snapshot: snapshot).load(only: [name]).marketplace?.allowCrossMarketplaceDependenciesOn ?? []
        let plugin = try plugin(named: name, marketplaceRepository: marketplaceRepository, marketplaceCommit: marketplaceCommit,
                                contentRepository: contentRepository, contentCommit: contentCommit, path: path)
        return (plugin?.metadata.requires ?? [], allowed)
    }

    /// The marketplace's `renames` (old name → new name, nil when removed) at `commit`.
    public func renames(marketplaceRepository: String, commit: ObjectID) throws -> [String: String?] {
        let snapshot = try GitCommitSnapshot(repository: try open(marketplaceRepository), commit: commit)
        return MarketplaceLoader(snapshot: snapshot).load(only: []).marketplace?.renames ?? [:]
    }

    /// Tags `refs/tags/<prefix>*` of a repository's mirror, by name.
    public func tags(in repository: String, prefix: String) throws -> [String: ObjectID] {
        try open(repository).references(matching: "refs/tags/\(prefix)*")
    }

    /// The plugin's marketplace entry as written (canonical JSON) at `marketplaceCommit`; nil when
    /// the marketplace there has no such entry.
    public func entryManifest(named name: String, marketplaceRepository: String, marketplaceCommit: ObjectID) throws -> Data? {
        let snapshot = try GitCommitSnapshot(repository: try open(marketplaceRepository), commit: marketplaceCommit)
        let report = MarketplaceLoader(snapshot: snapshot).load(only: [name])
        return report.marketplace?.plugins.first(where: { $0.name == name }).map { Data($0.fingerprint.utf8) }
    }

    private func open(_ repository: String) throws -> Repository {
        let mirror = mirrors.mirror(for: repository)
        guard FileManager.default.fileExists(atPath: mirror.path) else { throw Failure.noMirror(repository) }
        return try mirror.open()
    }
}
