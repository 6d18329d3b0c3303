/// Storage of marketplace registrations and their sync status.
///
/// The embedded SQLite store implements it; a PostgreSQL store can follow without touching the service.
public protocol MarketplaceRepository: Sendable {
    /// Adds a registration. Throws ``CatalogError/conflict(_:)`` when the name is taken.
    func register(_ registration: MarketplaceRegistration) async throws
    func marketplace(named name: String) async throws -> Marketplace?
    func marketplaces() async throws -> [Marketplace]
    func updateStatus(_ name: String, _ update: @Sendable (inout SyncStatus) -> Void) async throws
    /// Removes the registration and its catalog entries.
    func remove(_ name: String) async throws
}

/// Storage of catalog entries, replaced atomically per marketplace.
public protocol CatalogRepository: Sendable {
    /// Replaces, in one transaction, the entries of `plugins` in `marketplace` (and drops plugins in
    /// `removedPlugins`), records the per-plugin sync state, and the marketplace's new status.
    /// Readers see either the old catalog or the new one, never a mix.
    func replace(marketplace: String, plugins: [String: [CatalogEntry]], removedPlugins: Set<String>,
                 indexed: [IndexedPlugin], status: SyncStatus) async throws
    func indexedPlugins(marketplace: String) async throws -> [IndexedPlugin]
    func search(_ query: SearchQuery) async throws -> SearchPage
    /// Entries of one plugin (the plugin entry and its components).
    func entries(marketplace: String, plugin: String) async throws -> [CatalogEntry]
    /// Entries of a kind and exact name, optionally narrowed to a marketplace or plugin.
    func entries(kind: EntryKind, name: String, marketplace: String?, plugin: String?) async throws -> [CatalogEntry]
    func count() async throws -> Int
}

/// Errors of the catalog that callers map to API responses.
public enum CatalogError: Error, Sendable, Equatable {
    /// The named thing does not exist.
    case notFound(String)
    /// The name is already taken.
    case conflict(String)
    /// The request is malformed; the message says how to fix it.
    case invalid(String)
}
