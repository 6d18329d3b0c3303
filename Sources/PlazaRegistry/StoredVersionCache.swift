import Foundation

/// Recently read server versions by id, valid for one revision.
///
/// Stores read a page's ids and revisions, and decode only the rows this cache does not hold at
/// that revision: a list page then costs one range read, not a hundred JSON decodes. Every change
/// of a row bumps its revision, so an entry is never stale and needs no invalidation, whichever
/// process made the change. Oldest entries are dropped first once `capacity` is reached.
public final class StoredVersionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var versions: [Int64: StoredServerVersion] = [:]
    private var order: [Int64] = []
    private var start = 0
    private let capacity: Int

    public init(capacity: Int = 20_000) { self.capacity = max(capacity, 1) }

    /// The version with this id, if held at exactly `revision`.
    public func version(id: Int64, revision: Int64) -> StoredServerVersion? {
        lock.lock(); defer { lock.unlock() }
        guard let version = versions[id], version.revision == revision else { return nil }
        return version
    }

    /// Remembers `version` (replacing an older revision of the same id).
    public func store(_ version: StoredServerVersion) {
        lock.lock(); defer { lock.unlock() }
        if versions.updateValue(version, forKey: version.id) == nil {
            order.append(version.id)
            if order.count - start > capacity {
                versions[order[start]] = nil
                start += 1
                if start > capacity { order.removeFirst(start); start = 0 }
            }
        }
    }
}
