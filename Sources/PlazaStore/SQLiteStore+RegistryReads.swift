import Foundation
import GRDB
import PlazaCatalog
import PlazaRegistry

/// Registry reads. Rows are decoded only when the version cache does not hold them at their revision.
extension SQLiteStore {
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
            let rows = try Row.fetchAll(db, sql: "SELECT \(Self.versionColumns()) FROM mcp_version \(whereClause) ORDER BY name, id LIMIT ?",
                                        arguments: arguments + [query.limit + 1])
            let versions = try self.cachedVersions(Array(rows.prefix(query.limit)))
            var next: RegistryCursor?
            if rows.count > query.limit, let last = versions.last { next = RegistryCursor(name: last.name, id: last.id) }
            return RegistryPage(versions: versions, nextCursor: next)
        }
    }

    public func serverVersions(name: String, includeDeleted: Bool, viewer: RegistryViewer) async throws -> [StoredServerVersion]? {
        try await pool.read { db in
            var conditions = ["name = ?"]
            var arguments: StatementArguments = [name]
            Self.visibility(viewer, &conditions, &arguments)
            if !includeDeleted { conditions.append("status != 'deleted'") }
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(Self.versionColumns()) FROM mcp_version WHERE \(conditions.joined(separator: " AND ")) ORDER BY published_ts DESC, id DESC
                """, arguments: arguments)
            return rows.isEmpty ? nil : try self.cachedVersions(rows)
        }
    }

    public func serverVersion(name: String, version: String, includeDeleted: Bool, viewer: RegistryViewer) async throws -> StoredServerVersion? {
        try await pool.read { db in
            var conditions = ["name = ?", version == "latest" ? "is_latest = 1" : "version = ?"]
            var arguments: StatementArguments = version == "latest" ? [name] : [name, version]
            Self.visibility(viewer, &conditions, &arguments)
            if !includeDeleted { conditions.append("status != 'deleted'") }
            let row = try Row.fetchOne(db, sql: "SELECT \(Self.versionColumns()) FROM mcp_version WHERE \(conditions.joined(separator: " AND "))",
                                       arguments: arguments)
            return try row.map { try self.cachedVersions([$0])[0] }
        }
    }

    public func serverOwnership(name: String) async throws -> ServerOwnership? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT teams, public, source FROM mcp_version WHERE name = ? ORDER BY id LIMIT 1", arguments: [name]).map {
                ServerOwnership(visibility: Visibility(teams: Self.teams($0["teams"]), isPublic: $0["public"]),
                                source: try Self.decode(RegistrySource.self, $0["source"]))
            }
        }
    }

    public func searchServers(_ text: String, filters: RegistryFilters, viewer: RegistryViewer, limit: Int) async throws -> [StoredServerVersion] {
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
                sql = "SELECT \(Self.versionColumns("v.")) FROM mcp_version v WHERE \(conditions.joined(separator: " AND ")) ORDER BY v.name LIMIT ?"
            } else {
                let key = text.trimmingCharacters(in: .whitespaces).lowercased()
                sql = """
                    SELECT \(Self.versionColumns("v.")) FROM mcp_fts CROSS JOIN mcp_version v ON v.id = mcp_fts.rowid
                    WHERE mcp_fts MATCH ? AND \(conditions.joined(separator: " AND "))
                    ORDER BY bm25(mcp_fts, 10.0, 8.0, 3.0, 5.0, 5.0, 2.0)
                      + CASE WHEN lower(v.name) = ? OR lower(v.name) LIKE ? ESCAPE '\\' THEN -100.0 ELSE 0.0 END, v.name
                    LIMIT ?
                    """
                arguments = [SearchText.matchExpression(terms)] + arguments + [key, "%/" + SearchText.likePrefix(key)]
            }
            return try self.cachedVersions(try Row.fetchAll(db, sql: sql, arguments: arguments + [limit]))
        }
    }

}

extension SQLiteStore: RegistrySettingsRepository {
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

}

extension SQLiteStore {
    /// The versions of rows of ``versionColumns()``, in order: from the cache when it holds the row's
    /// id at the row's revision, else decoded and remembered. Only reads call this: a read sees
    /// committed rows, so a cached revision is never one a rolled-back write made.
    func cachedVersions(_ rows: [Row]) throws -> [StoredServerVersion] {
        try rows.map { row in
            if let cached = versionCache.version(id: row[0], revision: row[1]) { return cached }
            let version = try Self.version(row)
            versionCache.store(version)
            return version
        }
    }

    /// The columns a ``StoredServerVersion`` is read from, in the order ``version(_:)`` reads them.
    static func versionColumns(_ alias: String = "") -> String {
        ["id", "revision", "name", "version", "server", "status", "status_message", "status_changed_ts", "published_ts", "updated_ts",
         "is_latest", "governance", "source", "teams", "public"].map { alias + $0 }.joined(separator: ", ")
    }

    /// The rows with these ids, decoded, in the order of `ids` (without the cache: writes read their own rows).
    static func versions(ids: [Int64], in db: Database) throws -> [StoredServerVersion] {
        var byID: [Int64: StoredServerVersion] = [:]
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            start += chunk.count
            for row in try Row.fetchAll(db, sql: "SELECT \(versionColumns()) FROM mcp_version WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                                        arguments: StatementArguments(chunk)) {
                let version = try version(row)
                byID[version.id] = version
            }
        }
        return ids.compactMap { byID[$0] }
    }

    /// A row of ``versionColumns(_:)``, read by position (a page decodes a hundred of them).
    static func version(_ row: Row) throws -> StoredServerVersion {
        StoredServerVersion(id: row[0], revision: row[1], name: row[2], version: row[3], serverJSON: row[4],
                            status: ServerStatus(rawValue: row[5]) ?? .active, statusMessage: row[6],
                            statusChangedAt: Date(timeIntervalSince1970: row[7]), publishedAt: Date(timeIntervalSince1970: row[8]),
                            updatedAt: Date(timeIntervalSince1970: row[9]), isLatest: row[10], governance: try decode(Governance.self, row[11]),
                            source: try decode(RegistrySource.self, row[12]), visibility: Visibility(teams: teams(row[13]), isPublic: row[14]))
    }

    static func visibility(_ viewer: RegistryViewer, _ conditions: inout [String], _ arguments: inout StatementArguments, alias: String = "") {
        if viewer.allTeams { return }
        if viewer.anonymous { conditions.append("\(alias)public = 1"); return }
        var clauses = ["\(alias)teams = ''", "\(alias)public = 1"]
        for team in viewer.teams { clauses.append("instr(\(alias)teams, ?) > 0"); arguments += [",\(team),"] }
        conditions.append("(" + clauses.joined(separator: " OR ") + ")")
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
