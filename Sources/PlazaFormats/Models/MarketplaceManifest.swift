/// A parsed `marketplace.json`.
public struct MarketplaceManifest: Sendable {
    public var name: String
    public var owner: Person?
    public var description: String?
    public var version: String?
    /// `metadata.pluginRoot`: prepended to relative sources that do not start with `./`.
    public var pluginRoot: String?
    public var forceRemoveDeletedPlugins: Bool = false
    public var allowCrossMarketplaceDependenciesOn: [String] = []
    /// Old plugin name -> new name, or nil when the plugin was removed.
    public var renames: [String: String?] = [:]
    /// Entries that parsed; invalid ones are reported and left out.
    public var plugins: [PluginEntry] = []
    /// Entries that were reported and skipped, by index in `plugins` (with their name when known).
    public var rejectedEntries: [RejectedEntry] = []

    public init(name: String) { self.name = name }
}

/// One plugin listed in a marketplace.
public struct PluginEntry: Sendable {
    public var metadata: PluginMetadata
    public var source: PluginSource
    /// False lets the marketplace entry define components without a plugin.json.
    public var strict: Bool = true
    public var components = ComponentPaths()
    /// Claude Code 2.1: a command the client runs on the user's machine to get headers for this
    /// plugin's archive. Shown for review; never run by Plaza.
    public var headersHelper: String?
    /// Index in the `plugins` array, for diagnostics.
    public var index: Int
    /// JSON pointer of the entry (`/plugins/3`).
    public var pointer: String
    /// Canonical JSON of the entry as written: equal fingerprints mean an unchanged entry.
    public var fingerprint: String = ""

    public var name: String { metadata.name }

    public init(metadata: PluginMetadata, source: PluginSource, index: Int, pointer: String) {
        self.metadata = metadata
        self.source = source
        self.index = index
        self.pointer = pointer
    }
}

/// A marketplace entry that could not be used; the diagnostics say why.
public struct RejectedEntry: Sendable, Hashable, Codable {
    public let index: Int
    public let name: String?
}
