import Foundation
import PlazaCatalog
import PlazaFormats
import PlazaGit

/// A marketplace as the API shows it: registration (credential as its reference) and status.
struct MarketplaceView: Encodable {
    let name: String
    let url: String
    let ref: String?
    let credential: String?
    let username: String?
    /// App ID, installation, API base and the private key's *reference*.
    let githubApp: GitHubAppCredential?
    /// The webhook secret's *reference*.
    let webhookSecret: String?
    let pollIntervalSeconds: Int?
    /// Teams that may see the marketplace; empty: every signed-in caller.
    let teams: [String]
    /// Visible to anonymous callers (when the server allows anonymous reads).
    let `public`: Bool
    let createdAt: Date
    let status: StatusView

    init(_ marketplace: Marketplace, activity: (running: Bool, progress: TransferProgress?) = (false, nil), diagnostics: Bool = false) {
        let registration = marketplace.registration
        name = registration.name
        url = Redaction.redactingURLCredentials(in: registration.url)
        ref = registration.ref
        credential = registration.credential
        username = registration.username
        githubApp = registration.githubApp
        webhookSecret = registration.webhookSecret
        pollIntervalSeconds = registration.pollIntervalSeconds
        teams = registration.access.teams
        `public` = registration.access.isPublic
        createdAt = registration.createdAt
        status = StatusView(marketplace.status, activity: activity, diagnostics: diagnostics)
    }
}

/// Sync status; diagnostics only on the status route.
struct StatusView: Encodable {
    let state: String
    let commit: String?
    let ref: String?
    let lastSyncAt: Date?
    let lastDurationMilliseconds: Int?
    let lastFetchMilliseconds: Int?
    let lastError: String?
    let counts: EntryCounts
    let errors: Int
    let warnings: Int
    let pluginsReread: Int
    let running: Bool
    let progress: ProgressView?
    let diagnostics: [Diagnostic]?

    init(_ status: SyncStatus, activity: (running: Bool, progress: TransferProgress?), diagnostics: Bool) {
        state = activity.running ? SyncStatus.State.syncing.rawValue : status.state.rawValue
        commit = status.commit
        ref = status.ref
        lastSyncAt = status.lastSyncAt
        lastDurationMilliseconds = status.lastDurationMilliseconds
        lastFetchMilliseconds = status.lastFetchMilliseconds
        lastError = status.lastError
        counts = status.counts
        errors = status.errors
        warnings = status.warnings
        pluginsReread = status.pluginsReread
        running = activity.running
        progress = activity.progress.map(ProgressView.init)
        self.diagnostics = diagnostics ? status.diagnostics : nil
    }
}

struct ProgressView: Encodable {
    let receivedObjects: Int
    let totalObjects: Int
    let indexedDeltas: Int
    let totalDeltas: Int
    let receivedBytes: Int
    let fraction: Double

    init(_ progress: TransferProgress) {
        receivedObjects = progress.receivedObjects
        totalObjects = progress.totalObjects
        indexedDeltas = progress.indexedDeltas
        totalDeltas = progress.totalDeltas
        receivedBytes = progress.receivedBytes
        fraction = progress.fractionCompleted
    }
}

/// A catalog entry as the API shows it: enough to act on (where it is, at which commit, how to install).
struct EntryView: Encodable {
    let kind: String
    let name: String
    let description: String
    let marketplace: String
    let plugin: String
    let reference: String
    let commit: String
    let path: String
    let digest: String
    let version: String?
    let category: String?
    let tags: [String]
    let status: String
    let unavailableReason: String?
    let hasMCP: Bool
    let hasHooks: Bool
    /// Whether the plugin makes clients run programs on the user's machine; null when indexed before Plaza recorded it.
    let runsCommands: Bool?
    let install: String
    let details: [String: String]?
    let body: String?
    let score: Double?

    init(_ entry: CatalogEntry, score: Double? = nil, details: Bool = false, body: String? = nil) {
        kind = entry.kind.rawValue
        name = entry.name
        description = entry.description
        marketplace = entry.marketplace
        plugin = entry.plugin
        reference = entry.pluginReference
        commit = entry.commit
        path = entry.path
        digest = entry.digest
        version = entry.version
        category = entry.category
        tags = entry.tags
        status = entry.status.rawValue
        unavailableReason = entry.unavailableReason
        hasMCP = entry.hasMCP
        hasHooks = entry.hasHooks
        runsCommands = entry.runsCommands
        install = entry.installHint
        self.details = details ? entry.details : nil
        self.body = body
        self.score = score
    }
}

struct SearchView: Encodable {
    let query: String
    let total: Int
    let totalIsLowerBound: Bool
    let results: [EntryView]
    let facets: SearchFacets
    let nextCursor: String?
    let corrections: [String: String]
}
