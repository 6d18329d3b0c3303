import Foundation
import PlazaCatalog
import PlazaStore
import PlazaTestSupport
import Testing

/// A store in a fresh temporary directory with a small, hand-made catalog.
func makeStore() async throws -> (SQLiteStore, String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plaza-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let store = try SQLiteStore(path: directory + "/plaza.sqlite")
    try await store.register(MarketplaceRegistration(name: "acme", url: "https://git.acme.example/plugins.git"))
    try await store.register(MarketplaceRegistration(name: "ops", url: "file:///srv/ops.git"))
    func entry(_ kind: EntryKind, _ name: String, _ description: String, marketplace: String = "acme", plugin: String,
               category: String? = nil, tags: [String] = [], body: String = "", mcp: Bool = false, hooks: Bool = false) -> CatalogEntry {
        CatalogEntry(kind: kind, name: name, description: description, marketplace: marketplace, plugin: plugin, path: "p/\(name)",
                     commit: String(repeating: "a", count: 40), digest: "d", category: category, tags: tags, hasMCP: mcp, hasHooks: hooks, body: body)
    }
    let acme: [String: [CatalogEntry]] = [
        "incident-investigation": [
            entry(.plugin, "incident-investigation", "Triage and investigate incidents", plugin: "incident-investigation", category: "operations", tags: ["sre"], mcp: true),
            entry(.skill, "triage-alert", "Triage a firing alert", plugin: "incident-investigation", category: "operations", tags: ["sre"], body: "Check the dashboard", mcp: true),
            entry(.skill, "write-postmortem", "Write a blameless postmortem after an incident", plugin: "incident-investigation", category: "operations", mcp: true),
            entry(.mcpServer, "observability", "stdio MCP server", plugin: "incident-investigation", category: "operations", mcp: true),
        ],
        "cost-governance": [
            entry(.plugin, "cost-governance", "Cloud cost tools", plugin: "cost-governance", category: "finops"),
            entry(.skill, "find-idle-resources", "Find idle resources. Mentions incident response in passing.", plugin: "cost-governance", category: "finops"),
            entry(.skill, "rightsize-vms", "Rightsize virtual machines", plugin: "cost-governance", category: "finops", body: "incident incident incident"),
        ],
    ]
    try await store.replace(marketplace: "acme", plugins: acme, removedPlugins: [], indexed: [], status: SyncStatus(state: .ok))
    try await store.replace(marketplace: "ops", plugins: ["guard": [
        entry(.plugin, "guard", "Blocks production writes", marketplace: "ops", plugin: "guard", category: "security", hooks: true),
        entry(.hook, "PreToolUse:Bash", "command hook", marketplace: "ops", plugin: "guard", category: "security", hooks: true),
    ]], removedPlugins: [], indexed: [], status: SyncStatus(state: .ok))
    return (store, directory)
}

@Suite("Catalog search")
struct SearchTests {
    @Test("a name match outranks a description match, which outranks a body match")
    func fieldWeights() async throws {
        let (store, _) = try await makeStore()
        let page = try await store.search(SearchQuery(text: "incident"))
        let names = page.hits.map(\.entry.name)
        #expect(names.first == "incident-investigation")
        let postmortem = try #require(names.firstIndex(of: "write-postmortem"))
        let bodyOnly = try #require(names.firstIndex(of: "rightsize-vms"))
        #expect(postmortem < bodyOnly)
    }

    @Test("an exact name wins even against more frequent matches")
    func exactName() async throws {
        let (store, _) = try await makeStore()
        #expect(try await store.search(SearchQuery(text: "triage-alert")).hits.first?.entry.name == "triage-alert")
        #expect(try await store.search(SearchQuery(text: "Observability")).hits.first?.entry.kind == .mcpServer)
    }

    @Test("prefixes match for type-ahead, and a small typo is corrected")
    func prefixAndTypos() async throws {
        let (store, _) = try await makeStore()
        #expect(try await store.search(SearchQuery(text: "postm")).hits.map(\.entry.name) == ["write-postmortem"])
        let typo = try await store.search(SearchQuery(text: "postmortme"))
        #expect(typo.hits.map(\.entry.name) == ["write-postmortem"])
        #expect(typo.corrections == ["postmortme": "postmortem"])
        #expect(try await store.search(SearchQuery(text: "zzzzqqq")).hits.isEmpty)
    }

    @Test("filters narrow results and facets count every match")
    func filtersAndFacets() async throws {
        let (store, _) = try await makeStore()
        let skills = try await store.search(SearchQuery(text: "incident", kinds: [.skill]))
        #expect(Set(skills.hits.map(\.entry.kind)) == [.skill])
        let all = try await store.search(SearchQuery(text: ""))
        #expect(all.total == 9)
        #expect(all.facets.kind == ["plugin": 3, "skill": 4, "mcp-server": 1, "hook": 1])
        #expect(all.facets.marketplace == ["acme": 7, "ops": 2])
        #expect(try await store.search(SearchQuery(marketplace: "ops")).total == 2)
        #expect(try await store.search(SearchQuery(plugin: "cost-governance")).total == 3)
        #expect(try await store.search(SearchQuery(category: "FinOps")).total == 3)
        #expect(try await store.search(SearchQuery(tag: "sre")).total == 2)
        #expect(try await store.search(SearchQuery(hasMCP: true)).total == 4)
        #expect(try await store.search(SearchQuery(kinds: [.plugin], hasHooks: true)).hits.map(\.entry.name) == ["guard"])
    }

    @Test("cursor paging visits every match exactly once")
    func paging() async throws {
        let (store, _) = try await makeStore()
        for text in ["", "incident"] {
            let total = try await store.search(SearchQuery(text: text)).total
            var seen: [String] = []
            var cursor: SearchCursor?
            repeat {
                let page = try await store.search(SearchQuery(text: text, limit: 2, cursor: cursor))
                seen += page.hits.map { "\($0.entry.marketplace)/\($0.entry.plugin)/\($0.entry.kind.rawValue)/\($0.entry.name)" }
                cursor = page.nextCursor.flatMap { SearchCursor(encoded: $0.encoded) }
            } while cursor != nil
            #expect(seen.count == total)
            #expect(Set(seen).count == total)
        }
    }

    @Test("FTS syntax in a query is treated as text")
    func injection() async throws {
        let (store, _) = try await makeStore()
        for text in ["\"", "NEAR(a b)", "incident OR", "*", "a' OR 1=1 --", "kind:skill"] {
            _ = try await store.search(SearchQuery(text: text))  // must not throw an FTS5 syntax error
        }
        // Operators and quotes are only separators: the same words give the same results.
        let plain = try await store.search(SearchQuery(text: "incident triage")).hits.map(\.id)
        #expect(!plain.isEmpty)
        #expect(try await store.search(SearchQuery(text: "\"incident\" (triage*)")).hits.map(\.id) == plain)
        #expect(try await store.search(SearchQuery(text: "*")).total == (try await store.search(SearchQuery(text: ""))).total)
    }

    @Test("replacing a plugin swaps its entries atomically; removing a marketplace removes its entries")
    func replaceAndRemove() async throws {
        let (store, _) = try await makeStore()
        try await store.replace(marketplace: "acme", plugins: [:], removedPlugins: ["cost-governance"], indexed: [], status: SyncStatus(state: .ok))
        #expect(try await store.search(SearchQuery(plugin: "cost-governance")).total == 0)
        #expect(try await store.marketplace(named: "acme")?.status.counts.skills == 2)
        try await store.remove("ops")
        #expect(try await store.search(SearchQuery(text: "guard")).total == 0)
        #expect(try await store.marketplaces().map(\.registration.name) == ["acme"])
        await #expect(throws: CatalogError.self) { try await store.remove("ops") }
        await #expect(throws: CatalogError.conflict("a marketplace named 'acme' is already registered")) {
            try await store.register(MarketplaceRegistration(name: "acme", url: "https://x.example/y.git"))
        }
    }
}

@Suite("Search cache")
struct SearchCacheTests {
    @Test("a cached page is never served after the catalog changes")
    func invalidation() async throws {
        let (store, _) = try await makeStore()
        let before = try await store.search(SearchQuery(text: "guard"))
        #expect(before.total == 1)
        #expect(try await store.search(SearchQuery(text: "guard")).total == 1)  // from the cache
        try await store.remove("ops")
        #expect(try await store.search(SearchQuery(text: "guard")).total == 0)
        let uncached = try await store.search(SearchQuery(text: "incident"), cached: false)
        #expect(uncached.total == (try await store.search(SearchQuery(text: "incident"))).total)
    }
}

@Suite("Audit log")
struct AuditLogTests {
    @Test("events are listed newest first, filtered and paged; the log cannot be changed or erased")
    func appendOnly() async throws {
        let (store, directory) = try await makeStore()
        for index in 0..<5 {
            try await store.record(AuditEvent(actor: "anonymous", action: index.isMultiple(of: 2) ? "marketplace.sync" : "marketplace.register",
                                              target: "acme", outcome: "ok", detail: "event \(index)"))
        }
        let newest = try await store.auditEvents(target: "acme", action: nil, before: nil, limit: 2)
        #expect(newest.map(\.detail) == ["event 4", "event 3"])
        let older = try await store.auditEvents(target: "acme", action: nil, before: newest.last?.id, limit: 10)
        #expect(older.map(\.detail) == ["event 2", "event 1", "event 0"])
        #expect(try await store.auditEvents(target: nil, action: "marketplace.register", before: nil, limit: 10).count == 2)
        for statement in ["UPDATE audit_event SET outcome = 'ok'", "DELETE FROM audit_event"] {
            #expect(throws: Shell.Failure.self) { try Shell.run(["sqlite3", directory + "/plaza.sqlite", statement]) }
        }
        #expect(try await store.auditEvents(target: nil, action: nil, before: nil, limit: 100).count == 5)
    }
}
