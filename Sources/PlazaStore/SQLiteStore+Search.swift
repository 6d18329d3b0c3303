import Foundation
import GRDB
import PlazaCatalog

extension SQLiteStore {
    /// Ranked full-text search (FTS5 BM25 with field weights, exact-name and name-prefix boosts,
    /// prefix matching on every term), filters, facet counts over all matches, and keyset paging.
    /// When a term matches nothing, the closest indexed term (one or two edits away) replaces it.
    public func search(_ query: SearchQuery) async throws -> SearchPage {
        try await pool.read { db in
            let terms = SearchText.terms(query.text)
            var page = try Self.search(query, terms: terms, in: db)
            if page.total == 0, !terms.isEmpty {
                let corrections = try SearchText.corrections(for: terms, in: db)
                if !corrections.isEmpty {
                    page = try Self.search(query, terms: terms.map { corrections[$0] ?? $0 }, in: db)
                    page.corrections = corrections
                }
            }
            return page
        }
    }

    private static func search(_ query: SearchQuery, terms: [String], in db: Database) throws -> SearchPage {
        var filters: [String] = []
        var arguments: StatementArguments = []
        let scoreExpression: String
        let source: String
        if terms.isEmpty {
            source = "entry e"
            scoreExpression = "0.0"
        } else {
            source = "entry_fts JOIN entry e ON e.id = entry_fts.rowid"
            let key = query.text.trimmingCharacters(in: .whitespaces).lowercased()
            let slug = terms.joined(separator: "-")
            scoreExpression = """
                bm25(entry_fts, \(Schema.bm25Weights))
                  + CASE WHEN e.name_key IN (?, ?) THEN -1000.0 WHEN e.name_key LIKE ? ESCAPE '\\' THEN -100.0 ELSE 0.0 END
                """
            arguments += [key, slug, SearchText.likePrefix(slug)]
            filters.append("entry_fts MATCH ?")
            arguments += [SearchText.matchExpression(terms)]
        }
        if !query.kinds.isEmpty {
            filters.append("e.kind IN (\(query.kinds.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(query.kinds.map(\.rawValue))
        }
        if let marketplace = query.marketplace { filters.append("e.marketplace = ?"); arguments += [marketplace] }
        if let plugin = query.plugin { filters.append("e.plugin = ?"); arguments += [plugin] }
        if let category = query.category { filters.append("e.category = ? COLLATE NOCASE"); arguments += [category] }
        if let tag = query.tag { filters.append("EXISTS (SELECT 1 FROM entry_tag t WHERE t.entry_id = e.id AND t.tag = ?)"); arguments += [tag] }
        if let hasMCP = query.hasMCP { filters.append("e.has_mcp = ?"); arguments += [hasMCP] }
        if let hasHooks = query.hasHooks { filters.append("e.has_hooks = ?"); arguments += [hasHooks] }
        let whereClause = filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND ")
        let matches = "SELECT e.id AS id, e.kind AS kind, e.marketplace AS marketplace, e.category AS category, e.data AS data, \(scoreExpression) AS score FROM \(source) \(whereClause)"

        var facets = SearchFacets()
        var total = 0
        for row in try Row.fetchAll(db, sql: "SELECT kind, marketplace, category, COUNT(*) AS n FROM (\(matches)) GROUP BY kind, marketplace, category",
                                    arguments: arguments) {
            let count: Int = row["n"]
            total += count
            facets.kind[row["kind"], default: 0] += count
            facets.marketplace[row["marketplace"], default: 0] += count
            if let category: String = row["category"] { facets.category[category, default: 0] += count }
        }

        var pageSQL = "SELECT id, data, score FROM (\(matches))"
        var pageArguments = arguments
        if let cursor = query.cursor {
            pageSQL += " WHERE score > ? OR (score = ? AND id > ?)"
            pageArguments += [cursor.score, cursor.score, cursor.id]
        }
        pageSQL += " ORDER BY score, id LIMIT ?"
        pageArguments += [query.limit + 1]
        var hits = try Row.fetchAll(db, sql: pageSQL, arguments: pageArguments).map { row in
            SearchHit(id: row["id"], score: row["score"], entry: try decode(CatalogEntry.self, row["data"]))
        }
        var next: SearchCursor?
        if hits.count > query.limit {
            hits.removeLast()
            next = hits.last.map { SearchCursor(score: $0.score, id: $0.id) }
        }
        return SearchPage(hits: hits, total: total, facets: facets, nextCursor: next)
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
