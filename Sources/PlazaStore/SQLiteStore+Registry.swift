import Foundation
import GRDB
import PlazaCatalog
import PlazaRegistry

/// Registry writes. Every UPDATE of `mcp_version` bumps `revision`, which render caches key on.
extension SQLiteStore: RegistryRepository {
    public func publish(_ record: ServerVersionRecord, audit: AuditEvent?) async throws -> StoredServerVersion {
        try await pool.write { db in
            let id = try Self.insert(record, in: db)
            if let audit { try Self.insert(audit, in: db) }
            return try Self.versions(ids: [id], in: db)[0]
        }
    }

    public func publishAll(_ records: [ServerVersionRecord]) async throws -> Int {
        try await pool.write { db in
            var added = 0
            for record in records {
                do {
                    try Self.insert(record, in: db)
                    added += 1
                } catch is RegistryStoreError {
                    continue
                }
            }
            return added
        }
    }

    public func setStatus(name: String, version: String?, status: ServerStatus, message: String?, at date: Date) async throws -> [StoredServerVersion] {
        try await pool.write { db in
            var sql = "SELECT id FROM mcp_version WHERE name = ?"
            var arguments: StatementArguments = [name]
            if let version { sql += " AND version = ?"; arguments += [version] }
            let ids = try Int64.fetchAll(db, sql: sql, arguments: arguments)
            guard !ids.isEmpty else {
                throw RegistryStoreError.notFound(version.map { "no version \($0) of server \(name)" } ?? "no server named \(name)")
            }
            for id in ids {
                try db.execute(sql: """
                    UPDATE mcp_version SET status = ?, status_message = ?, status_changed_ts = ?, updated_ts = ?, revision = revision + 1 WHERE id = ?
                    """, arguments: [status.rawValue, message, date.timeIntervalSince1970, date.timeIntervalSince1970, id])
            }
            try Self.recomputeLatest(name, in: db)
            return try Self.versions(ids: ids, in: db)
        }
    }

    public func setGovernance(name: String, version: String, _ governance: Governance, at date: Date) async throws -> StoredServerVersion {
        try await pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM mcp_version WHERE name = ? AND version = ?", arguments: [name, version]) else {
                throw RegistryStoreError.notFound("no version \(version) of server \(name)")
            }
            try db.execute(sql: """
                UPDATE mcp_version SET governance = ?, lifecycle = ?, owners = ?, updated_ts = ?, revision = revision + 1 WHERE id = ?
                """, arguments: [try Self.json(governance), governance.lifecycle.rawValue, governance.owners.joined(separator: "\n"),
                                 date.timeIntervalSince1970, id])
            try Self.refreshSearch(id, in: db)
            return try Self.versions(ids: [id], in: db)[0]
        }
    }

    public func retirePluginServers(marketplace: String, keeping keep: Set<String>) async throws {
        try await pool.write { db in
            let names = try String.fetchAll(db, sql: "SELECT DISTINCT name FROM mcp_version WHERE source_kind = 'plugin' AND source_marketplace = ? AND status != 'deleted'",
                                            arguments: [marketplace])
            let now = Date().timeIntervalSince1970
            for name in names where !keep.contains(name) {
                try db.execute(sql: """
                    UPDATE mcp_version SET status = 'deleted', status_message = ?, status_changed_ts = ?, updated_ts = ?, revision = revision + 1
                    WHERE name = ? AND source_kind = 'plugin' AND source_marketplace = ? AND status != 'deleted'
                    """, arguments: ["no longer shipped by a plugin of \(marketplace)", now, now, name, marketplace])
                try Self.recomputeLatest(name, in: db)
            }
        }
    }

    public func setPluginServerVisibility(marketplace: String, _ visibility: Visibility) async throws {
        let column = Self.teamsColumn(visibility.teams)
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE mcp_version SET teams = ?, public = ?, revision = revision + 1
                WHERE source_kind = 'plugin' AND source_marketplace = ? AND (teams != ? OR public != ?)
                """, arguments: [column, visibility.isPublic, marketplace, column, visibility.isPublic])
        }
    }

    // MARK: Internals

    @discardableResult
    static func insert(_ record: ServerVersionRecord, in db: Database) throws -> Int64 {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM mcp_version WHERE name = ? AND version = ?", arguments: [record.name, record.version]) == true {
            throw RegistryStoreError.duplicate("version \(record.version) of \(record.name) is already published; published versions are immutable, publish a new version")
        }
        try db.execute(sql: """
            INSERT INTO mcp_version (name, version, server, description, title, status, status_message, status_changed_ts, published_ts,
                updated_ts, is_latest, lifecycle, owners, governance, source, source_kind, source_marketplace, teams, public,
                has_remote, has_package, transports, registry_types, identifiers, hosts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                record.name, record.version, record.serverJSON, record.description, record.title, record.status.rawValue, record.statusMessage,
                record.statusChangedAt.timeIntervalSince1970, record.publishedAt.timeIntervalSince1970, record.updatedAt.timeIntervalSince1970,
                record.governance.lifecycle.rawValue, record.governance.owners.joined(separator: "\n"), try json(record.governance),
                try json(record.source), record.source.kind.rawValue, record.source.marketplace, teamsColumn(record.visibility.teams),
                record.visibility.isPublic, record.facts.hasRemote, record.facts.hasPackage, " " + record.facts.transports.joined(separator: " ") + " ",
                " " + record.facts.registryTypes.joined(separator: " ") + " ", record.facts.packageIdentifiers.joined(separator: " "),
                record.facts.remoteHosts.joined(separator: " "),
            ])
        let id = db.lastInsertedRowID
        try recomputeLatest(record.name, in: db, inserted: id)
        return id
    }

    /// Marks the latest version of `name` per the official rules (deleted versions never are latest),
    /// bumping the revision of rows whose flag changed. `inserted` is a row added in this transaction
    /// (not yet in the search index).
    static func recomputeLatest(_ name: String, in db: Database, inserted: Int64? = nil) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT id, version, published_ts, is_latest, status FROM mcp_version WHERE name = ?", arguments: [name])
        let candidates = rows.filter { ($0["status"] as String) != ServerStatus.deleted.rawValue }
        let latest = VersionOrdering.latest(candidates.map { (version: $0["version"] as String, publishedAt: Date(timeIntervalSince1970: $0["published_ts"])) })
        for row in rows {
            let shouldBe = latest != nil && (row["version"] as String) == latest && (row["status"] as String) != ServerStatus.deleted.rawValue
            let id: Int64 = row["id"]
            guard (row["is_latest"] as Bool) != shouldBe else { continue }
            try db.execute(sql: "UPDATE mcp_version SET is_latest = ?, revision = revision + 1 WHERE id = ?", arguments: [shouldBe, id])
            try refreshSearch(id, in: db, isNew: inserted == id)
        }
    }

    /// Keeps the full-text index to the latest version of each server: search answers about latest
    /// versions, and the index stays a third of the table's size.
    static func refreshSearch(_ id: Int64, in db: Database, isNew: Bool = false) throws {
        if !isNew { try db.execute(sql: "DELETE FROM mcp_fts WHERE rowid = ?", arguments: [id]) }
        guard let row = try Row.fetchOne(db, sql: "SELECT name, title, description, identifiers, hosts, governance, is_latest FROM mcp_version WHERE id = ?",
                                         arguments: [id]), row["is_latest"] as Bool else { return }
        let governance = try decode(Governance.self, row["governance"])
        let metadata = (governance.metadata.map { "\($0.key) \($0.value.text)" } + governance.owners + [governance.lifecycle.rawValue]).joined(separator: " ")
        let name: String = row["name"]
        try db.execute(sql: "INSERT INTO mcp_fts (rowid, name, title, description, identifiers, hosts, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [id, name.replacingOccurrences(of: "/", with: " ").replacingOccurrences(of: ".", with: " ") + " " + name,
                                   row["title"] as String? ?? "", row["description"] as String, row["identifiers"] as String, row["hosts"] as String, metadata])
    }

    /// Teams as stored: `,a,b,` (sorted), or empty for every signed-in caller.
    static func teamsColumn(_ teams: [String]) -> String {
        let sorted = teams.sorted()
        return sorted.isEmpty ? "" : "," + sorted.joined(separator: ",") + ","
    }

    static func teams(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}
