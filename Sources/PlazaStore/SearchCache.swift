import Foundation
import PlazaCatalog

/// Recently answered searches, valid until the catalog changes.
///
/// The catalog only changes when a sync, registration or removal commits, so a search answered
/// once can be answered again from memory until then. Every write bumps the generation, which
/// empties the cache.
final class SearchCache: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private var pages: [String: SearchPage] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int = 2_000) { self.capacity = capacity }

    func page(for query: SearchQuery) -> SearchPage? {
        lock.lock(); defer { lock.unlock() }
        return pages[Self.key(query)]
    }

    /// Stores a page computed while the cache was at `generation` (dropped if a write came since).
    func store(_ page: SearchPage, for query: SearchQuery, computedAt generation: Int) {
        lock.lock(); defer { lock.unlock() }
        guard generation == self.generation else { return }
        let key = Self.key(query)
        if pages.updateValue(page, forKey: key) == nil {
            order.append(key)
            if order.count > capacity { pages[order.removeFirst()] = nil }
        }
    }

    var currentGeneration: Int {
        lock.lock(); defer { lock.unlock() }
        return generation
    }

    /// Called after every write to the catalog.
    func invalidate() {
        lock.lock(); defer { lock.unlock() }
        generation += 1
        pages.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
    }

    private static func key(_ query: SearchQuery) -> String {
        [query.text, query.kinds.map(\.rawValue).joined(separator: ","), query.marketplace ?? "", query.plugin ?? "",
         query.category ?? "", query.tag ?? "", query.hasMCP.map { "\($0)" } ?? "", query.hasHooks.map { "\($0)" } ?? "",
         "\(query.limit)", query.cursor?.encoded ?? "",
         query.visibleMarketplaces.map { "[" + $0.sorted().joined(separator: ",") + "]" } ?? "*"].joined(separator: "\u{1F}")
    }
}
