import Foundation
import GRDB
import PlazaCatalog

extension SQLiteStore {
    /// The counts in `status` are recomputed from the stored entries inside the same transaction.
    public func replace(marketplace: String, plugins: [String: [CatalogEntry]], removedPlugins: Set<String>,
                        indexed: [IndexedPlugin], status: SyncStatus) async throws {
        defer { searchCache.invalidate() }
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM marketplace WHERE name = ?", arguments: [marketplace]) == true else {
                throw CatalogError.notFound("no marketplace named '\(marketplace)'")
            }
            for plugin in Set(plugins.keys).union(removedPlugins) {
                try db.execute(sql: "DELETE FROM entry_fts WHERE rowid IN (SELECT id FROM entry WHERE marketplace = ? AND plugin = ?)",
                               arguments: [marketplace, plugin])
                try db.execute(sql: "DELETE FROM entry WHERE marketplace = ? AND plugin = ?", arguments: [marketplace, plugin])
                try db.execute(sql: "DELETE FROM indexed_plugin WHERE marketplace = ? AND name = ?", arguments: [marketplace, plugin])
            }
            for entries in plugins.values {
                for entry in entries { try Self.insert(entry, into: db) }
            }
            for plugin in indexed {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO indexed_plugin (marketplace, name, root, fingerprint, commit_sha) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [marketplace, plugin.name, plugin.root, plugin.entryFingerprint, plugin.commit])
            }
            var status = status
            status.counts = EntryCounts()
            for row in try Row.fetchAll(db, sql: """
                SELECT kind, json_extract(data, '$.status') = 'unavailable' AS unavailable, COUNT(*) AS n
                FROM entry WHERE marketplace = ? GROUP BY kind, unavailable
                """, arguments: [marketplace]) {
                let count: Int = row["n"]
                guard let kind = EntryKind(rawValue: row["kind"]) else { continue }
                status.counts.add(count, for: kind)
                if kind == .plugin, row["unavailable"] == true { status.counts.unavailablePlugins += count }
            }
            try db.execute(sql: "UPDATE marketplace SET status = ? WHERE name = ?", arguments: [try Self.json(status), marketplace])
            guard db.changesCount > 0 else { throw CatalogError.notFound("no marketplace named '\(marketplace)'") }
        }
    }

    static func insert(_ entry: CatalogEntry, into db: Database) throws {
        var stored = entry
        stored.body = ""
        try db.execute(sql: """
            INSERT INTO entry (marketplace, plugin, kind, name, name_key, category, has_mcp, has_hooks, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entry.marketplace, entry.plugin, entry.kind.rawValue, entry.name, entry.name.lowercased(),
                             entry.category, entry.hasMCP, entry.hasHooks, try json(stored)])
        let id = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO entry_fts (rowid, name, tags, description, category, body) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [id, entry.name, entry.tags.joined(separator: " "), entry.description, entry.category ?? "", entry.body])
        for tag in Set(entry.tags.map { $0.lowercased() }) {
            try db.execute(sql: "INSERT OR IGNORE INTO entry_tag (entry_id, tag) VALUES (?, ?)", arguments: [id, tag])
        }
    }

    public func indexedPlugins(marketplace: String) async throws -> [IndexedPlugin] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, root, fingerprint, commit_sha FROM indexed_plugin WHERE marketplace = ? ORDER BY name",
                             arguments: [marketplace]).map {
                IndexedPlugin(name: $0["name"], root: $0["root"], entryFingerprint: $0["fingerprint"], commit: $0["commit_sha"])
            }
        }
    }

    public func entries(marketplace: String, plugin: String) async throws -> [CatalogEntry] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT data FROM entry WHERE marketplace = ? AND plugin = ? ORDER BY kind = 'plugin' DESC, kind, name",
                                arguments: [marketplace, plugin]).map { try Self.decode(CatalogEntry.self, $0) }
        }
    }

    public func entries(marketplace: String, kinds: [EntryKind]) async throws -> [CatalogEntry] {
        guard !kinds.isEmpty else { return [] }
        let sql = "SELECT data FROM entry WHERE marketplace = ? AND kind IN (\(kinds.map { _ in "?" }.joined(separator: ", "))) ORDER BY plugin, kind, name"
        return try await pool.read { db in
            var arguments: StatementArguments = [marketplace]
            arguments += StatementArguments(kinds.map(\.rawValue))
            return try String.fetchAll(db, sql: sql, arguments: arguments).map { try Self.decode(CatalogEntry.self, $0) }
        }
    }

    public func entries(kind: EntryKind, name: String, marketplace: String?, plugin: String?) async throws -> [CatalogEntry] {
        try await pool.read { db in
            var sql = "SELECT data FROM entry WHERE kind = ? AND name_key = ?"
            var arguments: StatementArguments = [kind.rawValue, name.lowercased()]
            if let marketplace { sql += " AND marketplace = ?"; arguments += [marketplace] }
            if let plugin { sql += " AND plugin = ?"; arguments += [plugin] }
            return try String.fetchAll(db, sql: sql + " ORDER BY marketplace, plugin", arguments: arguments).map { try Self.decode(CatalogEntry.self, $0) }
        }
    }

    public func body(of entry: CatalogEntry) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT f.body FROM entry e JOIN entry_fts f ON f.rowid = e.id
                WHERE e.marketplace = ? AND e.plugin = ? AND e.kind = ? AND e.name = ? LIMIT 1
                """, arguments: [entry.marketplace, entry.plugin, entry.kind.rawValue, entry.name])
        }
    }

    public func count() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry") ?? 0 }
    }
}
