import Foundation
import GRDB
import PlazaCatalog

extension SQLiteStore {
    /// Ranked full-text search (FTS5 BM25 with field weights, exact-name and name-prefix boosts,
    /// prefix matching on every term), filters, facet counts over all matches, and keyset paging.
    /// When a term matches nothing, the closest indexed term (one or two edits away) replaces it.
    public func search(_ query: SearchQuery) async throws -> SearchPage {
        try await search(query, cached: true)
    }

    /// Searches, answering from the cache of recent searches unless `cached` is false. The cache
    /// is emptied by every write to the catalog, so it never serves a stale page.
    public func search(_ query: SearchQuery, cached: Bool) async throws -> SearchPage {
        if cached, let page = searchCache.page(for: query) { return page }
        let generation = searchCache.currentGeneration
        let page = try await uncachedSearch(query)
        if cached { searchCache.store(page, for: query, computedAt: generation) }
        return page
    }

    private func uncachedSearch(_ query: SearchQuery) async throws -> SearchPage {
        let after = try query.cursor.map(SQLitePosition.init(cursor:))
        return try await pool.read { db in
            let terms = SearchText.terms(query.text)
            var page = try Self.search(query, after: after, terms: terms, in: db)
            if page.total == 0, !terms.isEmpty {
                let corrections = try SearchText.corrections(for: terms, in: db)
                if !corrections.isEmpty {
                    let corrected = try Self.search(query, after: after, terms: terms.map { corrections[$0] ?? $0 }, in: db)
                    // The vocabulary spans every marketplace: a correction is offered only when it
                    // finds something the caller may see, so it never hints at hidden entries.
                    if corrected.total > 0 || query.visibleMarketplaces == nil {
                        page = corrected
                        page.corrections = corrections
                    }
                }
            }
            return page
        }
    }

    /// Facet counts and the total stop at this many matches, so a very broad query costs a bounded
    /// amount of work; the page says when its total is a lower bound.
    static let countingCap = 5_000

    private static func search(_ query: SearchQuery, after position: SQLitePosition?, terms: [String], in db: Database) throws -> SearchPage {
        // Filters read the entry table through a covering index; the FTS table holds only text.
        // CROSS JOIN keeps the full-text match as the outer loop: SQLite must never probe the
        // FTS index once per entry row.
        var filters: [String] = []
        var filterArguments: StatementArguments = []
        if !query.kinds.isEmpty {
            filters.append("e.kind IN (\(query.kinds.map { _ in "?" }.joined(separator: ", ")))")
            filterArguments += StatementArguments(query.kinds.map(\.rawValue))
        }
        if let visible = query.visibleMarketplaces {
            filters.append(visible.isEmpty ? "0" : "e.marketplace IN (\(visible.map { _ in "?" }.joined(separator: ", ")))")
            filterArguments += StatementArguments(visible)
        }
        if let marketplace = query.marketplace { filters.append("e.marketplace = ?"); filterArguments += [marketplace] }
        if let plugin = query.plugin { filters.append("e.plugin = ?"); filterArguments += [plugin] }
        if let category = query.category { filters.append("e.category = ? COLLATE NOCASE"); filterArguments += [category] }
        if let tag = query.tag { filters.append("e.id IN (SELECT entry_id FROM entry_tag WHERE tag = ?)"); filterArguments += [tag] }
        if let hasMCP = query.hasMCP { filters.append("e.has_mcp = ?"); filterArguments += [hasMCP] }
        if let hasHooks = query.hasHooks { filters.append("e.has_hooks = ?"); filterArguments += [hasHooks] }

        let match = SearchText.matchExpression(terms)
        let source = terms.isEmpty ? "entry e" : "entry_fts CROSS JOIN entry e ON e.id = entry_fts.rowid"
        let allFilters = (terms.isEmpty ? [] : ["entry_fts MATCH ?"]) + filters
        let allArguments: StatementArguments = (terms.isEmpty ? [] : [match]) + filterArguments
        let whereClause = allFilters.isEmpty ? "" : "WHERE " + allFilters.joined(separator: " AND ")

        var facets = SearchFacets()
        var total = 0
        let counted = try Row.fetchCursor(db, sql: "SELECT e.kind, e.marketplace, e.category FROM \(source) \(whereClause) LIMIT ?",
                                          arguments: allArguments + [countingCap + 1])
        while let row = try counted.next() {
            total += 1
            if total > countingCap { break }
            facets.kind[row[0], default: 0] += 1
            facets.marketplace[row[1], default: 0] += 1
            if let category: String = row[2], !category.isEmpty { facets.category[category, default: 0] += 1 }
        }
        let lowerBound = total > countingCap
        total = min(total, countingCap)

        var ranked: [(id: Int64, tier: Int, score: Double)] = []
        if terms.isEmpty {
            var sql = "SELECT e.id FROM entry e \(whereClause)"
            var arguments = allArguments
            if let position {
                sql += (whereClause.isEmpty ? " WHERE" : " AND") + " e.id > ?"
                arguments += [position.id]
            }
            ranked = try Int64.fetchAll(db, sql: sql + " ORDER BY e.id LIMIT ?", arguments: arguments + [query.limit + 1]).map { ($0, 0, 0) }
        } else {
            // Tier 0: name, tags, description or category matched. Tier 1: the body only. Tier 1 is
            // ranked only when tier 0 cannot fill the page, so common words stay cheap.
            let head = "\(Schema.headColumns): (\(match))"
            let tiers = [head, "(\(match)) NOT (\(head))"]
            let startTier = position?.tier ?? 0
            for tier in startTier..<tiers.count where ranked.count <= query.limit {
                ranked += try rank(tiers[tier], tier: tier, terms: terms, text: query.text, filters: filters, filterArguments: filterArguments,
                                   after: tier == startTier ? position : nil, limit: query.limit + 1 - ranked.count, in: db)
            }
        }
        var next: SearchCursor?
        if ranked.count > query.limit {
            ranked.removeLast(ranked.count - query.limit)
            next = ranked.last.map { SQLitePosition(tier: $0.tier, score: $0.score, id: $0.id).cursor }
        }
        var data: [Int64: String] = [:]
        if !ranked.isEmpty {
            let ids = ranked.map(\.id)
            for row in try Row.fetchAll(db, sql: "SELECT id, data FROM entry WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                                        arguments: StatementArguments(ids)) {
                data[row["id"]] = row["data"]
            }
        }
        let hits = try ranked.compactMap { item -> SearchHit? in
            guard let text = data[item.id] else { return nil }
            return SearchHit(id: item.id, tier: item.tier, score: item.score, entry: try decode(CatalogEntry.self, text))
        }
        return SearchPage(hits: hits, total: total, totalIsLowerBound: lowerBound, facets: facets, nextCursor: next)
    }

    /// One tier's matches in rank order (BM25 with field weights, exact-name and name-prefix boosts).
    private static func rank(_ match: String, tier: Int, terms: [String], text: String, filters: [String], filterArguments: StatementArguments,
                             after cursor: SQLitePosition?, limit: Int, in db: Database) throws -> [(id: Int64, tier: Int, score: Double)] {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        let slug = terms.joined(separator: "-")
        let conditions = (["entry_fts MATCH ?"] + filters).joined(separator: " AND ")
        var sql = """
            SELECT id, score FROM (
              SELECT e.id AS id, bm25(entry_fts, \(Schema.bm25Weights))
                + CASE WHEN e.name_key IN (?, ?) THEN -1000.0 WHEN e.name_key LIKE ? ESCAPE '\\' THEN -100.0 ELSE 0.0 END AS score
              FROM entry_fts CROSS JOIN entry e ON e.id = entry_fts.rowid WHERE \(conditions))
            """
        var arguments: StatementArguments = [key, slug, SearchText.likePrefix(slug), match] + filterArguments
        if let cursor {
            sql += " WHERE score > ? OR (score = ? AND id > ?)"
            arguments += [cursor.score, cursor.score, cursor.id]
        }
        sql += " ORDER BY score, id LIMIT ?"
        arguments += [limit]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { (id: $0[0] as Int64, tier: tier, score: $0[1] as Double) }
    }
}

/// Where a page of SQLite search results ends: the tier, the exact rank score and the entry id of
/// its last hit. Its token is `s1:<tier>:<score bits, hex>:<id>`: the score's bit pattern round-trips
/// exactly, so the keyset predicate compares the same values the ranking produced, and the `s1:`
/// prefix makes cursors of another store (or an older encoding) fail loudly instead of misplacing a page.
struct SQLitePosition: Equatable {
    let tier: Int
    let score: Double
    let id: Int64

    init(tier: Int, score: Double, id: Int64) {
        self.tier = tier
        self.score = score
        self.id = id
    }

    /// Throws ``CatalogError/invalid(_:)`` unless this store issued `cursor`.
    init(cursor: SearchCursor) throws {
        let parts = cursor.token.map { String(decoding: $0, as: UTF8.self) }?.split(separator: ":", omittingEmptySubsequences: false) ?? []
        guard parts.count == 4, parts[0] == "s1", let tier = Int(parts[1]), (0...1).contains(tier),
              let bits = UInt64(parts[2], radix: 16), let id = Int64(parts[3]) else {
            throw CatalogError.invalid("cursor is not one this server issued")
        }
        self.init(tier: tier, score: Double(bitPattern: bits), id: id)
    }

    var cursor: SearchCursor {
        SearchCursor(token: Data("s1:\(tier):\(String(score.bitPattern, radix: 16)):\(id)".utf8))
    }
}

/// Turning what a user typed into FTS5 syntax, safely.
enum SearchText {
    /// Lowercased alphanumeric terms; everything else separates terms (so no FTS5 syntax gets through).
    static func terms(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init).filter { !$0.isEmpty }.prefix(16).map { $0 }
    }

    /// Every term must match, each as a prefix (type-ahead): `"inci"* "inv"*`.
    static func matchExpression(_ terms: [String]) -> String {
        terms.map { "\"\($0)\"*" }.joined(separator: " ")
    }

    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// For each term (4+ letters) that matches no indexed term as a prefix, the most frequent indexed
    /// term within one edit (two for 8+ letters) with the same first letter.
    static func corrections(for terms: [String], in db: Database) throws -> [String: String] {
        var corrections: [String: String] = [:]
        for term in terms where term.count >= 4 {
            let prefixHits = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry_vocab WHERE term >= ? AND term < ?",
                                              arguments: [term, term + "\u{10FFFF}"]) ?? 0
            guard prefixHits == 0, let first = term.first else { continue }
            let allowed = term.count >= 8 ? 2 : 1
            let candidates = try Row.fetchAll(db, sql: """
                SELECT term, doc FROM entry_vocab WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?
                """, arguments: [String(first), String(first) + "\u{10FFFF}", term.count - allowed, term.count + allowed])
            var best: (term: String, docs: Int, distance: Int)?
            for row in candidates {
                let candidate: String = row["term"]
                let distance = EditDistance.between(term, candidate, limit: allowed)
                guard distance <= allowed else { continue }
                let docs: Int = row["doc"]
                if best == nil || distance < best!.distance || (distance == best!.distance && docs > best!.docs) {
                    best = (candidate, docs, distance)
                }
            }
            if let best { corrections[term] = best.term }
        }
        return corrections
    }
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), cut off at `limit`.
enum EditDistance {
    static func between(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a), b = Array(b)
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], previous2[j - 2] + 1) }
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
