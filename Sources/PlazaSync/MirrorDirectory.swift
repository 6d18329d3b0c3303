import Crypto
import Foundation
import PlazaGit
import PlazaOutbound

/// Where mirrors live: one bare repository per remote URL under `<data>/mirrors/`.
public struct MirrorDirectory: Sendable {
    public let root: String

    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// The mirror of `url`: a readable name plus a hash, so two URLs never share a mirror.
    public func mirror(for url: String) -> Mirror {
        let digest = SHA256.hash(data: Data(url.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        let tail = url.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? "repo"
        let readable = tail.replacingOccurrences(of: ".git", with: "").filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.prefix(40)
        return Mirror(path: root + "/\(readable)-\(digest).git")
    }
}

extension OutboundGate.CheckedFetch {
    /// What libgit2 fetches: the checked URL, through the egress proxy, following no redirect.
    func remote(credentials: (any CredentialProvider)?) -> RemoteSpec {
        RemoteSpec(url: url, credentials: credentials, proxy: proxyURL.map { .url($0) } ?? .none, followRedirects: false)
    }
}
