import Crypto
import Foundation
import PlazaCatalog

/// A built bundle: the zip's bytes and their SHA-256.
public struct Bundle: Sendable {
    public let bytes: [UInt8]
    public let sha256: String
    /// The content digest of the files inside (see `PluginContent.digest`).
    public let contentDigest: String
}

/// Builds bundles and keeps recent ones in memory, keyed by everything their bytes depend on
/// (repository, commits, path, delivered version): pinned content never changes, so a cached
/// bundle never goes stale.
public final class BundleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var bundles: [String: Bundle] = [:]
    private var order: [String] = []
    private var bytes = 0
    private let capacityBytes: Int

    public init(capacityBytes: Int = 128 << 20) {
        self.capacityBytes = capacityBytes
    }

    /// Cache key of a delivered bundle: everything its bytes depend on.
    public static func key(_ pin: Pin) -> String {
        [pin.repository, pin.commit, pin.marketplaceCommit, pin.path, pin.skill ?? "", pin.plugin, Delivery.version(of: pin)].joined(separator: "\u{1F}")
    }

    public func cached(_ key: String) -> Bundle? {
        lock.lock(); defer { lock.unlock() }
        return bundles[key]
    }

    /// The bundle under `key`, from the cache or made now by `make`.
    public func bundle(_ key: String, make: () throws -> Bundle) throws -> Bundle {
        if let bundle = cached(key) { return bundle }
        let bundle = try make()
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

    /// The delivered bundle of `pin` (see ``Delivery``): its files, stamped, in a deterministic zip.
    public static func build(_ pin: Pin, content: PluginContent, entryManifest: Data?) throws -> Bundle {
        let files = try Delivery.files(for: pin, content: content, entryManifest: entryManifest)
        let zip = try ZipArchive.build(files.map { ZipArchive.Entry(path: $0.path, bytes: $0.bytes, executable: $0.executable) })
        return Bundle(bytes: zip, sha256: PluginContent.hex(SHA256.hash(data: zip)), contentDigest: content.digest)
    }
}
