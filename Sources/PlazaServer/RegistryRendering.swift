import Foundation
import PlazaCatalog
import PlazaRegistry

/// Renders stored server versions as the official registry API's JSON:
/// `{"server": <server.json as accepted>, "_meta": {<Plaza's block>, <the official block>}}`.
///
/// Rendered items are cached by `(id, revision)`: every change of a version bumps its revision, so
/// an entry never goes stale and a list page is mostly concatenation. One rendering serves one store
/// (ids are the store's).
struct RegistryRendering: Sendable {
    let items = RegistryItemCache()

    /// One list item (what `GET …/versions/{version}` answers).
    func item(_ version: StoredServerVersion) -> String {
        if let cached = items.item(id: version.id, revision: version.revision) { return cached }
        let rendered = Self.render(version)
        items.store(rendered, id: version.id, revision: version.revision)
        return rendered
    }

    /// `{"servers":[…],"metadata":{"count":N[,"nextCursor":"…"]}}`.
    func list(_ versions: [StoredServerVersion], next: RegistryCursor? = nil) -> String {
        var metadata = "\"count\":\(versions.count)"
        if let next { metadata += ",\"nextCursor\":\"\(next.encoded)\"" }
        return "{\"servers\":[\(versions.map(item).joined(separator: ","))],\"metadata\":{\(metadata)}}"
    }

    /// The item without the cache.
    static func render(_ version: StoredServerVersion) -> String {
        let plaza = plazaMeta(governance: version.governance, source: version.source, teams: version.visibility.teams.sorted(),
                              isPublic: version.visibility.isPublic)
        let meta = self.meta(status: version.status, statusMessage: version.statusMessage, statusChangedAt: version.statusChangedAt,
                             publishedAt: version.publishedAt, updatedAt: version.updatedAt, isLatest: version.isLatest, plazaMeta: plaza)
        return "{\"server\":\(version.serverJSON),\"_meta\":\(meta)}"
    }

    /// Plaza's part of `_meta`: governance, where the entry came from, and who may see it.
    static func plazaMeta(governance: Governance, source: RegistrySource, teams: [String], isPublic: Bool) -> String {
        var object: [String: Any] = ["lifecycle": governance.lifecycle.rawValue, "owners": governance.owners, "contacts": governance.contacts,
                                     "visibility": ["teams": teams, "public": isPublic]]
        object["metadata"] = governance.metadata.mapValues { value -> Any in
            switch value {
            case .string(let text): return text
            case .number(let number): return number
            case .bool(let flag): return flag
            }
        }
        var sourceObject: [String: Any] = ["kind": source.kind.rawValue]
        sourceObject["marketplace"] = source.marketplace
        sourceObject["plugin"] = source.plugin
        sourceObject["commit"] = source.commit
        sourceObject["origin"] = source.origin
        object["source"] = sourceObject
        return RegistryJSON.serialize(object)
    }

    /// The whole response `_meta`: the official block and Plaza's.
    static func meta(status: ServerStatus, statusMessage: String?, statusChangedAt: Date, publishedAt: Date, updatedAt: Date,
                     isLatest: Bool, plazaMeta: String) -> String {
        var official: [String: Any] = ["status": status.rawValue, "statusChangedAt": RegistryJSON.timestamp(statusChangedAt),
                                       "publishedAt": RegistryJSON.timestamp(publishedAt), "updatedAt": RegistryJSON.timestamp(updatedAt),
                                       "isLatest": isLatest]
        official["statusMessage"] = statusMessage
        return "{\"\(GovernanceCheck.metaKey)\":\(plazaMeta),\"\(RegistryJSON.officialKey)\":\(RegistryJSON.serialize(official))}"
    }
}

/// Rendered registry items by `(id, revision)`, oldest dropped first. Needs no invalidation, even
/// across replicas: a changed version has a new revision.
final class RegistryItemCache: @unchecked Sendable {
    private struct Key: Hashable {
        let id: Int64
        let revision: Int64
    }

    private let lock = NSLock()
    private var items: [Key: String] = [:]
    private var order: [Key] = []
    private var start = 0
    private let capacity: Int

    init(capacity: Int = 20_000) { self.capacity = max(capacity, 1) }

    func item(id: Int64, revision: Int64) -> String? {
        lock.lock(); defer { lock.unlock() }
        return items[Key(id: id, revision: revision)]
    }

    func store(_ item: String, id: Int64, revision: Int64) {
        let key = Key(id: id, revision: revision)
        lock.lock(); defer { lock.unlock() }
        guard items.updateValue(item, forKey: key) == nil else { return }
        order.append(key)
        if order.count - start > capacity {
            items[order[start]] = nil
            start += 1
            if start > capacity { order.removeFirst(start); start = 0 }
        }
    }
}
