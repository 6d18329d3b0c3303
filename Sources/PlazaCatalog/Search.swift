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

/// Where the next page starts, as the store that answered the search wrote it.
///
/// Keyset paging, so a page boundary never repeats or skips an entry while results are read. The
/// position inside is the store's own (its rank and row identity), versioned by the store, and
/// opaque to everyone else: a store refuses a cursor it did not issue with
/// ``CatalogError/invalid(_:)``, and ranking details never become part of the API.
public struct SearchCursor: Sendable, Hashable {
    /// URL-safe base64 without padding: what the API hands out and takes back.
    public let encoded: String

    /// Nil unless `text` is 1 to 256 URL-safe base64 characters (the store checks what they hold).
    public init?(encoded text: String) {
        guard (1...256).contains(text.utf8.count),
              text.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) else { return nil }
        encoded = text
    }

    /// A cursor holding a store's encoding of a position.
    public init(token: Data) {
        encoded = token.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The store's encoding of the position; nil when `encoded` is not base64.
    public var token: Data? {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

private extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}

/// One search hit: the entry and its rank score (lower is better; comparable only within one
/// response, and each store computes it its own way).
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
