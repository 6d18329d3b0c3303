import Foundation
import GRDB
import PlazaCatalog
import PlazaRegistry
@testable import PlazaStore
import PlazaTestSupport
import Testing

@Suite("Registry migration")
struct RegistryMigrationTests {
    @Test("v6 keeps every v5 version: dates from the stored text, revision 0, the pre-rendered _meta dropped")
    func recordsFromVersion5() async throws {
        let data = try TemporaryDirectory("plaza-migration")
        let path = data.file("plaza.sqlite")
        do {
            let pool = try DatabasePool(path: path)
            try Schema.migrator.migrate(pool, upTo: "v5-registry")
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO mcp_version (name, version, server, description, title, status, status_message, status_changed_at, published_at, published_ts,
                        updated_at, updated_ts, is_latest, lifecycle, owners, governance, source, source_kind, source_marketplace, teams, public,
                        has_remote, has_package, transports, registry_types, identifiers, hosts, plaza_meta, meta)
                    VALUES ('io.acme/weather', '1.0.0', '{"name":"io.acme/weather","version":"1.0.0"}', 'Weather', NULL, 'deprecated', 'old',
                        '2025-06-15T08:00:01.250Z', '2025-06-01T10:00:00.500Z', 1748772000.5, '2025-06-15T08:00:01.250Z', 1749974401.25, 1,
                        'production', 'team:sre', '{"lifecycle":"production","owners":["team:sre"]}', '{"kind":"published"}', 'published', NULL,
                        ',a,', 0, 0, 0, '  ', '  ', '', '', '{}', '{}')
                    """)
            }
        }
        let store = try SQLiteStore(path: path)
        let version = try #require(try await store.serverVersion(name: "io.acme/weather", version: "1.0.0", includeDeleted: false,
                                                                 viewer: RegistryViewer(allTeams: true, teams: [], anonymous: false)))
        #expect(version.revision == 0)
        #expect(version.status == .deprecated && version.statusMessage == "old" && version.isLatest)
        #expect(RegistryJSON.timestamp(version.statusChangedAt) == "2025-06-15T08:00:01.250Z")
        #expect(RegistryJSON.timestamp(version.publishedAt) == "2025-06-01T10:00:00.500Z")
        #expect(RegistryJSON.timestamp(version.updatedAt) == "2025-06-15T08:00:01.250Z")
        #expect(version.governance == Governance(lifecycle: .production, owners: ["team:sre"]))
        #expect(version.visibility == Visibility(teams: ["a"]))
        let columns = try await store.pool.read { db in try db.columns(in: "mcp_version").map(\.name) }
        #expect(!columns.contains("meta") && !columns.contains("plaza_meta") && !columns.contains("published_at"))
    }
}
