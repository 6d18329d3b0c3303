import Foundation
import PlazaCatalog
import PlazaRegistry

/// Server versions as a publisher would send them.
public enum RegistryFixture {
    public static let publishedAt = Date(timeIntervalSince1970: 1_750_000_000.125)

    public static func record(_ name: String, _ version: String, at date: Date = publishedAt, visibility: Visibility = Visibility(isPublic: true),
                              source: RegistrySource = RegistrySource(kind: .published), owners: [String] = []) -> ServerVersionRecord {
        let server: [String: Any] = ["name": name, "version": version, "description": "The \(name) server",
                                     "remotes": [["type": "streamable-http", "url": "https://mcp.example/\(version)"]]]
        return ServerVersionRecord(name: name, version: version, serverJSON: RegistryJSON.serialize(server), description: "The \(name) server",
                                   title: nil, statusChangedAt: date, publishedAt: date, updatedAt: date,
                                   governance: Governance(owners: owners), source: source, visibility: visibility, facts: ServerFacts(server: server))
    }

    static let admin = RegistryViewer(allTeams: true, teams: [], anonymous: false)
    static let anonymous = RegistryViewer(allTeams: false, teams: [], anonymous: true)
    static func member(_ teams: String...) -> RegistryViewer { RegistryViewer(allTeams: false, teams: teams, anonymous: false) }
}

/// RegistryRepository and RegistrySettingsRepository: immutable versions, latest selection,
/// status and governance changes (each a new revision), paging, visibility, settings.
enum RegistryContract {
    typealias F = RegistryFixture

    static func page(_ store: any ContractStore, _ query: RegistryQuery, viewer: RegistryViewer = F.admin) async throws -> [String] {
        try await store.registryPage(query, viewer: viewer).versions.map { "\($0.name)@\($0.version)" }
    }

    static let cases: [StoreContract] = [
        StoreContract("registry", "a published version reads back as published; a duplicate is refused and not audited") { make in
            let store = try await make()
            let stored = try await store.publish(F.record("io.acme/weather", "1.0.0"),
                                                 audit: AuditEvent(actor: "ci", action: "mcp.publish", target: "io.acme/weather@1.0.0", outcome: "ok"))
            try checkEqual(stored.isLatest, true)
            try checkEqual(stored.status, .active)
            try checkEqual(stored.serverJSON, F.record("io.acme/weather", "1.0.0").serverJSON)
            try checkEqual(RegistryJSON.timestamp(stored.publishedAt), RegistryJSON.timestamp(F.publishedAt), "dates keep their milliseconds")
            try checkEqual(try await store.serverVersion(name: "io.acme/weather", version: "1.0.0", includeDeleted: false, viewer: F.admin), stored)
            try await checkThrows(RegistryStoreError.duplicate(
                "version 1.0.0 of io.acme/weather is already published; published versions are immutable, publish a new version")) {
                _ = try await store.publish(F.record("io.acme/weather", "1.0.0"), audit: AuditEvent(actor: "ci", action: "mcp.publish", target: "x", outcome: "ok"))
            }
            try checkEqual(try await store.auditEvents(target: nil, action: nil, before: nil, limit: 10).map(\.target), ["io.acme/weather@1.0.0"])
        },
        StoreContract("registry", "latest follows version order; deleted versions are never latest") { make in
            let store = try await make()
            for version in ["1.2.0", "1.10.0", "1.9.0"] { try await store.publish(F.record("io.acme/weather", version)) }
            try checkEqual(try await store.serverVersion(name: "io.acme/weather", version: "latest", includeDeleted: false, viewer: F.admin)?.version, "1.10.0")
            let deleted = try await store.setStatus(name: "io.acme/weather", version: "1.10.0", status: .deleted, message: "broken")
            try checkEqual(deleted.map(\.statusMessage), ["broken"])
            try checkEqual(try await store.serverVersion(name: "io.acme/weather", version: "latest", includeDeleted: true, viewer: F.admin)?.version, "1.9.0")
            try checkEqual(try await store.serverVersion(name: "io.acme/weather", version: "1.10.0", includeDeleted: false, viewer: F.admin), nil)
            try checkEqual(try await store.serverVersions(name: "io.acme/weather", includeDeleted: false, viewer: F.admin)?.count, 2)
        },
        StoreContract("registry", "every change of a version is a new revision") { make in
            let store = try await make()
            let first = try await store.publish(F.record("io.acme/weather", "1.0.0"))
            let changed = try await store.setStatus(name: "io.acme/weather", version: nil, status: .deprecated, message: nil)
            try check(changed[0].revision > first.revision, "a status change bumps the revision")
            let governed = try await store.setGovernance(name: "io.acme/weather", version: "1.0.0", Governance(lifecycle: .production, owners: ["team:sre"]),
                                                         at: F.publishedAt.addingTimeInterval(60))
            try check(governed.revision > changed[0].revision, "a governance change bumps the revision")
            try checkEqual(RegistryJSON.timestamp(governed.updatedAt), RegistryJSON.timestamp(F.publishedAt.addingTimeInterval(60)))
            try checkEqual(governed.governance.owners, ["team:sre"])
            let second = try await store.publish(F.record("io.acme/weather", "2.0.0"))
            let old = try await store.serverVersion(name: "io.acme/weather", version: "1.0.0", includeDeleted: false, viewer: F.admin)
            try checkEqual(old?.isLatest, false)
            try check((old?.revision ?? 0) > governed.revision, "losing latest bumps the revision")
            try checkEqual(second.isLatest, true)
            try checkEqual(try await store.searchServers("sre", filters: RegistryFilters(), viewer: F.admin, limit: 10).map(\.version), [])
            _ = try await store.setGovernance(name: "io.acme/weather", version: "2.0.0", Governance(owners: ["team:sre"]), at: Date())
            try checkEqual(try await store.searchServers("sre", filters: RegistryFilters(), viewer: F.admin, limit: 10).map(\.version), ["2.0.0"])
        },
        StoreContract("registry", "unknown servers and versions are not found") { make in
            let store = try await make()
            try await checkThrows(RegistryStoreError.notFound("no server named io.acme/none")) {
                _ = try await store.setStatus(name: "io.acme/none", version: nil, status: .deleted, message: nil)
            }
            try await checkThrows(RegistryStoreError.notFound("no version 9.0.0 of server io.acme/none")) {
                _ = try await store.setGovernance(name: "io.acme/none", version: "9.0.0", Governance(), at: Date())
            }
            try checkEqual(try await store.serverVersions(name: "io.acme/none", includeDeleted: true, viewer: F.admin), nil)
            try checkEqual(try await store.serverOwnership(name: "io.acme/none"), nil)
        },
        StoreContract("registry", "the list pages by name, each version once, and filters") { make in
            let store = try await make()
            let records = (0..<7).flatMap { index in ["1.0.0", "1.1.0"].map { F.record("io.acme/s\(index)", $0) } }
            try checkEqual(try await store.publishAll(records), 14)
            try checkEqual(try await store.publishAll(Array(records.prefix(3)) + [F.record("io.acme/s9", "1.0.0")]), 1, "existing versions are skipped")
            var seen: [String] = []
            var query = RegistryQuery(limit: 4)
            while true {
                let page = try await store.registryPage(query, viewer: F.admin)
                seen += page.versions.map { "\($0.name)@\($0.version)" }
                guard let next = page.nextCursor else { break }
                query.cursor = RegistryCursor(encoded: next.encoded)
            }
            try checkEqual(seen.count, 15)
            try checkEqual(seen, seen.sorted(), "ordered by name")
            try checkEqual(Set(seen).count, 15)
            try checkEqual(try await page(store, RegistryQuery(limit: 100, version: "latest")).count, 8)
            try checkEqual(try await page(store, RegistryQuery(limit: 100, version: "1.0.0")).count, 8)
            _ = try await store.setStatus(name: "io.acme/s9", version: nil, status: .deleted, message: nil)
            try checkEqual(try await page(store, RegistryQuery(limit: 100, version: "1.0.0")).count, 7)
            try checkEqual(try await page(store, RegistryQuery(limit: 100, version: "1.0.0", includeDeleted: true)).count, 8)
            try checkEqual(try await page(store, RegistryQuery(limit: 100, search: "s3", version: "latest")), ["io.acme/s3@1.1.0"])
        },
        StoreContract("registry", "viewers see public versions, their teams' and everyone's; ownership ignores visibility") { make in
            let store = try await make()
            try await store.publish(F.record("io.acme/public", "1.0.0"))
            try await store.publish(F.record("io.acme/team-a", "1.0.0", visibility: Visibility(teams: ["a"])))
            try await store.publish(F.record("io.acme/signed-in", "1.0.0", visibility: Visibility()))
            let everything = RegistryQuery(limit: 100)
            try checkEqual(try await page(store, everything, viewer: F.anonymous), ["io.acme/public@1.0.0"])
            try checkEqual(try await page(store, everything, viewer: F.member("a")).count, 3)
            try checkEqual(try await page(store, everything, viewer: F.member("c")), ["io.acme/public@1.0.0", "io.acme/signed-in@1.0.0"])
            try checkEqual(try await page(store, everything, viewer: F.member()), ["io.acme/public@1.0.0", "io.acme/signed-in@1.0.0"])
            try checkEqual(try await store.serverVersions(name: "io.acme/team-a", includeDeleted: false, viewer: F.member("c")), nil)
            try checkEqual(try await store.serverVersion(name: "io.acme/team-a", version: "latest", includeDeleted: false, viewer: F.member("a"))?.visibility,
                           Visibility(teams: ["a"]))
            try checkEqual(try await store.searchServers("team", filters: RegistryFilters(), viewer: F.anonymous, limit: 10), [])
            try checkEqual(try await store.serverOwnership(name: "io.acme/team-a"),
                           ServerOwnership(visibility: Visibility(teams: ["a"]), source: RegistrySource(kind: .published)))
        },
        StoreContract("registry", "plugin servers take their marketplace's visibility and are retired, never removed") { make in
            let store = try await make()
            let plugin = RegistrySource(kind: .plugin, marketplace: "acme", plugin: "p", commit: CatalogFixture.commit)
            try await store.publish(F.record("plaza.local/acme.p.one", "0.0.0+aaa", visibility: Visibility(), source: plugin))
            try await store.publish(F.record("plaza.local/acme.p.two", "0.0.0+aaa", visibility: Visibility(), source: plugin))
            try await store.publish(F.record("io.acme/published", "1.0.0", visibility: Visibility()))
            try await store.setPluginServerVisibility(marketplace: "acme", Visibility(teams: ["b", "a"]))
            try checkEqual(try await store.serverOwnership(name: "plaza.local/acme.p.one")?.visibility, Visibility(teams: ["a", "b"]))
            try checkEqual(try await store.serverOwnership(name: "io.acme/published")?.visibility, Visibility())
            try await store.retirePluginServers(marketplace: "acme", keeping: ["plaza.local/acme.p.one"])
            let retired = try await store.serverVersions(name: "plaza.local/acme.p.two", includeDeleted: true, viewer: F.admin)
            try checkEqual(retired?.map(\.status), [.deleted])
            try checkEqual(retired?.first?.statusMessage, "no longer shipped by a plugin of acme")
            try checkEqual(try await store.serverVersions(name: "plaza.local/acme.p.one", includeDeleted: false, viewer: F.admin)?.count, 1)
        },
        StoreContract("registry", "settings have defaults and read back as saved") { make in
            let store = try await make()
            try checkEqual(try await store.governanceRules(), GovernanceRules())
            try checkEqual(try await store.metadataFields(), [])
            let rules = GovernanceRules(requireHTTPSRemotes: false, approvedHosts: ["mcp.example"])
            let fields = [MetadataField(name: "tier", type: .enum, required: true, values: ["gold", "silver"])]
            try await store.saveGovernanceRules(rules)
            try await store.saveMetadataFields(fields)
            try checkEqual(try await store.governanceRules(), rules)
            try checkEqual(try await store.metadataFields(), fields)
            let other = try await make()
            try checkEqual(try await other.governanceRules(), rules, "another handle on the same database")
        },
    ]
}
