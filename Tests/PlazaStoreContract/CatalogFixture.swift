import Foundation
import PlazaCatalog

/// A small, hand-made catalog: marketplace `acme` (plugins `incident-investigation` and
/// `cost-governance`, 7 entries) and `ops` (plugin `guard`, 2 entries).
public enum CatalogFixture {
    /// Dates are whole seconds: stores may keep registrations at that precision.
    public static let registeredAt = Date(timeIntervalSince1970: 1_750_000_000)
    public static let commit = String(repeating: "a", count: 40)

    public static func registration(_ name: String, visibility: Visibility? = nil) -> MarketplaceRegistration {
        MarketplaceRegistration(name: name, url: "https://git.example/\(name).git", visibility: visibility, createdAt: registeredAt)
    }

    public static func entry(_ kind: EntryKind, _ name: String, _ description: String, marketplace: String = "acme", plugin: String,
                             category: String? = nil, tags: [String] = [], body: String = "", mcp: Bool = false, hooks: Bool = false,
                             status: EntryStatus = .available) -> CatalogEntry {
        CatalogEntry(kind: kind, name: name, description: description, marketplace: marketplace, plugin: plugin, path: "p/\(name)",
                     commit: commit, digest: "d", category: category, tags: tags, status: status, hasMCP: mcp, hasHooks: hooks, body: body)
    }

    public static let acme: [String: [CatalogEntry]] = [
        "incident-investigation": [
            entry(.plugin, "incident-investigation", "Triage and investigate incidents", plugin: "incident-investigation", category: "operations",
                  tags: ["sre"], mcp: true),
            entry(.skill, "triage-alert", "Triage a firing alert", plugin: "incident-investigation", category: "operations", tags: ["sre"],
                  body: "Check the dashboard", mcp: true),
            entry(.skill, "write-postmortem", "Write a blameless postmortem after an incident", plugin: "incident-investigation",
                  category: "operations", mcp: true),
            entry(.mcpServer, "observability", "stdio MCP server", plugin: "incident-investigation", category: "operations", mcp: true),
        ],
        "cost-governance": [
            entry(.plugin, "cost-governance", "Cloud cost tools", plugin: "cost-governance", category: "finops"),
            entry(.skill, "find-idle-resources", "Find idle resources. Mentions incident response in passing.", plugin: "cost-governance",
                  category: "finops"),
            entry(.skill, "rightsize-vms", "Rightsize virtual machines", plugin: "cost-governance", category: "finops",
                  body: "incident incident incident"),
        ],
    ]

    public static let ops: [String: [CatalogEntry]] = [
        "guard": [
            entry(.plugin, "guard", "Blocks production writes", marketplace: "ops", plugin: "guard", category: "security", hooks: true),
            entry(.hook, "PreToolUse:Bash", "command hook", marketplace: "ops", plugin: "guard", category: "security", hooks: true),
        ],
    ]

    /// Registers `acme` and `ops` and fills their catalogs.
    public static func seed(_ store: any MarketplaceRepository & CatalogRepository) async throws {
        try await store.register(registration("acme"))
        try await store.register(registration("ops"))
        try await store.replace(marketplace: "acme", plugins: acme, removedPlugins: [], indexed: [], status: SyncStatus(state: .ok))
        try await store.replace(marketplace: "ops", plugins: ops, removedPlugins: [], indexed: [], status: SyncStatus(state: .ok))
    }

    /// A fresh store with the catalog seeded.
    static func seeded(_ make: StoreFactory) async throws -> any ContractStore {
        let store = try await make()
        try await seed(store)
        return store
    }
}
