import Foundation
import PlazaGit
import ZIPFoundation

/// The files of a plugin's zip archive (an `archive` source), read the way Claude Code reads it:
/// the plugin root is the top of the archive, or a single wrapper directory when the plugin's
/// content sits inside it. Hostile archives are refused or trimmed, never extracted to disk:
/// entry names are checked as relative paths, symbolic links are left out (reported), and sizes
/// are bounded while decompressing, whatever the headers claim.
public enum ArchiveContents {
    /// Bounds on what an archive may hold.
    public struct Limits: Sendable {
        /// Claude Code's limit is 100,000 entries.
        public var maximumEntries = 100_000
        /// Uncompressed bytes of all files together: Plaza's bundle limit (64 MiB), since a larger
        /// plugin could never be installed; refusing early says so.
        public var maximumTotalBytes = 64 << 20
        /// Claude Code refuses more than 50× expansion; entries under 1 MiB are not held to it.
        public var maximumRatio: UInt64 = 50

        public init() {}
    }

    /// Why an archive was refused; `description` names the entry or the limit.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// What an archive holds: its files relative to the plugin root, and what was left out.
    public struct Listing: Sendable {
        public let files: [TreeFile]
        /// The wrapper directory stripped, if any (`my-plugin-1.2.0`).
        public let wrapper: String?
        /// Entries left out (symbolic links), with the reason.
        public let skipped: [String]
    }

    /// Names at the top of a plugin root that tell Claude Code "this is the plugin" (from the
    /// client's own message: ".claude-plugin/ or a commands/, skills/, agents/, hooks/, themes/,
    /// output-styles/, monitors/, workflows/, SKILL.md, .mcp.json, or .lsp.json at the top level").
    static let rootMarkers: Set<String> = [".claude-plugin", "commands", "skills", "agents", "hooks", "themes", "output-styles",
                                           "monitors", "workflows", "SKILL.md", ".mcp.json", ".lsp.json"]

    /// Reads the archive's files. Throws ``Failure`` for an unreadable zip, a hostile entry name, a
    /// limit exceeded, or an archive with no plugin content at its root.
    public static func read(_ zip: [UInt8], limits: Limits = Limits()) throws -> Listing {
        try ZipDirectory.check(zip)
        let archive: Archive
        do {
            archive = try Archive(data: Data(zip), accessMode: .read)
        } catch {
            throw Failure("not a readable zip archive (\(error))")
        }
        var files: [TreeFile] = [], skipped: [String] = [], seen: Set<String> = [], total = 0, count = 0
        for entry in archive {
            count += 1
            guard count <= limits.maximumEntries else { throw Failure("more than \(limits.maximumEntries) entries") }
            let path = try checkedPath(entry.path)
            switch entry.type {
            case .directory: continue
            case .symlink:
                skipped.append("\(path): symbolic link left out")
                continue
            case .file: break
            }
            // Compared folded, as case-insensitive file systems (macOS, Windows) would store them.
            guard seen.insert(path.precomposedStringWithCanonicalMapping.lowercased()).inserted else {
                throw Failure("'\(path)' appears twice in the archive (names compared without case)")
            }
            if entry.uncompressedSize > 1 << 20, entry.uncompressedSize / limits.maximumRatio > entry.compressedSize {
                throw Failure("'\(path)' expands more than \(limits.maximumRatio)× (\(entry.compressedSize) → \(entry.uncompressedSize) bytes)")
            }
            var bytes: [UInt8] = []
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    total += chunk.count
                    guard total <= limits.maximumTotalBytes else {
                        throw Failure("the archive's files exceed \(limits.maximumTotalBytes >> 20) MiB uncompressed")
                    }
                    bytes.append(contentsOf: chunk)
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure("'\(path)' cannot be decompressed (\(error))")
            }
            let mode = (entry.fileAttributes[.posixPermissions] as? NSNumber)?.uint16Value ?? 0o644
            files.append(TreeFile(path: path, bytes: bytes, executable: mode & 0o111 != 0))
        }
        return try rooted(files, skipped: skipped)
    }

    /// Strips a single wrapper directory when the plugin content is inside it.
    static func rooted(_ files: [TreeFile], skipped: [String]) throws -> Listing {
        let tops = Set(files.map { String($0.path.split(separator: "/").first ?? "") })
        if !tops.isDisjoint(with: rootMarkers) { return Listing(files: files, wrapper: nil, skipped: skipped) }
        if tops.count == 1, let wrapper = tops.first, files.allSatisfy({ $0.path.hasPrefix(wrapper + "/") }) {
            let inner = files.map { TreeFile(path: String($0.path.dropFirst(wrapper.count + 1)), bytes: $0.bytes, executable: $0.executable) }
            let innerTops = Set(inner.map { String($0.path.split(separator: "/").first ?? "") })
            if !innerTops.isDisjoint(with: rootMarkers) { return Listing(files: inner, wrapper: wrapper, skipped: skipped) }
        }
        throw Failure("no plugin content at the archive's root (expected .claude-plugin/ or a commands/, skills/, agents/, hooks/, themes/, output-styles/, monitors/, workflows/, SKILL.md, .mcp.json or .lsp.json at the top level, optionally inside a single wrapper directory)")
    }

    /// An entry name as a clean relative path, or a ``Failure`` naming it.
    static func checkedPath(_ raw: String) throws -> String {
        let shown = raw.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : String($0) }.joined()
        guard !raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || (0x80...0x9f).contains($0.value)
                                                    || $0.properties.generalCategory == .format }) else {
            throw Failure("entry '\(shown)' has a control, format or bidirectional character in its name")
        }
        guard raw.utf8.count <= 1024 else { throw Failure("entry '\(shown.prefix(64))…' has a name over 1024 bytes") }
        guard !raw.contains("\\") else { throw Failure("entry '\(shown)' uses a backslash in its name") }
        guard !raw.hasPrefix("/") else { throw Failure("entry '\(shown)' is an absolute path") }
        var parts = raw.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        parts.removeAll { $0 == "." }
        guard !parts.isEmpty else { throw Failure("entry '\(shown)' has an empty name") }
        guard !parts.contains("..") else { throw Failure("entry '\(shown)' escapes the archive with '..'") }
        guard parts.count <= 64 else { throw Failure("entry '\(shown.prefix(64))…' is nested more than 64 directories deep") }
        guard !parts.contains(where: { $0 == ".git" }) else { throw Failure("entry '\(shown)' is inside a .git directory") }
        return parts.joined(separator: "/")
    }
}
