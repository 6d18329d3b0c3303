import Foundation
import PlazaCatalog
import PlazaGit
import PlazaSync

/// One file of a plugin, read at the commit the catalog indexed.
public struct PluginFile: Sendable, Equatable {
    public let bytes: [UInt8]
    /// The full commit id the file was read at.
    public let commit: String
    /// The file's path in its repository (the plugin's root joined with the requested path).
    public let path: String
}

/// Why a plugin file cannot be served; the server turns each case into a problem.
public enum PluginFileError: Error, Sendable, Equatable {
    /// The marketplace has no such plugin.
    case noPlugin
    /// The plugin is in the catalog but unavailable (its source could not be read); `reason` says why.
    case unavailable(reason: String)
    /// The plugin has no file at that path at `commit`.
    case noFile(commit: String)
    /// The file is larger than the limit asked for.
    case tooLarge(limit: Int)
}

extension InstallationService {
    /// A file of the plugin as the catalog indexed it, read from Plaza's mirror at the entry's commit.
    /// `relative` must already be a checked relative path (no `..`, not absolute). Throws
    /// ``PluginFileError``, or ``MirrorReader/Failure/noMirror(_:)`` when Plaza holds no mirror of
    /// the plugin's repository.
    public func pluginFile(marketplace: String, plugin: String, path relative: String, limit: Int) async throws -> PluginFile {
        guard let entry = try await store.entries(kind: .plugin, name: plugin, marketplace: marketplace, plugin: plugin).first else {
            throw PluginFileError.noPlugin
        }
        guard entry.status == .available, let repository = entry.details["repository"], let commit = ObjectID(hex: entry.commit) else {
            throw PluginFileError.unavailable(reason: entry.unavailableReason ?? "not indexed")
        }
        let path = entry.path.isEmpty ? relative : entry.path + "/" + relative
        let reader = self.reader
        do {
            let bytes = try await GitWork.run { try reader.file(path, in: repository, at: commit, limit: limit) }
            return PluginFile(bytes: bytes, commit: commit.hex, path: path)
        } catch let error as GitError where error.code == .notFound || error.code == .wrongObjectType {
            throw PluginFileError.noFile(commit: commit.hex)
        } catch let error as GitError where error.code == .tooLarge {
            throw PluginFileError.tooLarge(limit: limit)
        }
    }
}
