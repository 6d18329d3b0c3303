import Foundation
import Logging
import Metrics
import PlazaCatalog
import PlazaGit
import PlazaIdentity
import PlazaSources
import PlazaOutbound

/// Keeps registered marketplaces mirrored and indexed.
///
/// One sync per marketplace at a time: a request while one runs joins it (coalescing). Each sync
/// stores its result in one transaction, so readers see the old catalog until the new one is complete.
public actor SyncEngine {
    public typealias Store = MarketplaceRepository & CatalogRepository & AuditRepository

    let store: any Store
    let mirrors: MirrorDirectory
    let logger: Logger
    let secrets: SecretResolver
    /// GitHub App installation tokens, cached across syncs of every marketplace.
    public let appTokens: GitHubAppTokens
    /// Which URLs may be fetched (https only unless the administrator allows more).
    public let outbound: OutboundPolicy
    /// Resolves fetch hosts, once per connection (tests inject one that answers differently each time).
    let resolver: any HostResolver
    private var inFlight: [String: Task<SyncStatus, Error>] = [:]
    private var progress: [String: TransferProgress] = [:]
    private var pollingTask: Task<Void, Never>?
    /// Syncs actually started (joined requests do not count); exported as a metric.
    public private(set) var syncsStarted = 0
    /// Runs after every sync that ends `ok` (e.g. to refresh the MCP registry's plugin servers).
    private var afterSync: (@Sendable (String, SyncStatus) async -> Void)?

    /// Sets the hook run after every successful sync.
    public func setAfterSync(_ hook: @escaping @Sendable (String, SyncStatus) async -> Void) {
        afterSync = hook
    }

    public init(store: any Store, mirrors: MirrorDirectory, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                keyVault: KeyVaultConfiguration = KeyVaultConfiguration(), outbound: OutboundPolicy = OutboundPolicy(),
                resolver: any HostResolver = SystemResolver(), afterSync: (@Sendable (String, SyncStatus) async -> Void)? = nil) {
        self.afterSync = afterSync
        self.store = store
        self.outbound = outbound
        self.resolver = resolver
        self.mirrors = mirrors
        self.logger = logger
        self.secrets = SecretResolver(environment: environment, keyVault: keyVault)
        self.appTokens = GitHubAppTokens(secrets: secrets, logger: logger)
    }

    /// The credential a sync of `registration` presents: a GitHub App installation token, or the
    /// token a secret reference resolves to. Resolved now, never stored.
    func credentialProvider(for registration: MarketplaceRegistration) async throws -> (any CredentialProvider)? {
        if let app = registration.githubApp {
            return TokenCredentialProvider(token: try await appTokens.token(for: app, repositoryURL: registration.url), username: "x-access-token")
        }
        if let reference = registration.credential {
            return TokenCredentialProvider(token: try await secrets.resolve(reference), username: registration.username ?? "x-access-token")
        }
        return nil
    }

    /// Syncs a marketplace now, or joins the sync already running for it. Returns the new status.
    ///
    /// - Parameter full: re-read every plugin (and retry unavailable external sources) even when
    ///   nothing changed upstream.
    @discardableResult
    ///   - actor: who asked, for the audit log (`plaza` for polling and start-up repair).
    public func sync(_ name: String, full: Bool = false, actor: String = "plaza") async throws -> SyncStatus {
        if let running = inFlight[name] { return try await running.value }
        syncsStarted += 1
        let task = Task { try await self.perform(name, full: full) }
        inFlight[name] = task
        defer { inFlight[name] = nil }
        let status = try await task.value
        if status.state.isIndexed, let afterSync { await afterSync(name, status) }
        try? await store.record(AuditEvent(
            actor: actor, action: "marketplace.sync", target: name, outcome: status.state.isIndexed ? status.state.rawValue : "failed",
            detail: status.state.isIndexed ? "commit \(status.commit?.prefix(12) ?? ""), \(status.pluginsReread) plugins re-read\(full ? " (full)" : "")"
                                        : status.lastError))
        return status
    }

    /// Whether a sync of `name` is running, and its transfer progress if a pack is downloading.
    public func activity(_ name: String) -> (running: Bool, progress: TransferProgress?) {
        (inFlight[name] != nil, progress[name])
    }

    private func perform(_ name: String, full: Bool) async throws -> SyncStatus {
        guard let marketplace = try await store.marketplace(named: name) else {
            throw CatalogError.notFound("no marketplace named '\(name)'")
        }
        let started = Date()
        let previous = marketplace.status
        try await store.updateStatus(name) { $0.state = .syncing }
        let registration = marketplace.registration
        let previousIndexed = try await store.indexedPlugins(marketplace: name)
        var outcome: IndexOutcome?
        for attempt in 0..<2 where outcome == nil {
            let credentials: (any CredentialProvider)?
            do {
                credentials = try await credentialProvider(for: registration)
            } catch {
                let what = registration.githubApp.map { "GitHub App \($0.appId)" } ?? "credential \(registration.credential ?? "")"
                return try await fail(name, previous: previous, started: started, message: "\(what): \(error)")
            }
            var indexer = MarketplaceIndexer(
                registration: registration, credentials: credentials, mirrors: mirrors,
                previousCommit: previous.state.isIndexed || previous.state == .failed ? previous.commit : nil,
                previousIndexed: previousIndexed, previousDiagnostics: previous.diagnostics,
                full: full, logger: logger)
            indexer.gate = OutboundGate(policy: outbound, resolver: resolver, logger: logger)
            let configured = indexer
            do {
                outcome = try await GitWork.run { [self] in
                    try configured.run { value in Task { await self.record(name, value) } }
                }
            } catch let error as GitError where error.code == .authentication && attempt == 0 && registration.githubApp != nil {
                // The installation token may have been revoked or expired early: mint a new one, once.
                await appTokens.invalidate(registration.githubApp!)
                logger.warning("git server rejected the installation token; minting a new one", metadata: ["marketplace": "\(name)"])
            } catch {
                let message = (error as? GitError)?.message ?? (error as? OutboundPolicy.Violation)?.description ?? "\(error)"
                return try await fail(name, previous: previous, started: started, message: message)
            }
        }
        guard let outcome else {
            return try await fail(name, previous: previous, started: started, message: "the git server rejected a freshly minted installation token for GitHub App \(registration.githubApp?.appId ?? ""); check that the installation has access to this repository with Contents: read")
        }
        progress[name] = nil
        let duration = Int(Date().timeIntervalSince(started) * 1000)
        Timer(label: "plaza_sync_duration_seconds", dimensions: [("marketplace", name)]).recordMilliseconds(duration)
        if let failure = outcome.manifestFailure {
            return try await fail(name, previous: previous, started: started, message: "manifest unreadable at \(outcome.commit.prefix(12)): \(failure)",
                                  diagnostics: outcome.diagnostics)
        }
        var status = previous
        status.state = .completed(outcome.unchanged ? previous.diagnostics : outcome.diagnostics)
        status.commit = outcome.commit
        status.ref = outcome.ref
        status.lastSyncAt = Date()
        status.lastDurationMilliseconds = duration
        status.lastFetchMilliseconds = outcome.fetchMilliseconds
        status.lastError = nil
        status.pluginsReread = outcome.reread.count
        if outcome.unchanged {
            let unchangedStatus = status
            try await store.updateStatus(name) { $0 = unchangedStatus }
            logger.info("sync: no change", metadata: ["marketplace": "\(name)", "commit": "\(outcome.commit.prefix(12))", "ms": "\(duration)"])
            return status
        }
        status.diagnostics = outcome.diagnostics
        status.errors = outcome.diagnostics.filter { $0.severity == .error }.count
        status.warnings = outcome.diagnostics.filter { $0.severity == .warning }.count
        status.lastDurationMilliseconds = Int(Date().timeIntervalSince(started) * 1000)  // includes the store write
        try await store.replace(marketplace: name, plugins: outcome.plugins, removedPlugins: outcome.removed,
                                indexed: outcome.indexed, status: status)
        Counter(label: "plaza_syncs_total", dimensions: [("marketplace", name), ("outcome", "ok")]).increment()
        logger.info("sync: indexed", metadata: ["marketplace": "\(name)", "commit": "\(outcome.commit.prefix(12))",
                                                "reread": "\(outcome.reread.count)", "removed": "\(outcome.removed.count)", "ms": "\(duration)"])
        return try await store.marketplace(named: name)?.status ?? status
    }

    private func record(_ name: String, _ value: TransferProgress) {
        progress[name] = value
    }

    private func fail(_ name: String, previous: SyncStatus, started: Date, message: String, diagnostics: [PlazaFormats.Diagnostic]? = nil) async throws -> SyncStatus {
        progress[name] = nil
        let safe = Redaction.redactingURLCredentials(in: message)
        logger.error("sync failed", metadata: ["marketplace": "\(name)", "error": "\(safe)"])
        Counter(label: "plaza_syncs_total", dimensions: [("marketplace", name), ("outcome", "failed")]).increment()
        var status = previous
        status.state = .failed
        status.lastError = safe
        status.lastSyncAt = Date()
        status.lastDurationMilliseconds = Int(Date().timeIntervalSince(started) * 1000)
        if let diagnostics { status.diagnostics = diagnostics }
        let failed = status
        try await store.updateStatus(name) { $0 = failed }
        return status
    }

    /// Marks syncs interrupted by a crash as failed; the next sync repairs them.
    public func recoverInterrupted() async throws -> [String] {
        var names: [String] = []
        for marketplace in try await store.marketplaces() where marketplace.status.state == .syncing {
            try await store.updateStatus(marketplace.registration.name) {
                $0.state = .failed
                $0.lastError = "the previous sync was interrupted; the catalog from the last good sync is served"
            }
            names.append(marketplace.registration.name)
        }
        return names
    }

    /// Polls: every `tick`, syncs each marketplace whose interval has passed since its last sync.
    public func startPolling(defaultInterval: Int, tick: Duration = .seconds(5)) {
        pollingTask?.cancel()
        pollingTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                await self?.pollOnce(defaultInterval: defaultInterval)
            }
        }
    }

    public func stopPolling() {
        pollingTask?.cancel()
        pollingTask = nil
    }

    private func pollOnce(defaultInterval: Int) async {
        guard let marketplaces = try? await store.marketplaces() else { return }
        for marketplace in marketplaces {
            let interval = marketplace.registration.pollIntervalSeconds ?? defaultInterval
            guard interval > 0, inFlight[marketplace.registration.name] == nil else { continue }
            let last = marketplace.status.lastSyncAt ?? .distantPast
            if Date().timeIntervalSince(last) >= Double(interval) {
                let name = marketplace.registration.name
                Task { try? await self.sync(name) }
            }
        }
    }
}

import PlazaFormats
