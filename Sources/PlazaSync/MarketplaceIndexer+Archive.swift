import Foundation
import PlazaCatalog
import PlazaFormats
import PlazaGit
import PlazaOutbound
import PlazaSources

extension MarketplaceIndexer {
    /// Indexes an `archive` source: imported once into the archive URL's mirror (see
    /// ``ArchiveMirror``), then read at that commit like any external git source.
    func indexArchive(_ entry: PluginEntry, url: String, sha256: String, builder: EntryBuilder) -> ([CatalogEntry], [Diagnostic], String?) {
        do {
            let archives = ArchiveMirror(mirrors: mirrors, gate: gate)
            let imported = try archives.commit(url: url, sha256: sha256,
                                               authorization: ArchiveMirror.authorization(for: registration.url, credentials: credentials))
            if imported.downloaded {
                logger.info("archive source imported", metadata: ["plugin": "\(entry.name)", "sha256": "\(sha256.prefix(12))",
                                                                  "commit": "\(imported.commit.short)"])
            }
            let snapshot = try GitCommitSnapshot(repository: imported.repository, commit: imported.commit)
            var (plugin, diagnostics) = MarketplaceLoader(snapshot: snapshot).loadExternal(entry, root: "")
            diagnostics += imported.skipped.map {
                Diagnostic(.warning, code: "archive.skipped", file: Redaction.redactingURLCredentials(in: url), message: $0)
            }
            let external = EntryBuilder(marketplace: builder.marketplace, commit: imported.commit.hex, repository: url)
            guard plugin.status == .loaded else {
                return ([external.unavailable(entry, reason: diagnostics.first { $0.severity == .error }?.message ?? "the plugin could not be read")],
                        diagnostics, imported.commit.hex)
            }
            if plugin.metadata.version == nil {
                // What clients show for an unversioned archive plugin: the first 12 hex of its sha256.
                plugin.metadata.version = String(sha256.lowercased().prefix(12))
            }
            var entries = external.entries(for: plugin, pluginDigest: PluginFingerprint.of(snapshot, root: "", relativePaths: false))
            for index in entries.indices where entries[index].kind == .plugin {
                entries[index].details["archiveSHA256"] = sha256.lowercased()
            }
            return (entries, diagnostics, imported.commit.hex)
        } catch {
            let reason = (error as? OutboundPolicy.Violation)?.description ?? (error as? GitError)?.message ?? "\(error)"
            logger.warning("archive plugin source unavailable", metadata: ["plugin": "\(entry.name)", "reason": "\(reason)"])
            return ([builder.unavailable(entry, reason: "archive \(Redaction.redactingURLCredentials(in: url)) is unavailable: \(reason)")], [], nil)
        }
    }

    /// npm sources are listed with their package and version, never installed: the bytes would come
    /// from the npm registry at the client's install time, so Plaza could not pin them.
    func indexNPM(_ entry: PluginEntry, package: String, version: String?, builder: EntryBuilder) -> [CatalogEntry] {
        var listed = builder.unavailable(entry, reason: "npm sources are listed but not installable through Plaza: the client would fetch \(package)\(version.map { "@\($0)" } ?? "") from the npm registry at install time, so Plaza cannot pin its content; publish it from a git repository or as an archive with a sha256")
        listed.details["package"] = package
        if let version { listed.details["packageVersion"] = version }
        return [listed]
    }
}
