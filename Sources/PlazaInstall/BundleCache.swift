import Crypto
import Foundation

/// A built bundle: the zip's bytes and their SHA-256.
public struct Bundle: Sendable {
    public let bytes: [UInt8]
    public let sha256: String
    /// The content digest of the files inside (see `PluginContent.digest`).
    public let contentDigest: String
}

/// Builds bundles and keeps recent ones in memory, keyed by repository, commit and path: pinned
/// content never changes, so a cached bundle never goes stale.
public final class BundleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var bundles: [String: Bundle] = [:]
    private var order: [String] = []
    private var bytes = 0
    private let capacityBytes: Int

    public init(capacityBytes: Int = 128 << 20) {
        self.capacityBytes = capacityBytes
    }

    public static func key(repository: String, commit: String, path: String, skill: String?) -> String {
        [repository, commit, path, skill ?? ""].joined(separator: "\u{1F}")
    }

    public func cached(_ key: String) -> Bundle? {
        lock.lock(); defer { lock.unlock() }
        return bundles[key]
    }

    /// The bundle for `content`, from the cache or built now. Files of a single skill are placed
    /// under `skills/<skill>/`, so every bundle is a valid plugin layout.
    public func bundle(_ key: String, content: PluginContent, skill: String?) throws -> Bundle {
        if let bundle = cached(key) { return bundle }
        let bundle = try Self.build(content, skill: skill)
        lock.lock(); defer { lock.unlock() }
        if bundles.updateValue(bundle, forKey: key) == nil {
            order.append(key)
            bytes += bundle.bytes.count
        }
        while bytes > capacityBytes, order.count > 1 {
            let evicted = order.removeFirst()
            bytes -= bundles.removeValue(forKey: evicted)?.bytes.count ?? 0
        }
        return bundle
    }

    public static func build(_ content: PluginContent, skill: String?) throws -> Bundle {
        let prefix = skill.map { "skills/\($0)/" } ?? ""
        let zip = try ZipArchive.build(content.files.map { ZipArchive.Entry(path: prefix + $0.path, bytes: $0.bytes, executable: $0.executable) })
        return Bundle(bytes: zip, sha256: PluginContent.hex(SHA256.hash(data: zip)), contentDigest: content.digest)
    }
}
