import Foundation
import PlazaFormats

/// A marketplace registered with Plaza: where it lives and how to reach it.
///
/// The credential is a *reference* (`env:NAME`, `file:/path`), never a secret value: it is safe to
/// store and to show.
public struct MarketplaceRegistration: Codable, Sendable, Equatable {
    public var name: String
    /// Git URL: any host (GitHub, GitHub Enterprise, GitLab, Azure DevOps, plain git over HTTPS), or `file://`.
    public var url: String
    /// Branch, tag or commit to index; nil follows the remote's default branch.
    public var ref: String?
    /// Reference to the credential, e.g. `env:ACME_GIT_TOKEN`.
    public var credential: String?
    /// User name sent with the credential (GitHub: `x-access-token`).
    public var username: String?
    /// A GitHub App to sync as, instead of a token `credential`.
    public var githubApp: GitHubAppCredential?
    /// Secret reference to the webhook secret GitHub signs push deliveries with; nil refuses webhooks.
    public var webhookSecret: String?
    /// Seconds between automatic syncs; nil uses the server default, 0 disables polling.
    public var pollIntervalSeconds: Int?
    /// Who may see the marketplace and its catalog; nil: every signed-in caller, not anonymous ones.
    public var visibility: Visibility?
    public var createdAt: Date

    public init(name: String, url: String, ref: String? = nil, credential: String? = nil, username: String? = nil,
                githubApp: GitHubAppCredential? = nil, webhookSecret: String? = nil, pollIntervalSeconds: Int? = nil,
                visibility: Visibility? = nil, createdAt: Date = Date()) {
        self.visibility = visibility
        self.name = name
        self.url = url
        self.ref = ref
        self.credential = credential
        self.username = username
        self.githubApp = githubApp
        self.webhookSecret = webhookSecret
        self.pollIntervalSeconds = pollIntervalSeconds
        self.createdAt = createdAt
    }

    /// Why a registration is unacceptable, or nil.
    public func problem() -> String? {
        if let problem = NameRules.problem(withIdentifier: name) { return "marketplace name '\(name)' \(problem)" }
        if let problem = Identifier.problem(name, kind: "marketplace name") { return problem }
        if url.isEmpty { return "url is required" }
        let schemes = ["https://", "http://", "file://", "ssh://", "git@"]
        if !schemes.contains(where: url.hasPrefix) { return "url must be a git URL (https://, http://, file://, ssh:// or git@host:path)" }
        if url.hasPrefix("https://") || url.hasPrefix("http://"),
           url.split(separator: "/", maxSplits: 3).dropFirst(1).first?.contains("@") == true {
            return "url must not embed credentials; pass a credential reference instead"
        }
        if let credential, let problem = SecretReferenceSyntax.problem(credential) { return problem }
        if credential != nil && githubApp != nil { return "give either credential or githubApp, not both" }
        if let problem = githubApp?.problem() { return problem }
        if let webhookSecret, let problem = SecretReferenceSyntax.problem(webhookSecret) { return "webhookSecret: \(problem)" }
        if let poll = pollIntervalSeconds, poll != 0, poll < 30 { return "pollIntervalSeconds must be 0 (off) or at least 30" }
        if let teams = visibility?.teams, let problem = Visibility.problem(teams: teams) { return "visibility: \(problem)" }
        return nil
    }
}

extension MarketplaceRegistration {
    /// The marketplace's visibility, defaults filled in.
    public var access: Visibility { visibility ?? Visibility() }
}

/// Where a marketplace's sync stands.
public struct SyncStatus: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case never, syncing, ok
        /// The sync completed but left plugins out at a limit (more than 2,000 plugins); its
        /// diagnostics say how many and why. The catalog holds what was read.
        case partial
        case failed

        /// Whether the catalog holds the result of a completed sync (`ok` or `partial`).
        public var isIndexed: Bool { self == .ok || self == .partial }

        /// The state of a completed sync with these diagnostics: `partial` when plugins were skipped at a limit.
        public static func completed(_ diagnostics: [Diagnostic]) -> State {
            diagnostics.contains { SyncStatus.partialCodes.contains($0.code) } ? .partial : .ok
        }
    }

    /// Diagnostic codes that mean a sync read less than the whole marketplace.
    public static let partialCodes: Set<String> = ["limit.plugins"]

    public var state: State
    /// The commit the current catalog was indexed at.
    public var commit: String?
    public var ref: String?
    public var lastSyncAt: Date?
    public var lastDurationMilliseconds: Int?
    /// The part of the last sync spent fetching the mirror (the rest is parsing and indexing).
    public var lastFetchMilliseconds: Int?
    public var lastError: String?
    public var counts: EntryCounts
    public var errors: Int
    public var warnings: Int
    /// Plugins re-read in the last sync (0 for a no-change sync).
    public var pluginsReread: Int
    public var diagnostics: [Diagnostic]

    public init(state: State = .never, commit: String? = nil, ref: String? = nil, lastSyncAt: Date? = nil,
                lastDurationMilliseconds: Int? = nil, lastError: String? = nil, counts: EntryCounts = EntryCounts(),
                errors: Int = 0, warnings: Int = 0, pluginsReread: Int = 0, diagnostics: [Diagnostic] = []) {
        self.state = state
        self.commit = commit
        self.ref = ref
        self.lastSyncAt = lastSyncAt
        self.lastDurationMilliseconds = lastDurationMilliseconds
        self.lastError = lastError
        self.counts = counts
        self.errors = errors
        self.warnings = warnings
        self.pluginsReread = pluginsReread
        self.diagnostics = diagnostics
    }
}

/// Numbers of catalog entries by kind.
public struct EntryCounts: Codable, Sendable, Equatable {
    public var plugins = 0
    public var unavailablePlugins = 0
    public var skills = 0
    public var agents = 0
    public var commands = 0
    public var hooks = 0
    public var mcpServers = 0
    public var outputStyles = 0
    public var lspServers = 0
    public var monitors = 0
    public var channels = 0

    public init() {}

    /// Reads counts stored before a kind existed as zero.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func count(_ key: CodingKeys) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        plugins = try count(.plugins)
        unavailablePlugins = try count(.unavailablePlugins)
        skills = try count(.skills)
        agents = try count(.agents)
        commands = try count(.commands)
        hooks = try count(.hooks)
        mcpServers = try count(.mcpServers)
        outputStyles = try count(.outputStyles)
        lspServers = try count(.lspServers)
        monitors = try count(.monitors)
        channels = try count(.channels)
    }

    public init(_ entries: [CatalogEntry]) {
        for entry in entries {
            add(1, for: entry.kind)
            if entry.kind == .plugin, entry.status == .unavailable { unavailablePlugins += 1 }
        }
    }

    /// Adds `count` entries of `kind`.
    public mutating func add(_ count: Int, for kind: EntryKind) {
        switch kind {
        case .plugin: plugins += count
        case .skill: skills += count
        case .agent: agents += count
        case .command: commands += count
        case .hook: hooks += count
        case .mcpServer: mcpServers += count
        case .outputStyle: outputStyles += count
        case .lspServer: lspServers += count
        case .monitor: monitors += count
        case .channel: channels += count
        }
    }

    /// Every entry counted (plugins once, whatever their status).
    public var total: Int {
        plugins + skills + agents + commands + hooks + mcpServers + outputStyles + lspServers + monitors + channels
    }
}

/// A registered marketplace with its sync status.
public struct Marketplace: Codable, Sendable, Equatable {
    public var registration: MarketplaceRegistration
    public var status: SyncStatus

    public init(registration: MarketplaceRegistration, status: SyncStatus) {
        self.registration = registration
        self.status = status
    }
}
