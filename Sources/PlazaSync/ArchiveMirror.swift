import Crypto
import Foundation
import PlazaGit
import PlazaOutbound
import PlazaSources

/// Keeps `archive` plugin sources the way git sources are kept: each archive is downloaded once
/// (through the outbound rules), checked against the entry's `sha256`, and its files written as a
/// commit into a bare repository — the archive URL's mirror — under
/// `refs/plaza/archives/<sha256>`. The commit is content-addressed (fixed author, time and a
/// message naming only the digest), so the same archive always gives the same commit id, and
/// pins, bundles and `plaza verify` work on it exactly as on a git commit. Once imported, the
/// archive's host can vanish: the files stay in the mirror.
struct ArchiveMirror {
    let mirrors: MirrorDirectory
    let gate: OutboundGate
    /// Claude Code downloads archives of at most 256 MiB.
    static let maximumDownloadBytes = 256 << 20
    static let referencePrefix = "refs/plaza/archives/"

    /// An imported archive: its commit in the mirror, and what the import left out.
    struct Imported {
        let commit: ObjectID
        /// The mirror holding it, open on this thread.
        let repository: Repository
        let skipped: [String]
        /// False when the commit was already in the mirror (nothing was downloaded).
        let downloaded: Bool
    }

    /// The commit holding the archive at `url` whose digest is `sha256`, importing it if needed.
    ///
    /// - Parameter authorization: sent only to the archive's origin when it equals the marketplace's.
    func commit(url: String, sha256: String, authorization: (origin: String, header: String)?) throws -> Imported {
        let digest = sha256.lowercased()
        guard digest.utf8.count == 64, digest.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw ArchiveContents.Failure("sha256 must be 64 hexadecimal characters")
        }
        let mirror = mirrors.mirror(for: url)
        let repository = mirror.exists ? try Repository.open(at: mirror.path) : try Repository.createBare(at: mirror.path)
        if let existing = try repository.references(matching: Self.referencePrefix + digest).values.first {
            return Imported(commit: existing, repository: repository, skipped: [], downloaded: false)
        }
        let download = try gate.download(url, maximumBytes: Self.maximumDownloadBytes, authorization: authorization)
        let actual = SHA256.hash(data: download.bytes).map { String(format: "%02x", $0) }.joined()
        guard actual == digest else {
            throw ArchiveContents.Failure("the archive's sha256 is \(actual), but the entry requires \(digest); it was not kept (publish the archive the entry names, or correct the entry's sha256)")
        }
        let listing = try ArchiveContents.read(download.bytes)
        let tree = try repository.writeTree(listing.files)
        let commit = try repository.writeDeterministicCommit(tree: tree, message: "Plaza: archive sha256:\(digest)\n")
        try repository.setReference(Self.referencePrefix + digest, to: commit, message: "plaza: archive \(digest.prefix(12))")
        return Imported(commit: commit, repository: repository, skipped: listing.skipped, downloaded: true)
    }

    /// The `Authorization` header the marketplace's credential gives for its own origin, if any.
    static func authorization(for marketplaceURL: String, credentials: (any CredentialProvider)?) -> (origin: String, header: String)? {
        guard let credentials, let origin = OutboundGate.origin(of: marketplaceURL), origin.hasPrefix("http"),
              case .usernamePassword(let username, let password)? = try? credentials.credential(for: marketplaceURL, usernameFromURL: nil)
        else { return nil }
        return (origin, "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
    }
}
