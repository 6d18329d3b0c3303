import Foundation
import PlazaCatalog

/// CatalogRepository: atomic replacement per plugin, indexed plugins, entry lookups, bodies.
enum CatalogContract {
    static let cases: [StoreContract] = [
        StoreContract("catalog", "replace swaps a plugin's entries and recomputes the counts") { make in
            let store = try await CatalogFixture.seeded(make)
            let counts = try await store.marketplace(named: "acme")?.status.counts
            try checkEqual(counts?.plugins, 2)
            try checkEqual(counts?.skills, 4)
            try checkEqual(counts?.mcpServers, 1)
            // The plugin becomes unavailable: one entry replaces its three; the other plugin is untouched.
            let unavailable = CatalogFixture.entry(.plugin, "cost-governance", "Cloud cost tools", plugin: "cost-governance", status: .unavailable)
            try await store.replace(marketplace: "acme", plugins: ["cost-governance": [unavailable]], removedPlugins: [], indexed: [],
                                    status: SyncStatus(state: .ok, counts: EntryCounts()))
            let after = try await store.marketplace(named: "acme")?.status.counts
            try checkEqual(after?.plugins, 2)
            try checkEqual(after?.unavailablePlugins, 1)
            try checkEqual(after?.skills, 2)
            try checkEqual(try await store.entries(marketplace: "acme", plugin: "cost-governance").map(\.name), ["cost-governance"])
            try checkEqual(try await store.entries(marketplace: "acme", plugin: "incident-investigation").count, 4)
            try checkEqual(try await store.count(), 7)
        },
        StoreContract("catalog", "replace drops removed plugins") { make in
            let store = try await CatalogFixture.seeded(make)
            try await store.replace(marketplace: "acme", plugins: [:], removedPlugins: ["cost-governance"], indexed: [], status: SyncStatus(state: .ok))
            try checkEqual(try await store.entries(marketplace: "acme", plugin: "cost-governance"), [])
            try checkEqual(try await store.marketplace(named: "acme")?.status.counts.skills, 2)
            try checkEqual(try await store.count(), 6)
        },
        StoreContract("catalog", "replace on an unknown marketplace is not found and writes nothing") { make in
            let store = try await CatalogFixture.seeded(make)
            try await checkThrows(CatalogError.notFound("no marketplace named 'nope'")) {
                try await store.replace(marketplace: "nope", plugins: ["x": [CatalogFixture.entry(.plugin, "x", "X", marketplace: "nope", plugin: "x")]],
                                        removedPlugins: [], indexed: [], status: SyncStatus(state: .ok))
            }
            try checkEqual(try await store.count(), 9)
        },
        StoreContract("catalog", "indexed plugins are kept by name and dropped with their plugin") { make in
            let store = try await CatalogFixture.seeded(make)
            let indexed = ["zeta", "cost-governance", "alpha"].map { IndexedPlugin(name: $0, root: "p/\($0)", entryFingerprint: "f-\($0)", commit: CatalogFixture.commit) }
            try await store.replace(marketplace: "acme", plugins: [:], removedPlugins: [], indexed: indexed, status: SyncStatus(state: .ok))
            try checkEqual(try await store.indexedPlugins(marketplace: "acme").map(\.name), ["alpha", "cost-governance", "zeta"])
            try checkEqual(try await store.indexedPlugins(marketplace: "acme").first, indexed[2])
            try await store.replace(marketplace: "acme", plugins: [:], removedPlugins: ["cost-governance"], indexed: [], status: SyncStatus(state: .ok))
            try checkEqual(try await store.indexedPlugins(marketplace: "acme").map(\.name), ["alpha", "zeta"])
            try checkEqual(try await store.indexedPlugins(marketplace: "ops"), [])
        },
        StoreContract("catalog", "a plugin's entries come plugin first, then by kind and name") { make in
            let store = try await CatalogFixture.seeded(make)
            let entries = try await store.entries(marketplace: "acme", plugin: "incident-investigation")
            try checkEqual(entries.map(\.name), ["incident-investigation", "observability", "triage-alert", "write-postmortem"])
            try checkEqual(entries.first?.kind, .plugin)
        },
        StoreContract("catalog", "a lookup by kind and name ignores case and narrows by marketplace and plugin") { make in
            let store = try await CatalogFixture.seeded(make)
            try checkEqual(try await store.entries(kind: .skill, name: "Triage-Alert", marketplace: nil, plugin: nil).map(\.name), ["triage-alert"])
            try checkEqual(try await store.entries(kind: .agent, name: "triage-alert", marketplace: nil, plugin: nil), [])
            try checkEqual(try await store.entries(kind: .plugin, name: "guard", marketplace: "acme", plugin: nil), [])
            try checkEqual(try await store.entries(kind: .plugin, name: "guard", marketplace: "ops", plugin: "guard").count, 1)
            try checkEqual(try await store.entries(kind: .skill, name: "triage-alert", marketplace: "acme", plugin: "cost-governance"), [])
        },
        StoreContract("catalog", "entries of some kinds come by plugin, kind and name") { make in
            let store = try await CatalogFixture.seeded(make)
            let entries = try await store.entries(marketplace: "acme", kinds: [.plugin, .mcpServer])
            try checkEqual(entries.map(\.name), ["cost-governance", "observability", "incident-investigation"])
            try checkEqual(try await store.entries(marketplace: "acme", kinds: []), [])
            try checkEqual(try await store.entries(marketplace: "ops", kinds: [.hook]).map(\.name), ["PreToolUse:Bash"])
        },
        StoreContract("catalog", "stored entries come without their body, which is read on its own") { make in
            let store = try await CatalogFixture.seeded(make)
            let skill = try await store.entries(kind: .skill, name: "triage-alert", marketplace: "acme", plugin: nil)
            try checkEqual(skill.map(\.body), [""])
            try checkEqual(try await store.body(of: skill[0]), "Check the dashboard")
            let missing = CatalogFixture.entry(.skill, "nope", "", plugin: "incident-investigation")
            try checkEqual(try await store.body(of: missing), nil)
        },
    ]
}
