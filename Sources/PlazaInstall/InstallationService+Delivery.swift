import Foundation
import Logging
import PlazaCatalog
import PlazaGit
import PlazaSync

extension InstallationService {
    /// The pin's delivered bundle (see ``Delivery``), built from the mirror at the pinned commit (cached).
    public func bundle(for pin: Pin) async throws -> Bundle {
        let key = BundleCache.key(pin)
        if let cached = bundles.cached(key) { return cached }
        // A whole plugin without .claude-plugin/plugin.json gets one made from its marketplace
        // entry, read at the commit the pin was taken from.
        let marketplaceRepository = pin.skill == nil ? (try await store.marketplace(named: pin.marketplace))?.registration.url : nil
        let reader = self.reader, bundles = self.bundles
        return try await GitWork.run {
            try bundles.bundle(key) {
                let content = try reader.content(of: pin.repository, at: try Self.objectID(pin.commit), path: pin.path)
                var entry: Data?
                if let marketplaceRepository, !content.files.contains(where: { $0.path == Delivery.claudeManifest }) {
                    entry = try? reader.entryManifest(named: pin.plugin, marketplaceRepository: marketplaceRepository,
                                                      marketplaceCommit: try Self.objectID(pin.marketplaceCommit))
                }
                return try BundleCache.build(pin, content: content, entryManifest: entry)
            }
        }
    }

    /// Brings every pin's recorded bundle sha256 up to date with the delivery format (pins recorded
    /// by an older Plaza point at bundles it no longer builds). Returns how many pins changed.
    @discardableResult
    public func refreshDeliveries(logger: Logger? = nil) async throws -> Int {
        var changed = 0
        for pin in try await store.pins(targets: nil) {
            do {
                let sha256 = try await bundle(for: pin).sha256
                guard sha256 != pin.bundleSHA256 else { continue }
                try await store.setBundleSHA256(sha256, for: pin.key, digest: pin.digest)
                changed += 1
            } catch {
                logger?.warning("pin bundle could not be rebuilt", metadata: ["pin": "\(Self.describe(pin.key))", "error": "\(error)"])
            }
        }
        if changed > 0 { logger?.info("pins updated to the current bundle format", metadata: ["pins": "\(changed)"]) }
        return changed
    }
}
