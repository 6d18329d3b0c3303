import Foundation

/// A catalog search: free text plus filters, paged by an opaque cursor.
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    public var kinds: [EntryKind]
    public var marketplace: String?
    public var plugin: String?
    public var category: String?
    public var tag: String?
    public var hasMCP: Bool?
    public var hasHooks: Bool?
    public var limit: Int
    public var cursor: SearchCursor?
    /// The marketplaces the caller may see; nil: all of them. Results, totals, facets and
    /// corrections never reach outside this set.
    public var visibleMarketplaces: [String]?

    public static let maximumLimit = 100

    public init(text: String = "", kinds: [EntryKind] = [], marketplace: String? = nil, plugin: String? = nil,
                category: String? = nil, tag: String? = nil, hasMCP: Bool? = nil, hasHooks: Bool? = nil,
                limit: Int = 20, cursor: SearchCursor? = nil, visibleMarketplaces: [String]? = nil) {
        self.visibleMarketplaces = visibleMarketplaces
        self.text = text
        self.kinds = kinds
        self.marketplace = marketplace
        self.plugin = plugin
        self.category = category
        self.tag = tag
        self.hasMCP = hasMCP
        self.hasHooks = hasHooks
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.cursor = cursor
    }
}

/// Where the next page starts: the sort key and id of the last result returned.
///
/// Keyset paging, so a page boundary never repeats or skips an entry while results are read.
public struct SearchCursor: Sendable, Equatable, Codable {
    /// Results come in tiers (0: name, tags, description or category matched; 1: body only).
    public let tier: Int
    public let score: Double
    public let id: Int64

    public init(tier: Int = 0, score: Double, id: Int64) {
        self.tier = tier
        self.score = score
        self.id = id
    }

    /// URL-safe base64 of the JSON form.
    public var encoded: String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Nil when the text is not a cursor Plaza made.
    public init?(encoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(SearchCursor.self, from: data) else { return nil }
        self = cursor
    }
}

/// One search hit: the entry and its rank score (lower is better).
public struct SearchHit: Sendable, Equatable {
    public var id: Int64
    public var tier: Int
    public var score: Double
    public var entry: CatalogEntry

    public init(id: Int64, tier: Int = 0, score: Double, entry: CatalogEntry) {
        self.id = id
        self.tier = tier
        self.score = score
        self.entry = entry
    }
}

/// Counts of all matches (not just this page) by facet value.
public struct SearchFacets: Codable, Sendable, Equatable {
    public var kind: [String: Int] = [:]
    public var marketplace: [String: Int] = [:]
    public var category: [String: Int] = [:]

    public init() {}
}

/// A page of search results.
public struct SearchPage: Sendable {
    public var hits: [SearchHit]
    /// Number of matches, counted up to a cap (see ``totalIsLowerBound``).
    public var total: Int
    /// True when counting stopped at the cap: there are at least ``total`` matches, and facets
    /// count those first matches only.
    public var totalIsLowerBound: Bool
    public var facets: SearchFacets
    public var nextCursor: SearchCursor?
    /// Query terms that matched nothing and were replaced by a close vocabulary term.
    public var corrections: [String: String]

    public init(hits: [SearchHit], total: Int, totalIsLowerBound: Bool = false, facets: SearchFacets, nextCursor: SearchCursor?,
                corrections: [String: String] = [:]) {
        self.hits = hits
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
        self.facets = facets
        self.nextCursor = nextCursor
        self.corrections = corrections
    }
}
