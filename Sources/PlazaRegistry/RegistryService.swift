import Foundation
import PlazaCatalog

/// A server.json that failed validation or governance, with every issue.
public struct RegistryRejection: Error, Sendable {
    public let issues: [ValidationIssue]

    public init(issues: [ValidationIssue]) {
        self.issues = issues
    }
}

/// What refreshing a marketplace's plugin servers did: how many versions were added, and which
/// servers were left out and why (the caller logs them).
public struct PluginServerRefresh: Sendable, Equatable {
    /// A plugin's MCP server that could not join the registry.
    public struct Rejected: Sendable, Equatable {
        public let name: String
        public let issues: [ValidationIssue]
    }

    public var published: Int
    public var rejected: [Rejected]
}

/// Turns server.json documents into registry records: validation against the schema and the
/// official rules, Plaza's governance and custom metadata, visibility, derived search facts. Works
/// over the repository protocols; does no I/O of its own.
public struct RegistryService: Sendable {
    public let store: any RegistryRepository & RegistrySettingsRepository & CatalogRepository

    public init(store: any RegistryRepository & RegistrySettingsRepository & CatalogRepository) {
        self.store = store
    }

    /// Validates `data` as a server.json and builds the record to store. Governance comes from
    /// `_meta["dev.plaza/registry"]` (lifecycle, owners, contacts, metadata, teams, public).
    public func prepare(_ data: Data, source: RegistrySource, defaultVisibility: Visibility = Visibility(), now: Date = Date()) async throws -> ServerVersionRecord {
        let (object, issues) = ServerJSONValidator.validate(data: data)
        guard let object, issues.isEmpty else { throw RegistryRejection(issues: issues) }
        return try await build(object, source: source, defaultVisibility: defaultVisibility, now: now, rules: nil, fields: nil)
    }

    /// Validates a decoded server.json and builds the record to store.
    public func prepare(_ object: [String: Any], source: RegistrySource, defaultVisibility: Visibility = Visibility(), now: Date = Date(),
                 rules: GovernanceRules? = nil, fields: [MetadataField]? = nil) async throws -> ServerVersionRecord {
        let issues = ServerJSONValidator.validate(object)
        guard issues.isEmpty else { throw RegistryRejection(issues: issues) }
        return try await build(object, source: source, defaultVisibility: defaultVisibility, now: now, rules: rules, fields: fields)
    }

    /// Builds the record from a document that passed schema validation. A version that names no
    /// teams and no `public` keeps its server's visibility; a new server gets `defaultVisibility`.
    private func build(_ object: [String: Any], source: RegistrySource, defaultVisibility: Visibility, now: Date,
                       rules: GovernanceRules?, fields: [MetadataField]?) async throws -> ServerVersionRecord {
        let plaza = ((object["_meta"] as? [String: Any])?[GovernanceCheck.metaKey] as? [String: Any]) ?? [:]
        let governance: Governance
        do {
            governance = try JSONDecoder().decode(Governance.self, from: JSONSerialization.data(withJSONObject: plaza))
        } catch {
            throw RegistryRejection(issues: [ValidationIssue(pointer: "/_meta/dev.plaza~1registry", rule: "governance-format",
                                                    message: "lifecycle must be one of \(LifecycleStage.allCases.map(\.rawValue).joined(separator: ", ")); owners and contacts lists of strings; metadata an object")])
        }
        var visibility = defaultVisibility
        if source.kind != .plugin, let name = object["name"] as? String, let existing = try await store.serverOwnership(name: name) {
            visibility = existing.visibility
        }
        if let teams = plaza["teams"] as? [String] { visibility.teams = teams.sorted() }
        if let isPublic = plaza["public"] as? Bool { visibility.isPublic = isPublic }
        if let problem = Visibility.problem(teams: visibility.teams) {
            throw RegistryRejection(issues: [ValidationIssue(pointer: "/_meta/dev.plaza~1registry/teams", rule: "teams", message: problem)])
        }
        let activeRules: GovernanceRules
        if let rules { activeRules = rules } else { activeRules = try await store.governanceRules() }
        let activeFields: [MetadataField]
        if let fields { activeFields = fields } else { activeFields = try await store.metadataFields() }
        let governanceIssues = GovernanceCheck.check(server: object, governance: governance, rules: activeRules, fields: activeFields)
        guard governanceIssues.isEmpty else { throw RegistryRejection(issues: governanceIssues) }
        let serialized = RegistryJSON.serialize(object)
        return ServerVersionRecord(name: object["name"] as? String ?? "", version: object["version"] as? String ?? "", serverJSON: serialized,
                                   description: object["description"] as? String ?? "", title: object["title"] as? String,
                                   statusChangedAt: now, publishedAt: now, updatedAt: now, governance: governance, source: source,
                                   visibility: visibility, facts: ServerFacts(server: object))
    }

    /// Registry entries for the MCP servers a synced marketplace's plugins ship, named
    /// `<namespace>/<marketplace>.<plugin>.<server>` and versioned `<plugin version or 0.0.0>+<commit>`.
    /// Servers whose derived document fails validation are left out and reported; the marketplace's
    /// other plugin servers take its visibility, and servers no plugin ships any more are retired.
    public func refreshPluginServers(marketplace: Marketplace, namespace: String) async throws -> PluginServerRefresh {
        let entries = try await store.entries(marketplace: marketplace.registration.name, kinds: [.plugin, .mcpServer])
        let plugins = Dictionary(entries.filter { $0.kind == .plugin }.map { ($0.plugin, $0) }, uniquingKeysWith: { a, _ in a })
        var records: [ServerVersionRecord] = []
        var names = Set<String>()
        var rejected: [PluginServerRefresh.Rejected] = []
        for entry in entries where entry.kind == .mcpServer && entry.status == .available {
            let name = "\(namespace)/" + Self.slug("\(entry.marketplace).\(entry.plugin).\(entry.name)")
            let version = (plugins[entry.plugin]?.version.flatMap { VersionOrdering.semantic($0) != nil ? $0.split(separator: "+").first.map(String.init) : nil } ?? "0.0.0")
                + "+" + entry.commit.prefix(12)
            var server: [String: Any] = [
                "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
                "name": name, "version": version,
                "description": Self.truncated(entry.description.isEmpty ? "MCP server \(entry.name) of plugin \(entry.plugin)" : entry.description),
                "title": Self.truncated("\(entry.name) (\(entry.plugin)@\(entry.marketplace))"),
            ]
            if let url = entry.details["url"], let transport = entry.details["transport"], url.hasPrefix("http"), !url.contains("{") {
                server["remotes"] = [["type": transport == "sse" ? "sse" : "streamable-http", "url": url]]
            }
            let source = RegistrySource(kind: .plugin, marketplace: entry.marketplace, plugin: entry.plugin, commit: entry.commit)
            do {
                // Plugin servers are indexed as shipped: governance rules apply to what teams publish.
                let record = try await prepare(server, source: source, defaultVisibility: marketplace.registration.access,
                                               rules: GovernanceRules(requireHTTPSRemotes: false, approvedHosts: [], productionRequiresOwner: false,
                                                                      requireDeclaredSecrets: false), fields: [])
                records.append(record)
                names.insert(name)
            } catch let rejection as RegistryRejection {
                rejected.append(PluginServerRefresh.Rejected(name: name, issues: rejection.issues))
            }
        }
        let published = try await store.publishAll(records)
        try await store.setPluginServerVisibility(marketplace: marketplace.registration.name, marketplace.registration.access)
        try await store.retirePluginServers(marketplace: marketplace.registration.name, keeping: names)
        return PluginServerRefresh(published: published, rejected: rejected)
    }

    /// At most 100 Unicode scalars (what the schema's maxLength counts).
    static func truncated(_ text: String) -> String {
        text.unicodeScalars.count <= 100 ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(99))) + "…"
    }

    /// Lowercase letters, digits, '.', '-' and '_' only (the name pattern's second half).
    static func slug(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "-" })
    }
}
