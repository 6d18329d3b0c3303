import Foundation
import PlazaCatalog

/// One stored version of an MCP server: the accepted document and the state its response `_meta`
/// is rendered from. Stores return these; the HTTP layer renders them, so no store holds API JSON.
public struct StoredServerVersion: Sendable, Equatable {
    /// The store's identity of the row (keyset paging, render caches).
    public var id: Int64
    /// Bumped by every change of the row (status, governance, latest flag, visibility): a rendering
    /// of `(id, revision)` never goes stale, in this process or any other.
    public var revision: Int64
    public var name: String
    public var version: String
    /// The server.json as accepted (serialized with sorted keys), emitted verbatim.
    public var serverJSON: String
    public var status: ServerStatus
    public var statusMessage: String?
    public var statusChangedAt: Date
    public var publishedAt: Date
    public var updatedAt: Date
    public var isLatest: Bool
    public var governance: Governance
    public var source: RegistrySource
    /// Who may see the version; `teams` sorted.
    public var visibility: Visibility

    public init(id: Int64, revision: Int64, name: String, version: String, serverJSON: String, status: ServerStatus, statusMessage: String?,
                statusChangedAt: Date, publishedAt: Date, updatedAt: Date, isLatest: Bool, governance: Governance, source: RegistrySource,
                visibility: Visibility) {
        self.id = id
        self.revision = revision
        self.name = name
        self.version = version
        self.serverJSON = serverJSON
        self.status = status
        self.statusMessage = statusMessage
        self.statusChangedAt = statusChangedAt
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.isLatest = isLatest
        self.governance = governance
        self.source = source
        self.visibility = visibility
    }
}

/// Who may see a server and where it came from, whatever the caller may see (for write checks).
public struct ServerOwnership: Sendable, Equatable {
    public var visibility: Visibility
    public var source: RegistrySource

    public init(visibility: Visibility, source: RegistrySource) {
        self.visibility = visibility
        self.source = source
    }
}

/// A page of the registry list.
public struct RegistryPage: Sendable, Equatable {
    public var versions: [StoredServerVersion]
    /// Where the next page starts; nil on the last page.
    public var nextCursor: RegistryCursor?

    public init(versions: [StoredServerVersion], nextCursor: RegistryCursor?) {
        self.versions = versions
        self.nextCursor = nextCursor
    }
}

/// Errors of registry writes, mapped to status codes by the server.
public enum RegistryStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The version is already published; published versions are immutable, so publish a new one.
    case duplicate(String)
    /// No such server or version.
    case notFound(String)

    public var description: String {
        switch self {
        case .duplicate(let message), .notFound(let message): return message
        }
    }
}

/// Plaza's registry search filters.
public struct RegistryFilters: Sendable, Equatable {
    public var remote: Bool?
    public var package: Bool?
    public var transport: String?
    public var registryType: String?
    public var lifecycle: LifecycleStage?
    public var owner: String?
    public var source: RegistrySource.Kind?

    public init(remote: Bool? = nil, package: Bool? = nil, transport: String? = nil, registryType: String? = nil, lifecycle: LifecycleStage? = nil,
                owner: String? = nil, source: RegistrySource.Kind? = nil) {
        self.remote = remote
        self.package = package
        self.transport = transport
        self.registryType = registryType
        self.lifecycle = lifecycle
        self.owner = owner
        self.source = source
    }
}

/// Storage of the MCP registry's server versions.
public protocol RegistryRepository: Sendable {
    /// Adds a version (immutable once published), recomputes which version of the server is latest
    /// and appends `audit`, in one transaction. Throws ``RegistryStoreError/duplicate(_:)``.
    func publish(_ record: ServerVersionRecord, audit: AuditEvent?) async throws -> StoredServerVersion
    /// Adds many versions in one transaction, skipping versions already present; returns how many were added.
    func publishAll(_ records: [ServerVersionRecord]) async throws -> Int
    /// Sets the status of one version, or of every version when `version` is nil; returns the changed
    /// versions. Throws ``RegistryStoreError/notFound(_:)``.
    func setStatus(name: String, version: String?, status: ServerStatus, message: String?, at date: Date) async throws -> [StoredServerVersion]
    /// Replaces the governance of one version (checked by the caller). Throws ``RegistryStoreError/notFound(_:)``.
    func setGovernance(name: String, version: String, _ governance: Governance, at date: Date) async throws -> StoredServerVersion
    /// Marks every version of plugin-derived servers of `marketplace` not in `keep` as deleted (never removes them).
    func retirePluginServers(marketplace: String, keeping keep: Set<String>) async throws
    /// Gives every version of the servers a marketplace's plugins ship that marketplace's visibility.
    func setPluginServerVisibility(marketplace: String, _ visibility: Visibility) async throws
    /// The official list: keyset-paged by name, filtered as the query and the viewer require.
    func registryPage(_ query: RegistryQuery, viewer: RegistryViewer) async throws -> RegistryPage
    /// Every version of a server, newest publish first; nil when the viewer sees no such server.
    func serverVersions(name: String, includeDeleted: Bool, viewer: RegistryViewer) async throws -> [StoredServerVersion]?
    /// One version (or `latest`) of a server; nil when not found or not visible to the viewer.
    func serverVersion(name: String, version: String, includeDeleted: Bool, viewer: RegistryViewer) async throws -> StoredServerVersion?
    /// Who owns a server (its first version), ignoring visibility (for write checks); nil when no version exists.
    func serverOwnership(name: String) async throws -> ServerOwnership?
    /// Ranked full-text search over name, title, description, package identifiers, remote hosts and
    /// custom metadata, with Plaza's filters. Latest versions only; the exact name first.
    func searchServers(_ text: String, filters: RegistryFilters, viewer: RegistryViewer, limit: Int) async throws -> [StoredServerVersion]
}

extension RegistryRepository {
    /// Publishes without an audit record.
    @discardableResult
    public func publish(_ record: ServerVersionRecord) async throws -> StoredServerVersion {
        try await publish(record, audit: nil)
    }

    /// Sets a status now.
    @discardableResult
    public func setStatus(name: String, version: String?, status: ServerStatus, message: String?) async throws -> [StoredServerVersion] {
        try await setStatus(name: name, version: version, status: status, message: message, at: Date())
    }

    /// Replaces governance now.
    @discardableResult
    public func setGovernance(name: String, version: String, _ governance: Governance) async throws -> StoredServerVersion {
        try await setGovernance(name: name, version: version, governance, at: Date())
    }
}

/// The registry's settings: what administrators configure once for every publish.
public protocol RegistrySettingsRepository: Sendable {
    /// The governance rules; `GovernanceRules()` until saved.
    func governanceRules() async throws -> GovernanceRules
    func saveGovernanceRules(_ rules: GovernanceRules) async throws
    /// The custom metadata fields; empty until saved.
    func metadataFields() async throws -> [MetadataField]
    func saveMetadataFields(_ fields: [MetadataField]) async throws
}
