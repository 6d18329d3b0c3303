/// Storage of marketplace registrations and their sync status.
///
/// The embedded SQLite store implements it; a PostgreSQL store can follow without touching the service.
public protocol MarketplaceRepository: Sendable {
    /// Adds a registration. Throws ``CatalogError/conflict(_:)`` when the name is taken.
    func register(_ registration: MarketplaceRegistration) async throws
    func marketplace(named name: String) async throws -> Marketplace?
    func marketplaces() async throws -> [Marketplace]
    /// Every marketplace's name and visibility, by name, without decoding sync statuses (which can
    /// hold many diagnostics): what access checks on hot routes need.
    func marketplaceVisibilities() async throws -> [(name: String, visibility: Visibility)]
    /// One marketplace's visibility; nil when there is no such marketplace.
    func marketplaceVisibility(named name: String) async throws -> Visibility?
    /// Throws ``CatalogError/notFound(_:)`` when there is no such marketplace.
    func updateStatus(_ name: String, _ update: @Sendable (inout SyncStatus) -> Void) async throws
    /// Changes a registration in place (e.g. its visibility) and returns the marketplace. Throws
    /// ``CatalogError/notFound(_:)`` when there is no such marketplace. Search results change with it.
    @discardableResult
    func updateRegistration(_ name: String, _ update: @Sendable (inout MarketplaceRegistration) -> Void) async throws -> Marketplace
    /// Removes the registration and its catalog entries.
    func remove(_ name: String) async throws
}

/// Storage of catalog entries, replaced atomically per marketplace.
public protocol CatalogRepository: Sendable {
    /// Replaces, in one transaction, the entries of `plugins` in `marketplace` (and drops plugins in
    /// `removedPlugins`), records the per-plugin sync state, and the marketplace's new status (its
    /// counts recomputed from the stored entries). Readers see either the old catalog or the new one,
    /// never a mix. Throws ``CatalogError/notFound(_:)``, writing nothing, for an unknown marketplace.
    func replace(marketplace: String, plugins: [String: [CatalogEntry]], removedPlugins: Set<String>,
                 indexed: [IndexedPlugin], status: SyncStatus) async throws
    func indexedPlugins(marketplace: String) async throws -> [IndexedPlugin]
    func search(_ query: SearchQuery) async throws -> SearchPage
    /// Entries of one plugin (the plugin entry and its components).
    func entries(marketplace: String, plugin: String) async throws -> [CatalogEntry]
    /// Entries of `kinds` in a marketplace, ordered by plugin, kind and name.
    func entries(marketplace: String, kinds: [EntryKind]) async throws -> [CatalogEntry]
    /// Entries of a kind and exact name (matched case-insensitively), optionally narrowed to a
    /// marketplace or plugin.
    func entries(kind: EntryKind, name: String, marketplace: String?, plugin: String?) async throws -> [CatalogEntry]
    /// The indexed body text of an entry (skill instructions, agent prompt); nil when there is no
    /// such entry. Stored
    /// entries come back with an empty `body`: the text is only indexed and read on demand.
    func body(of entry: CatalogEntry) async throws -> String?
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
