import Foundation
import GRDB
import PlazaCatalog
import PlazaRegistry

/// A page of registry rows, as response items ready to concatenate.
public struct RegistryPage: Sendable {
    public var items: [String]
    public var nextCursor: RegistryCursor?
}

/// Errors of registry writes, mapped to status codes by the server.
public enum RegistryStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case duplicate(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .duplicate(let message), .notFound(let message): return message
        }
    }
}

extension SQLiteStore {
    // MARK: Writes

    /// Adds a version (immutable once published), recomputes which version of the server is latest,
    /// and appends `audit`, in one transaction. Returns the stored version as a response item.
    @discardableResult
    public func publish(_ record: ServerVersionRecord, audit: AuditEvent? = nil) async throws -> String {
        try await pool.write { db in
            let id = try Self.insert(record, in: db)
            if let audit { try Self.insert(audit, in: db) }
            return try Self.item(id: id, in: db)
        }
    }

    /// Adds many versions in one transaction, skipping versions already present; returns how many were added.
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

    /// Sets the status of one version, or of every version when `version` is nil. Returns the changed items.
    public func setStatus(name: String, version: String?, status: ServerStatus, message: String?, at date: Date = Date()) async throws -> [String] {
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
                    UPDATE mcp_version SET status = ?, status_message = ?, status_changed_at = ?, updated_at = ?, updated_ts = ? WHERE id = ?
                    """, arguments: [status.rawValue, message, RegistryJSON.timestamp(date), RegistryJSON.timestamp(date), date.timeIntervalSince1970, id])
            }
            try Self.recomputeLatest(name, in: db)
            return try ids.map { try Self.item(id: $0, in: db) }
        }
    }

    /// Replaces the governance of one version (checked by the caller).
    public func setGovernance(name: String, version: String, _ governance: Governance, at date: Date = Date()) async throws -> String {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, source, teams, public FROM mcp_version WHERE name = ? AND version = ?", arguments: [name, version]) else {
                throw RegistryStoreError.notFound("no version \(version) of server \(name)")
            }
            let id: Int64 = row["id"]
            let source = try Self.decode(RegistrySource.self, row["source"])
            let plaza = RegistryJSON.plazaMeta(governance: governance, source: source, teams: Self.teams(row["teams"]), isPublic: row["public"])
            try db.execute(sql: """
                UPDATE mcp_version SET governance = ?, plaza_meta = ?, lifecycle = ?, owners = ?, updated_at = ?, updated_ts = ? WHERE id = ?
                """, arguments: [try Self.json(governance), plaza, governance.lifecycle.rawValue, governance.owners.joined(separator: "\n"),
                                 RegistryJSON.timestamp(date), date.timeIntervalSince1970, id])
            try Self.refreshMeta(id, in: db)
            try Self.refreshSearch(id, in: db)
            return try Self.item(id: id, in: db)
        }
    }

    /// Marks every version of plugin-derived servers of `marketplace` not in `keep` as deleted (never removes them).
    public func retirePluginServers(marketplace: String, keeping keep: Set<String>) async throws {
        try await pool.write { db in
            let names = try String.fetchAll(db, sql: "SELECT DISTINCT name FROM mcp_version WHERE source_kind = 'plugin' AND source_marketplace = ? AND status != 'deleted'",
                                            arguments: [marketplace])
            let now = Date()
            for name in names where !keep.contains(name) {
                try db.execute(sql: """
                    UPDATE mcp_version SET status = 'deleted', status_message = ?, status_changed_at = ?, updated_at = ?, updated_ts = ?
                    WHERE name = ? AND source_kind = 'plugin' AND source_marketplace = ? AND status != 'deleted'
                    """, arguments: ["no longer shipped by a plugin of \(marketplace)", RegistryJSON.timestamp(now), RegistryJSON.timestamp(now),
                                    now.timeIntervalSince1970, name, marketplace])
                try Self.recomputeLatest(name, in: db)
            }
        }
    }

    /// Gives every version of the servers a marketplace's plugins ship that marketplace's visibility
    /// (after a visibility change, or a sync).
    public func setPluginServerVisibility(marketplace: String, _ visibility: Visibility) async throws {
        let teams = visibility.teams.sorted()
        let column = teams.isEmpty ? "" : "," + teams.joined(separator: ",") + ","
        try await pool.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, governance, source, teams, public FROM mcp_version WHERE source_kind = 'plugin' AND source_marketplace = ?",
                                        arguments: [marketplace])
            for row in rows where (row["teams"] as String) != column || (row["public"] as Bool) != visibility.isPublic {
                let id: Int64 = row["id"]
                let plaza = RegistryJSON.plazaMeta(governance: try Self.decode(Governance.self, row["governance"]),
                                                   source: try Self.decode(RegistrySource.self, row["source"]), teams: teams, isPublic: visibility.isPublic)
                try db.execute(sql: "UPDATE mcp_version SET teams = ?, public = ?, plaza_meta = ? WHERE id = ?", arguments: [column, visibility.isPublic, plaza, id])
                try Self.refreshMeta(id, in: db)
            }
        }
    }

    // MARK: Reads

    /// The official list: keyset-paged by name, filtered as the query and the viewer require.
    public func registryPage(_ query: RegistryQuery, viewer: RegistryViewer) async throws -> RegistryPage {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if query.version == "latest" { conditions.append("is_latest = 1") } else if let version = query.version { conditions.append("version = ?"); arguments += [version] }
            if !query.includeDeleted { conditions.append("status != 'deleted'") }
            if let since = query.updatedSince { conditions.append("updated_ts >= ?"); arguments += [since.timeIntervalSince1970] }
            Self.visibility(viewer, &conditions, &arguments)
            if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
                let terms = SearchText.terms(search)
                if terms.isEmpty {
                    conditions.append("name LIKE ? ESCAPE '\\'"); arguments += ["%" + SearchText.likePrefix(search)]
                } else {
                    conditions.append("(name LIKE ? ESCAPE '\\' OR id IN (SELECT rowid FROM mcp_fts WHERE mcp_fts MATCH ?))")
                    arguments += ["%" + SearchText.likePrefix(search), SearchText.matchExpression(terms)]
                }
            }
            if let cursor = query.cursor { conditions.append("(name, id) > (?, ?)"); arguments += [cursor.name, cursor.id] }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: "SELECT id, name, server, meta FROM mcp_version \(whereClause) ORDER BY name, id LIMIT ?",
                                        arguments: arguments + [query.limit + 1])
            var items = rows.prefix(query.limit).map { RegistryJSON.item(server: $0["server"], meta: $0["meta"]) }
            var next: RegistryCursor?
            if rows.count > query.limit, let last = rows.prefix(query.limit).last { next = RegistryCursor(name: last["name"], id: last["id"]) }
            items = Array(items)
            return RegistryPage(items: items, nextCursor: next)
        }
    }

    /// Every version of a server, newest publish first; nil when the viewer sees no such server.
    public func serverVersions(name: String, includeDeleted: Bool, viewer: RegistryViewer) async throws -> [String]? {
        try await pool.read { db in
            var conditions = ["name = ?"]
            var arguments: StatementArguments = [name]
            Self.visibility(viewer, &conditions, &arguments)
            if !includeDeleted { conditions.append("status != 'deleted'") }
            let rows = try Row.fetchAll(db, sql: "SELECT server, meta FROM mcp_version WHERE \(conditions.joined(separator: " AND ")) ORDER BY published_ts DESC, id DESC",
                                        arguments: arguments)
            return rows.isEmpty ? nil : rows.map { RegistryJSON.item(server: $0["server"], meta: $0["meta"]) }
        }
    }

    /// One version (or `latest`) of a server, as a response item; nil when not found or not visible.
    public func serverVersion(name: String, version: String, includeDeleted: Bool, viewer: RegistryViewer) async throws -> String? {
        try await pool.read { db in
            var conditions = ["name = ?", version == "latest" ? "is_latest = 1" : "version = ?"]
            var arguments: StatementArguments = version == "latest" ? [name] : [name, version]
            Self.visibility(viewer, &conditions, &arguments)
            if !includeDeleted { conditions.append("status != 'deleted'") }
            return try Row.fetchOne(db, sql: "SELECT server, meta FROM mcp_version WHERE \(conditions.joined(separator: " AND "))", arguments: arguments)
                .map { RegistryJSON.item(server: $0["server"], meta: $0["meta"]) }
        }
    }

    /// Whether a server (any version) exists, ignoring visibility (for writes).
    public func serverVisibility(name: String) async throws -> (teams: [String], isPublic: Bool, source: RegistrySource)? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT teams, public, source FROM mcp_version WHERE name = ? ORDER BY id LIMIT 1", arguments: [name]).map {
                (Self.teams($0["teams"]), $0["public"], try Self.decode(RegistrySource.self, $0["source"]))
            }
        }
    }

    /// Ranked full-text search over name, title, description, package identifiers, remote hosts and
    /// custom metadata, with Plaza's filters. Latest versions only.
    public func searchServers(_ text: String, filters: RegistryFilters, viewer: RegistryViewer, limit: Int) async throws -> [String] {
        try await pool.read { db in
            var conditions = ["v.is_latest = 1", "v.status != 'deleted'"]
            var arguments: StatementArguments = []
            Self.visibility(viewer, &conditions, &arguments, alias: "v.")
            if let remote = filters.remote { conditions.append(remote ? "v.has_remote = 1" : "v.has_remote = 0") }
            if let package = filters.package { conditions.append(package ? "v.has_package = 1" : "v.has_package = 0") }
            if let transport = filters.transport { conditions.append("instr(v.transports, ?) > 0"); arguments += [" \(transport) "] }
            if let registryType = filters.registryType { conditions.append("instr(v.registry_types, ?) > 0"); arguments += [" \(registryType) "] }
            if let lifecycle = filters.lifecycle { conditions.append("v.lifecycle = ?"); arguments += [lifecycle.rawValue] }
            if let owner = filters.owner { conditions.append("instr('\n' || v.owners || '\n', ?) > 0"); arguments += ["\n\(owner)\n"] }
            if let source = filters.source { conditions.append("v.source_kind = ?"); arguments += [source.rawValue] }
            let terms = SearchText.terms(text)
            let sql: String
            if terms.isEmpty {
                sql = "SELECT v.server, v.meta FROM mcp_version v WHERE \(conditions.joined(separator: " AND ")) ORDER BY v.name LIMIT ?"
            } else {
                let key = text.trimmingCharacters(in: .whitespaces).lowercased()
                sql = """
                    SELECT v.server, v.meta FROM mcp_fts CROSS JOIN mcp_version v ON v.id = mcp_fts.rowid
                    WHERE mcp_fts MATCH ? AND \(conditions.joined(separator: " AND "))
                    ORDER BY bm25(mcp_fts, 10.0, 8.0, 3.0, 5.0, 5.0, 2.0)
                      + CASE WHEN lower(v.name) = ? OR lower(v.name) LIKE ? ESCAPE '\\' THEN -100.0 ELSE 0.0 END, v.name
                    LIMIT ?
                    """
                arguments = [SearchText.matchExpression(terms)] + arguments + [key, "%/" + SearchText.likePrefix(key)]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments + [limit]).map { RegistryJSON.item(server: $0["server"], meta: $0["meta"]) }
        }
    }

    // MARK: Settings

    public func governanceRules() async throws -> GovernanceRules {
        if let cached = registrySettings.rules { return cached }
        let rules: GovernanceRules = try await setting("governance-rules") ?? GovernanceRules()
        registrySettings.rules = rules
        return rules
    }

    public func saveGovernanceRules(_ rules: GovernanceRules) async throws {
        try await saveSetting("governance-rules", rules)
        registrySettings.rules = rules
    }

    public func metadataFields() async throws -> [MetadataField] {
        if let cached = registrySettings.fields { return cached }
        let fields: [MetadataField] = try await setting("metadata-fields") ?? []
        registrySettings.fields = fields
        return fields
    }

    public func saveMetadataFields(_ fields: [MetadataField]) async throws {
        try await saveSetting("metadata-fields", fields)
        registrySettings.fields = fields
    }

    private func setting<T: Decodable & Sendable>(_ key: String) async throws -> T? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM registry_setting WHERE key = ?", arguments: [key]).map { try Self.decode(T.self, $0) }
        }
    }

    private func saveSetting<T: Encodable & Sendable>(_ key: String, _ value: T) async throws {
        let text = try Self.json(value)
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO registry_setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, text])
        }
    }

    // MARK: Internals

    @discardableResult
    static func insert(_ record: ServerVersionRecord, in db: Database) throws -> Int64 {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM mcp_version WHERE name = ? AND version = ?", arguments: [record.name, record.version]) == true {
            throw RegistryStoreError.duplicate("version \(record.version) of \(record.name) is already published; published versions are immutable, publish a new version")
        }
        let teams = record.visibility.teams.sorted()
        let plaza = RegistryJSON.plazaMeta(governance: record.governance, source: record.source, teams: teams, isPublic: record.visibility.isPublic)
        try db.execute(sql: """
            INSERT INTO mcp_version (name, version, server, description, title, status, status_message, status_changed_at, published_at, published_ts,
                updated_at, updated_ts, is_latest, lifecycle, owners, governance, source, source_kind, source_marketplace, teams, public,
                has_remote, has_package, transports, registry_types, identifiers, hosts, plaza_meta, meta)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')
            """, arguments: [
                record.name, record.version, record.serverJSON, record.description, record.title, record.status.rawValue, record.statusMessage,
                RegistryJSON.timestamp(record.statusChangedAt), RegistryJSON.timestamp(record.publishedAt), record.publishedAt.timeIntervalSince1970,
                RegistryJSON.timestamp(record.updatedAt), record.updatedAt.timeIntervalSince1970, record.governance.lifecycle.rawValue,
                record.governance.owners.joined(separator: "\n"), try json(record.governance), try json(record.source), record.source.kind.rawValue,
                record.source.marketplace, teams.isEmpty ? "" : "," + teams.joined(separator: ",") + ",", record.visibility.isPublic,
                record.facts.hasRemote, record.facts.hasPackage, " " + record.facts.transports.joined(separator: " ") + " ",
                " " + record.facts.registryTypes.joined(separator: " ") + " ", record.facts.packageIdentifiers.joined(separator: " "),
                record.facts.remoteHosts.joined(separator: " "), plaza,
            ])
        let id = db.lastInsertedRowID
        try recomputeLatest(record.name, in: db, refreshing: id)
        return id
    }

    /// Marks the latest version of `name` per the official rules (deleted versions never are latest)
    /// and refreshes the `_meta` of rows whose flag changed (and of `refreshing`, e.g. a new row;
    /// nil refreshes every row of the server, after a status change).
    static func recomputeLatest(_ name: String, in db: Database, refreshing: Int64? = nil) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT id, version, published_ts, is_latest, status FROM mcp_version WHERE name = ?", arguments: [name])
        let candidates = rows.filter { ($0["status"] as String) != ServerStatus.deleted.rawValue }
        let latest = VersionOrdering.latest(candidates.map { (version: $0["version"] as String, publishedAt: Date(timeIntervalSince1970: $0["published_ts"])) })
        for row in rows {
            let shouldBe = latest != nil && (row["version"] as String) == latest && (row["status"] as String) != ServerStatus.deleted.rawValue
            let id: Int64 = row["id"]
            let changed = (row["is_latest"] as Bool) != shouldBe
            if changed {
                try db.execute(sql: "UPDATE mcp_version SET is_latest = ? WHERE id = ?", arguments: [shouldBe, id])
                try refreshSearch(id, in: db, isNew: refreshing == id)
            }
            if changed || refreshing == nil || refreshing == id { try refreshMeta(id, in: db) }
        }
    }

    static func refreshMeta(_ id: Int64, in db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT status, status_message, status_changed_at, published_at, updated_at, is_latest, plaza_meta FROM mcp_version WHERE id = ?
            """, arguments: [id]) else { return }
        let meta = RegistryJSON.meta(status: ServerStatus(rawValue: row["status"]) ?? .active, statusMessage: row["status_message"],
                                     statusChangedAt: RegistryJSON.date(row["status_changed_at"]) ?? Date(),
                                     publishedAt: RegistryJSON.date(row["published_at"]) ?? Date(), updatedAt: RegistryJSON.date(row["updated_at"]) ?? Date(),
                                     isLatest: row["is_latest"], plazaMeta: row["plaza_meta"])
        try db.execute(sql: "UPDATE mcp_version SET meta = ? WHERE id = ?", arguments: [meta, id])
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

    static func item(id: Int64, in db: Database) throws -> String {
        guard let row = try Row.fetchOne(db, sql: "SELECT server, meta FROM mcp_version WHERE id = ?", arguments: [id]) else { return "{}" }
        return RegistryJSON.item(server: row["server"], meta: row["meta"])
    }

    static func visibility(_ viewer: RegistryViewer, _ conditions: inout [String], _ arguments: inout StatementArguments, alias: String = "") {
        if viewer.allTeams { return }
        if viewer.anonymous { conditions.append("\(alias)public = 1"); return }
        var clauses = ["\(alias)teams = ''", "\(alias)public = 1"]
        for team in viewer.teams { clauses.append("instr(\(alias)teams, ?) > 0"); arguments += [",\(team),"] }
        conditions.append("(" + clauses.joined(separator: " OR ") + ")")
    }

    static func teams(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}

/// The registry's settings, cached in memory: this process is their only writer.
final class RegistrySettingsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var _rules: GovernanceRules?
    private var _fields: [MetadataField]?

    var rules: GovernanceRules? {
        get { lock.lock(); defer { lock.unlock() }; return _rules }
        set { lock.lock(); _rules = newValue; lock.unlock() }
    }

    var fields: [MetadataField]? {
        get { lock.lock(); defer { lock.unlock() }; return _fields }
        set { lock.lock(); _fields = newValue; lock.unlock() }
    }
}

/// Plaza's registry search filters.
public struct RegistryFilters: Sendable, Equatable {
    public var remote: Bool?
    public var package: Bool?
    public var transport: String?
    public var registryType: String?
    public var lifecycle: LifecycleStage?
    public var owner: String?
    public var source: RegistrySource.Kind?

    public init(remote: Bool? = nil, package: Bool? = nil, transport: String? = nil, registryType: String? = nil, lifecycle: LifecycleStage? = nil,
                owner: String? = nil, source: RegistrySource.Kind? = nil) {
        self.remote = remote
        self.package = package
        self.transport = transport
        self.registryType = registryType
        self.lifecycle = lifecycle
        self.owner = owner
        self.source = source
    }
}
