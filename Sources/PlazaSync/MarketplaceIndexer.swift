import Foundation
import Logging
import PlazaCatalog
import PlazaFormats
import PlazaGit
import PlazaSources
import PlazaOutbound

/// What one sync produced, ready to be stored in one transaction.
struct IndexOutcome: Sendable {
    var commit: String
    var ref: String
    /// Nothing changed since the indexed commit: nothing was parsed, nothing is to be written.
    var unchanged: Bool
    var plugins: [String: [CatalogEntry]] = [:]
    var removed: Set<String> = []
    var indexed: [IndexedPlugin] = []
    var diagnostics: [Diagnostic] = []
    var reread: [String] = []
    /// Set when the manifest could not be read: the old catalog stays.
    var manifestFailure: String?
    var fetchedRewrite = false
    var fetchMilliseconds = 0
}

/// Fetches a marketplace mirror and indexes what changed since the last indexed commit.
///
/// Runs synchronously on a git thread (see ``GitWork``); owns its repository handles.
struct MarketplaceIndexer {
    let registration: MarketplaceRegistration
    let credentials: (any CredentialProvider)?
    let mirrors: MirrorDirectory
    let previousCommit: String?
    let previousIndexed: [IndexedPlugin]
    let previousDiagnostics: [Diagnostic]
    /// Re-read every plugin, including external sources that were unavailable, even if nothing changed.
    let full: Bool
    var maintenance = MirrorMaintenance()
    var gate = OutboundGate(policy: OutboundPolicy())
    let logger: Logger

    func run(progress: (@Sendable (TransferProgress) -> Void)?) throws -> IndexOutcome {
        let fetchStarted = Date()
        let mirror = mirrors.mirror(for: registration.url)
        let fetch = try gate.fetch(registration.url) { checked in
            // A redirect to another host never receives the registered host's credential.
            let sameHost = checked.host == OutboundPolicy.host(of: registration.url)
            return try mirror.update(from: checked.remote(credentials: sameHost ? credentials : nil), progress: progress)
        }
        let fetchMilliseconds = Int(Date().timeIntervalSince(fetchStarted) * 1000)
        maintenance.run(on: mirror, logger: logger)
        let repository = try mirror.open()
        let ref = registration.ref ?? fetch.defaultBranch ?? "HEAD"
        let commit = try repository.resolveCommit(ref)
        var outcome = IndexOutcome(commit: commit.hex, ref: ref, unchanged: commit.hex == previousCommit && !full)
        outcome.fetchedRewrite = !fetch.rewritten.isEmpty
        outcome.fetchMilliseconds = fetchMilliseconds
        if outcome.unchanged { return outcome }

        try repository.keep(commit)
        if let previousCommit, let previous = ObjectID(hex: previousCommit), previous != commit { try? repository.release(previous) }
        let snapshot = try GitCommitSnapshot(repository: repository, commit: commit)
        let changedPaths: [String]? = previousCommit.flatMap(ObjectID.init(hex:)).flatMap { previous in
            repository.contains(previous) ? (try? repository.changedPaths(from: previous, to: commit).map(\.path)) : nil
        }
        let loader = MarketplaceLoader(snapshot: snapshot, options: .init(origin: Redaction.redactingURLCredentials(in: registration.url)))
        let manifestOnly = loader.load(only: [])
        guard let manifest = manifestOnly.marketplace else {
            outcome.manifestFailure = manifestOnly.diagnostics.first { $0.severity == .error }.map { "\($0.file): \($0.message)" }
                ?? "no marketplace.json found"
            outcome.diagnostics = manifestOnly.diagnostics
            return outcome
        }
        let previousByName = Dictionary(previousIndexed.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let localRoots = manifest.plugins.compactMap { entry -> String? in
            if case .relative(let path) = entry.source { return path }
            return nil
        }
        let toRead = manifest.plugins.filter { entry in
            needsRereading(entry, previous: previousByName[entry.name], changedPaths: changedPaths, localRoots: localRoots)
        }
        outcome.removed = Set(previousByName.keys).subtracting(manifest.plugins.map(\.name))
        outcome.reread = toRead.map(\.name)
        let builder = EntryBuilder(marketplace: registration.name, commit: commit.hex, repository: registration.url)
        let report = loader.load(only: Set(toRead.filter { $0.source.isLocal }.map(\.name)))
        var diagnostics = report.diagnostics
        for plugin in report.plugins {
            guard let entry = toRead.first(where: { $0.name == plugin.name }) else { continue }
            let root = plugin.root ?? ""
            let digest = PluginFingerprint.of(snapshot, root: root, relativePaths: true)
            outcome.plugins[plugin.name] = plugin.status == .loaded
                ? builder.entries(for: plugin, pluginDigest: digest)
                : [builder.unavailable(entry, reason: "the plugin directory could not be read; see diagnostics")]
            outcome.indexed.append(IndexedPlugin(name: plugin.name, root: plugin.root, entryFingerprint: entry.fingerprint, commit: commit.hex))
        }
        for entry in toRead where !entry.source.isLocal {
            let (entries, found, externalCommit) = indexExternal(entry, builder: builder)
            outcome.plugins[entry.name] = entries
            diagnostics += found
            outcome.indexed.append(IndexedPlugin(name: entry.name, root: nil, entryFingerprint: entry.fingerprint, commit: externalCommit ?? ""))
        }
        let rereadRoots = toRead.compactMap { entry -> String? in
            if case .relative(let path) = entry.source { return path }
            return nil
        }
        let kept = previousDiagnostics.filter { old in
            old.file != manifestOnly.manifestPath && !rereadRoots.contains { RelativePath.isInside(old.file, $0) }
                && !outcome.removed.contains { name in previousByName[name]?.root.map { RelativePath.isInside(old.file, $0) } ?? false }
        }
        outcome.diagnostics = kept + diagnostics
        return outcome
    }

    private func needsRereading(_ entry: PluginEntry, previous: IndexedPlugin?, changedPaths: [String]?, localRoots: [String]) -> Bool {
        guard !full, let previous, previous.entryFingerprint == entry.fingerprint, let changedPaths else { return true }
        // External sources are pinned by their entry (sha or ref): re-read when the entry changes, or on a full sync.
        guard case .relative(let root) = entry.source else { return false }
        let others = localRoots.filter { $0 != root && RelativePath.isInside($0, root) }
        return changedPaths.contains { path in
            RelativePath.isInside(path, root) && !others.contains { RelativePath.isInside(path, $0) }
        }
    }

    /// Mirrors and reads a plugin from another repository; unreachable sources become unavailable.
    private func indexExternal(_ entry: PluginEntry, builder: EntryBuilder) -> ([CatalogEntry], [Diagnostic], String?) {
        let (ref, sha, subdirectory): (String?, String?, String) = {
            switch entry.source {
            case .github(_, let ref, let sha), .url(_, let ref, let sha): return (ref, sha, "")
            case .gitSubdir(_, let path, let ref, let sha): return (ref, sha, path)
            default: return (nil, nil, "")
            }
        }()
        if case .command = entry.source {
            return ([builder.unavailable(entry, reason: "a command source runs a program on the user's machine to produce the plugin; Plaza never runs it")], [], nil)
        }
        if case .archive(let url, let sha256) = entry.source { return indexArchive(entry, url: url, sha256: sha256, builder: builder) }
        if case .npm(let package, let version, _) = entry.source { return (indexNPM(entry, package: package, version: version, builder: builder), [], nil) }
        guard let url = entry.source.gitURL else {
            return ([builder.unavailable(entry, reason: "\(entry.source.kind) sources are not mirrored by Plaza")], [], nil)
        }
        do {
            for value in [ref, sha].compactMap({ $0 }) {
                if let violation = OutboundURL.controlCharacterViolation(in: value, what: "ref") { throw violation }
            }
            let mirror = mirrors.mirror(for: url)
            let registeredHost = OutboundPolicy.host(of: registration.url)
            let fetch = try gate.fetch(url) { checked in
                let sameHost = OutboundPolicy.host(of: url) == registeredHost && checked.host == registeredHost
                return try mirror.update(from: checked.remote(credentials: sameHost ? credentials : nil))
            }
            let repository = try mirror.open()
            let commit = try repository.resolveCommit(sha ?? ref ?? fetch.defaultBranch ?? "HEAD")
            try repository.keep(commit)
            let snapshot = try GitCommitSnapshot(repository: repository, commit: commit)
            let (plugin, diagnostics) = MarketplaceLoader(snapshot: snapshot).loadExternal(entry, root: subdirectory)
            let external = EntryBuilder(marketplace: builder.marketplace, commit: commit.hex, repository: url)
            guard plugin.status == .loaded else {
                return ([external.unavailable(entry, reason: diagnostics.first { $0.severity == .error }?.message ?? "the plugin could not be read")], diagnostics, commit.hex)
            }
            let digest = PluginFingerprint.of(snapshot, root: subdirectory, relativePaths: false)
            return (external.entries(for: plugin, pluginDigest: digest), diagnostics, commit.hex)
        } catch {
            let reason = (error as? GitError).map { "\($0.message)" } ?? (error as? OutboundPolicy.Violation).map(\.description) ?? "\(error)"
            logger.warning("external plugin source unavailable", metadata: ["plugin": "\(entry.name)", "reason": "\(reason)"])
            return ([builder.unavailable(entry, reason: "source \(entry.source.summary) is unavailable: \(reason)")], [], nil)
        }
    }
}
